using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CoachConsole.Web.Data;

/// <summary>
/// One asynchronous save at a time per SQLite database in this process. SQLite takes one writer at
/// a time and makes the others wait by blocking their threads; waiting here instead, without a
/// thread, keeps a busy instance's thread pool free. The gate is taken when a save starts (after
/// its changes are detected) and let go when it ends however it ends: saved, failed, cancelled or
/// refused for a concurrent change. What a save holds is kept on its context (a pooled context
/// keeps its database, so its writer is found once): nothing is left for the finalizer per save.
/// </summary>
public sealed class SqliteWriteGate : SaveChangesInterceptor
{
    public static readonly SqliteWriteGate Instance = new();

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Writers = new(StringComparer.Ordinal);

    private SqliteWriteGate()
    {
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is not CoachDbContext context || !context.Database.IsSqlite())
        {
            return result;
        }

        // The save detects changes only after this call, outside its own error handling: detected
        // now, a change that cannot be saved fails before the gate is taken, never while holding it.
        if (context.ChangeTracker.AutoDetectChangesEnabled)
        {
            context.ChangeTracker.DetectChanges();
        }

        // A pooled context keeps its database: its writer is looked up once, not on every save.
        var writer = context.SqliteWriter ??= WriterFor(context.Database.GetConnectionString() ?? "");
        await writer.WaitAsync(cancellationToken);
        var held = new Held(context, writer);

        // A refused concurrent change ends the save through the context's event only.
        context.SaveChangesFailed += held.OnFailed;
        context.SqliteWriteHeld = held;
        return result;
    }

    /// <summary>The one writer of a database, for a write made without a context.</summary>
    internal static SemaphoreSlim WriterFor(string connectionString) => Writers.GetOrAdd(connectionString, _ => new SemaphoreSlim(1, 1));

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Release(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Release(DbContext? context) => (context as CoachDbContext)?.SqliteWriteHeld?.Release();

    /// <summary>The writer one save holds, let go once however the save ends.</summary>
    internal sealed class Held(CoachDbContext context, SemaphoreSlim writer)
    {
        private int _released;

        public void OnFailed(object? sender, SaveChangesFailedEventArgs e) => Release();

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1)
            {
                return;
            }

            context.SaveChangesFailed -= OnFailed;
            if (context.SqliteWriteHeld == this)
            {
                context.SqliteWriteHeld = null;
            }

            writer.Release();
        }
    }
}
