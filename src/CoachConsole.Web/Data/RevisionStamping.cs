using CoachConsole.Core.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CoachConsole.Web.Data;

/// <summary>
/// Every changed conversation is saved as its next revision, and only over the revision it was
/// read at: a conversation changed elsewhere meanwhile fails the save instead of losing that change.
/// Also keeps <see cref="CoachDbContext.EndedAtTicks"/> equal to the conversation's end.
/// </summary>
public sealed class RevisionStamping : SaveChangesInterceptor
{
    public static readonly RevisionStamping Instance = new();

    private RevisionStamping()
    {
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Stamp(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries<Conversation>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                var ended = entry.Property<long?>(CoachDbContext.EndedAtTicks);
                var ticks = entry.Entity.EndedAt?.UtcTicks;
                if (ended.CurrentValue != ticks)
                {
                    ended.CurrentValue = ticks;
                }
            }

            if (entry.State == EntityState.Modified)
            {
                var revision = entry.Property(c => c.Revision);
                revision.CurrentValue = revision.OriginalValue + 1;
            }
        }
    }
}
