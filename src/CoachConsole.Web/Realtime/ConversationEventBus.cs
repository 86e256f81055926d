using CoachConsole.Core.Conversations;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;

namespace CoachConsole.Web.Realtime;

/// <summary>What happened to a conversation in one processing step.</summary>
public enum UpdateKind
{
    Started,
    TurnAdded,
    StageChanged,
    Ended,

    /// <summary>A voice utterance still being spoken; replaced by the final turn with the same id.</summary>
    Partial,

    /// <summary>A lead whispered, pushed a phrase, joined or took over.</summary>
    LeadAction,

    /// <summary>The agent marked a card used without a turn ("said it" on a call).</summary>
    CardUsed,
}

/// <summary>
/// The one event that goes out after a conversation changes, in the product's own types: its new
/// state, the stored turn that caused it (if any, with its signals as <see cref="Core.Signals.SignalKind"/>
/// flags), the stage moves with their <see cref="Trigger"/>, whether the cards changed, and when
/// its next time-based trigger could fire. The API's wire shapes are made from it only where it
/// leaves the process: the hub and the relay. <see cref="Remote"/> marks an update made on another
/// instance and relayed here.
/// </summary>
public sealed record ConversationUpdate(
    UpdateKind Kind,
    ConversationView Conversation,
    Turn? Turn,
    IReadOnlyList<StageTransition> StageChanges,
    bool SuggestionsChanged,
    DateTimeOffset? TimerDue = null,
    PartialView? Partial = null,
    LeadNote? Note = null)
{
    /// <summary>Made on another instance and relayed to this one; false for updates made here.</summary>
    public bool Remote { get; init; }
}

/// <summary>
/// In-process fan-out of conversation updates to the components, the hub, the live registry and
/// the alert service. A subscriber names what it follows: one conversation, the conversations of
/// some teams or of one agent, or all of them. Updates of one conversation reach every subscriber
/// in the order they were queued; the conversation service queues them under the conversation's
/// gate (<see cref="Enqueue"/>) and delivers them once it has released it (<see cref="Flush"/>),
/// so a subscriber never runs inside the gate. A subscriber's exception goes to its own error
/// route (or the log) and never stops the others.
/// </summary>
public sealed class ConversationEventBus(ILogger<ConversationEventBus> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Lane> _lanes = [];
    private readonly Dictionary<Guid, Subscriber[]> _byConversation = [];
    private readonly Dictionary<string, Subscriber[]> _byTeam = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Subscriber[]> _byAgent = new(StringComparer.Ordinal);
    private Subscriber[] _all = [];

    /// <summary>Every update of every conversation (the hub, the relay, the live registry, the alerts).</summary>
    public IDisposable SubscribeAll(Action<ConversationUpdate> handler, Action<Exception>? onError = null)
    {
        var subscriber = new Subscriber(handler, onError);
        lock (_gate)
        {
            _all = [.. _all, subscriber];
        }

        return new Subscription(() =>
        {
            lock (_gate)
            {
                _all = _all.Where(s => s != subscriber).ToArray();
            }
        });
    }

    /// <summary>The updates of one conversation.</summary>
    public IDisposable SubscribeConversation(Guid conversationId, Action<ConversationUpdate> handler, Action<Exception>? onError = null) =>
        Add(_byConversation, [conversationId], new Subscriber(handler, onError));

    /// <summary>The updates of the conversations of these teams.</summary>
    public IDisposable SubscribeTeams(IEnumerable<string> teamIds, Action<ConversationUpdate> handler, Action<Exception>? onError = null) =>
        Add(_byTeam, teamIds.Distinct(StringComparer.Ordinal).ToList(), new Subscriber(handler, onError));

    /// <summary>The updates of the conversations of one agent.</summary>
    public IDisposable SubscribeAgent(string agentId, Action<ConversationUpdate> handler, Action<Exception>? onError = null) =>
        Add(_byAgent, [agentId], new Subscriber(handler, onError));

    /// <summary>Queues an update and delivers what its conversation has queued.</summary>
    public void Publish(ConversationUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        Enqueue(update);
        Flush(update.Conversation.Id);
    }

    /// <summary>
    /// Queues an update without delivering it: called under the conversation's gate, so its
    /// updates queue in the order they were made. <see cref="Flush"/> delivers them.
    /// </summary>
    public void Enqueue(ConversationUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_gate)
        {
            var id = update.Conversation.Id;
            if (!_lanes.TryGetValue(id, out var lane))
            {
                _lanes[id] = lane = new Lane();
            }

            lane.Pending.Enqueue(update);
        }
    }

    /// <summary>
    /// Delivers what a conversation has queued, in order, on this thread; when another thread is
    /// delivering that conversation's updates already, it delivers these too, after its own.
    /// </summary>
    public void Flush(Guid conversationId)
    {
        lock (_gate)
        {
            if (!_lanes.TryGetValue(conversationId, out var lane) || lane.Delivering)
            {
                return;
            }

            lane.Delivering = true;
        }

        while (true)
        {
            ConversationUpdate next;
            Subscriber[] subscribers;
            lock (_gate)
            {
                var lane = _lanes[conversationId];
                if (lane.Pending.Count == 0)
                {
                    _lanes.Remove(conversationId);
                    return;
                }

                next = lane.Pending.Dequeue();
                subscribers = SubscribersOf(next.Conversation);
            }

            foreach (var subscriber in subscribers)
            {
                Deliver(subscriber, next);
            }
        }
    }

    private Subscriber[] SubscribersOf(ConversationView c)
    {
        var all = _all;
        var one = _byConversation.GetValueOrDefault(c.Id) ?? [];
        var team = _byTeam.GetValueOrDefault(c.TeamId) ?? [];
        var agent = _byAgent.GetValueOrDefault(c.AgentId) ?? [];
        return one.Length + team.Length + agent.Length == 0 ? all : [.. all, .. one, .. team, .. agent];
    }

    private void Deliver(Subscriber subscriber, ConversationUpdate update)
    {
        try
        {
            subscriber.Handler(update);
        }
        catch (Exception ex)
        {
            if (subscriber.OnError is null)
            {
                logger.LogError(ex, "A subscriber to the updates of conversation {ConversationId} failed", update.Conversation.Id);
                return;
            }

            try
            {
                subscriber.OnError(ex);
            }
            catch (Exception routing)
            {
                logger.LogError(new AggregateException(ex, routing), "A subscriber to the updates of conversation {ConversationId} failed, and so did its error route", update.Conversation.Id);
            }
        }
    }

    private Subscription Add<TKey>(Dictionary<TKey, Subscriber[]> index, IReadOnlyList<TKey> keys, Subscriber subscriber)
        where TKey : notnull
    {
        lock (_gate)
        {
            foreach (var key in keys)
            {
                index[key] = [.. index.GetValueOrDefault(key) ?? [], subscriber];
            }
        }

        return new Subscription(() =>
        {
            lock (_gate)
            {
                foreach (var key in keys)
                {
                    var left = (index.GetValueOrDefault(key) ?? []).Where(s => s != subscriber).ToArray();
                    if (left.Length == 0)
                    {
                        index.Remove(key);
                    }
                    else
                    {
                        index[key] = left;
                    }
                }
            }
        });
    }

    /// <summary>One subscription's handler and error route; each is its own, even with the same handler.</summary>
    private sealed class Subscriber(Action<ConversationUpdate> handler, Action<Exception>? onError)
    {
        public Action<ConversationUpdate> Handler { get; } = handler ?? throw new ArgumentNullException(nameof(handler));

        public Action<Exception>? OnError { get; } = onError;
    }

    /// <summary>The updates of one conversation waiting to be delivered, and whether a thread is delivering them.</summary>
    private sealed class Lane
    {
        public Queue<ConversationUpdate> Pending { get; } = new();

        public bool Delivering { get; set; }
    }

    private sealed class Subscription(Action remove) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                remove();
            }
        }
    }
}
