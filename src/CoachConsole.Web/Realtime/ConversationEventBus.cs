using CoachConsole.Web.Conversations;

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
/// The one event that goes out after a conversation changes: its new state, the turn that caused
/// it (if any), the stage moves, whether the cards changed, and when its next time-based trigger
/// could fire.
/// </summary>
public sealed record ConversationUpdate(
    UpdateKind Kind,
    ConversationView Conversation,
    TurnView? Turn,
    IReadOnlyList<StageChangeView> StageChanges,
    bool SuggestionsChanged,
    DateTimeOffset? TimerDue = null,
    PartialView? Partial = null,
    LeadNoteView? Note = null);

/// <summary>
/// In-process fan-out of conversation updates to the components and the hub. Handlers run on
/// the publisher's thread and must return quickly (components marshal with InvokeAsync).
/// </summary>
public sealed class ConversationEventBus(ILogger<ConversationEventBus> logger)
{
    private readonly Lock _gate = new();
    private Action<ConversationUpdate>[] _handlers = [];

    public IDisposable Subscribe(Action<ConversationUpdate> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            _handlers = [.. _handlers, handler];
        }

        return new Subscription(this, handler);
    }

    public void Publish(ConversationUpdate update)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                handler(update);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A subscriber failed on an update of conversation {ConversationId}", update.Conversation.Id);
            }
        }
    }

    private void Unsubscribe(Action<ConversationUpdate> handler)
    {
        lock (_gate)
        {
            _handlers = _handlers.Where(h => h != handler).ToArray();
        }
    }

    private sealed class Subscription(ConversationEventBus bus, Action<ConversationUpdate> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                bus.Unsubscribe(handler);
            }
        }
    }
}
