namespace CoachConsole.Web.Conversations;

/// <summary>
/// One gate per conversation: its turns are processed strictly one after another, while
/// different conversations run in parallel. Gates are dropped when nobody holds or waits.
/// </summary>
public sealed class ConversationLocks
{
    private readonly Dictionary<Guid, Entry> _entries = [];
    private readonly Lock _gate = new();

    public async Task<IDisposable> AcquireAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(conversationId, out entry!))
            {
                entry = new Entry();
                _entries[conversationId] = entry;
            }

            entry.Users++;
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Release(conversationId, entry, held: false);
            throw;
        }

        return new Holder(this, conversationId, entry);
    }

    private void Release(Guid conversationId, Entry entry, bool held)
    {
        if (held)
        {
            entry.Semaphore.Release();
        }

        lock (_gate)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(conversationId);
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Holder(ConversationLocks owner, Guid id, Entry entry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(id, entry, held: true);
            }
        }
    }
}
