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
    /// <summary>How long an ended conversation is remembered, so an older copy relayed late does not bring it back.</summary>
    public static readonly TimeSpan RememberEndedFor = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<Guid, Entry> _live = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _ended = new();
    private readonly IDisposable _subscription;
    private readonly TimeSpan _takeOverAfter;

    public LiveConversations(ConversationEventBus events, TimerTakeOver? takeOver = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        _takeOverAfter = (takeOver ?? TimerTakeOver.Default).After;
        _subscription = events.SubscribeAll(Apply);
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
            if (!_ended.ContainsKey(conversation.Id))
            {
                _live.TryAdd(conversation.Id, new Entry(conversation, due));
            }
        }
    }

    /// <summary>Conversations whose time-based triggers are due at <paramref name="now"/>.</summary>
    public IReadOnlyList<Guid> DueAt(DateTimeOffset now) =>
        _live.Values.Where(e => e.TimerDue <= now).Select(e => e.Conversation.Id).ToList();

    /// <summary>Forgets conversations that ended more than <see cref="RememberEndedFor"/> before <paramref name="now"/>.</summary>
    public void ForgetEndedBefore(DateTimeOffset now)
    {
        foreach (var (id, endedAt) in _ended)
        {
            if (endedAt < now - RememberEndedFor)
            {
                _ended.TryRemove(id, out _);
            }
        }
    }

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
        if (c.EndedAt is { } endedAt)
        {
            _ended[c.Id] = endedAt;
            _live.TryRemove(c.Id, out _);
            return;
        }

        if (_ended.ContainsKey(c.Id))
        {
            return;
        }

        _live.AddOrUpdate(
            c.Id,
            _ => new Entry(c, due),
            (_, old) => c.IsAtLeastAsNewAs(old.Conversation) ? new Entry(c, due) : old);

        // The ending may have been taken on another thread between the look and the add.
        if (_ended.ContainsKey(c.Id))
        {
            _live.TryRemove(c.Id, out _);
        }
    }

    public void Dispose() => _subscription.Dispose();
}

/// <summary>How long past their time another instance's timers wait before this instance fires them.</summary>
public sealed record TimerTakeOver(TimeSpan After)
{
    public static readonly TimerTakeOver Default = new(TimeSpan.FromSeconds(15));
}
