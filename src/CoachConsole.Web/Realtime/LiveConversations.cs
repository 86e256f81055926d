using System.Collections.Concurrent;
using CoachConsole.Web.Conversations;

namespace CoachConsole.Web.Realtime;

/// <summary>
/// The live conversations of this instance as the last update left them, kept from the event
/// bus: what the timer and the live views read instead of querying the database. With several
/// instances it holds theirs too, relayed; the time-based triggers of a conversation are left to
/// the instance that made its last update, and taken over when that instance has not fired them
/// <see cref="TimerTakeOver.After"/> past their time (it stopped, or lost its connection).
/// </summary>
public sealed class LiveConversations : IDisposable
{
    private readonly ConcurrentDictionary<Guid, Entry> _live = new();
    private readonly IDisposable _subscription;
    private readonly TimeSpan _takeOverAfter;

    public LiveConversations(ConversationEventBus events, TimerTakeOver? takeOver = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        _takeOverAfter = (takeOver ?? TimerTakeOver.Default).After;
        _subscription = events.Subscribe(Apply);
    }

    public sealed record Entry(ConversationView Conversation, DateTimeOffset? TimerDue);

    public int Count => _live.Count;

    public IEnumerable<Entry> All => _live.Values;

    /// <summary>Adds what storage knows, without overwriting anything newer from the bus.</summary>
    public void Load(IEnumerable<(ConversationView Conversation, DateTimeOffset? TimerDue)> live)
    {
        ArgumentNullException.ThrowIfNull(live);
        foreach (var (conversation, due) in live)
        {
            _live.TryAdd(conversation.Id, new Entry(conversation, due));
        }
    }

    /// <summary>Conversations whose time-based triggers are due at <paramref name="now"/>.</summary>
    public IReadOnlyList<Guid> DueAt(DateTimeOffset now) =>
        _live.Values.Where(e => e.TimerDue <= now).Select(e => e.Conversation.Id).ToList();

    /// <summary>Clears a timer that came due but had nothing to fire, so it is not tried every tick.</summary>
    public void TimerHandled(Guid id, DateTimeOffset now)
    {
        if (_live.TryGetValue(id, out var entry) && entry.TimerDue <= now)
        {
            _live.TryUpdate(id, entry with { TimerDue = null }, entry);
        }
    }

    private void Apply(ConversationUpdate update)
    {
        var c = update.Conversation;
        // Firing twice is harmless (the trigger no longer holds when the conversation is read again), never firing is not.
        var due = update.Remote ? update.TimerDue + _takeOverAfter : update.TimerDue;
        if (c.IsEnded)
        {
            _live.TryRemove(c.Id, out _);
            return;
        }

        _live.AddOrUpdate(
            c.Id,
            _ => new Entry(c, due),
            (_, old) => c.IsAtLeastAsNewAs(old.Conversation) ? new Entry(c, due) : old);
    }

    public void Dispose() => _subscription.Dispose();
}

/// <summary>How long past their time another instance's timers wait before this instance fires them.</summary>
public sealed record TimerTakeOver(TimeSpan After)
{
    public static readonly TimerTakeOver Default = new(TimeSpan.FromSeconds(15));
}
