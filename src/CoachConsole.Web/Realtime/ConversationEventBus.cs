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
/// could fire. <see cref="Remote"/> marks an update made on another instance and relayed here.
/// </summary>
public sealed record ConversationUpdate(
    UpdateKind Kind,
    ConversationView Conversation,
    TurnView? Turn,
    IReadOnlyList<StageChangeView> StageChanges,
    bool SuggestionsChanged,
    DateTimeOffset? TimerDue = null,
    PartialView? Partial = null,
    LeadNoteView? Note = null)
{
    /// <summary>Made on another instance and relayed to this one; false for updates made here.</summary>
    public bool Remote { get; init; }
}

/// <summary>
/// In-process fan-out of conversation updates to the components, the hub, the live registry and
/// the alert service.
/// </summary>
public sealed class ConversationEventBus(ILogger<ConversationEventBus> logger) : Broadcast<ConversationUpdate>(logger);
