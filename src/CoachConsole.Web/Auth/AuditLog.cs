using CoachConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Auth;

/// <summary>The actions an admin can review, by name.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string LockedOut = "locked-out";
    public const string SignOut = "sign-out";
    public const string KeyCreated = "key-created";
    public const string KeyRevoked = "key-revoked";
    public const string UserCreated = "user-created";
    public const string UserChanged = "user-changed";
    public const string TeamCreated = "team-created";
    public const string FirstAdminCreated = "first-admin-created";
    public const string Whisper = "lead-whisper";
    public const string Join = "lead-join";
    public const string TakeOver = "lead-take-over";
    public const string LeadReply = "lead-reply";
    public const string LeadEnd = "lead-end";
    public const string LibraryPublished = "library-published";
    public const string AlertRulesChanged = "alert-rules-changed";
    public const string BreakSuggested = "break-suggested";
    public const string ReviewComment = "review-comment";
    public const string ExampleShared = "example-shared";
    public const string ExampleRemoved = "example-removed";
    public const string FollowUpDone = "follow-up-done";

    /// <summary>Every action, in the order the admin's filter lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        SignIn, SignInFailed, LockedOut, SignOut, FirstAdminCreated, KeyCreated, KeyRevoked, UserCreated, UserChanged, TeamCreated,
        Whisper, Join, TakeOver, BreakSuggested, AlertRulesChanged, LibraryPublished, ReviewComment, ExampleShared, ExampleRemoved, FollowUpDone,
    ];
}

/// <summary>Writes and reads the audit log. Never records secrets or message texts.</summary>
public sealed class AuditLog(IDbContextFactory<CoachDbContext> dbFactory, TimeProvider clock)
{
    public async Task WriteAsync(string actor, string action, string? target = null, string? detail = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Audit.Add(new AuditEntry { At = clock.GetUtcNow(), Actor = Truncate(actor, 256)!, Action = action, Target = Truncate(target, 256), Detail = Truncate(detail, 1000) });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The newest entries first, optionally only one action.</summary>
    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(int count, string? action = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Audit.AsNoTracking();
        if (!string.IsNullOrEmpty(action))
        {
            query = query.Where(a => a.Action == action);
        }

        return await query.OrderByDescending(a => a.Id).Take(count).ToListAsync(cancellationToken);
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
