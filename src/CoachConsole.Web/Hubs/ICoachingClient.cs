using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Conversations;

namespace CoachConsole.Web.Hubs;

/// <summary>
/// What the coaching hub sends its clients. The method names are the event names clients listen
/// for (<c>TurnAdded</c>, <c>StageChanged</c>, ...); the payloads are the API's wire shapes. A
/// trailing <see cref="CancellationToken"/> is not sent: it cancels the sending.
/// </summary>
public interface ICoachingClient
{
    Task ConversationStarted(ConversationView conversation, CancellationToken cancellationToken = default);

    Task TurnAdded(TurnAddedEvent added, CancellationToken cancellationToken = default);

    Task StageChanged(StageChangedEvent changed, CancellationToken cancellationToken = default);

    Task SuggestionsUpdated(SuggestionsUpdatedEvent updated, CancellationToken cancellationToken = default);

    Task ConversationEnded(ConversationView conversation, CancellationToken cancellationToken = default);
}

/// <summary>A turn of a conversation the client follows, with the revision it made.</summary>
public sealed record TurnAddedEvent(Guid ConversationId, int Revision, TurnView Turn);

/// <summary>A stage move with the conversation's temperature after it.</summary>
public sealed record StageChangedEvent(Guid ConversationId, int Revision, Stage From, Stage To, string Trigger, string Reason, DateTimeOffset At, double Heat, Mood Mood, int BoundaryStep);

/// <summary>The cards now shown for a conversation.</summary>
public sealed record SuggestionsUpdatedEvent(Guid ConversationId, int Revision, Stage Stage, IReadOnlyList<SuggestionView> Suggestions);
