namespace CoachConsole.Web.Realtime;

/// <summary>
/// In-process fan-out of one kind of message. Handlers run on the publisher's thread and must
/// return quickly (components marshal with InvokeAsync); one failing handler never stops the rest.
/// </summary>
public class Broadcast<T>(ILogger logger)
{
    private readonly Lock _gate = new();
    private Action<T>[] _handlers = [];

    public IDisposable Subscribe(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            _handlers = [.. _handlers, handler];
        }

        return new Subscription(this, handler);
    }

    public void Publish(T message)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                handler(message);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A subscriber to {Message} failed", typeof(T).Name);
            }
        }
    }

    private void Unsubscribe(Action<T> handler)
    {
        lock (_gate)
        {
            _handlers = _handlers.Where(h => h != handler).ToArray();
        }
    }

    private sealed class Subscription(Broadcast<T> owner, Action<T> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(handler);
            }
        }
    }
}
