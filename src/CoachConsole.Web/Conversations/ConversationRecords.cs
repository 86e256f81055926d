using CoachConsole.Core.Conversations;

namespace CoachConsole.Web.Data;

/// <summary>One move of a conversation's stage, kept for the stage path, the lead's timeline and review.</summary>
public sealed class StageChangeRecord
{
    public long Id { get; set; }

    public Guid ConversationId { get; set; }

    public Stage From { get; set; }

    public Stage To { get; set; }

    public required string Trigger { get; set; }

    public required string Reason { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>What an agent did with a card.</summary>
public enum CardAction
{
    /// <summary>The card appeared on the agent's screen.</summary>
    Shown,
    Used,
    Helpful,
    WrongStage,
    WrongTone,
}

/// <summary>A card used or rated by an agent: the raw material of the trainer's effectiveness figures.</summary>
public sealed class CardEvent
{
    public long Id { get; set; }

    public Guid ConversationId { get; set; }

    public required string PhraseId { get; set; }

    public int PhraseVersion { get; set; }

    public CardAction Action { get; set; }

    public Stage Stage { get; set; }

    /// <summary>The turn count when it happened, to line it up with the customer's next turns.</summary>
    public int AtTurn { get; set; }

    public required string AgentId { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>What a lead did in a conversation.</summary>
public enum LeadNoteKind
{
    Whisper,
    Phrase,
    Joined,
    TookOver,

    /// <summary>The lead who took over ended the conversation.</summary>
    Ended,
}

/// <summary>A lead's whisper, pushed phrase, join or take-over, shown in the agent's coach panel.</summary>
public sealed class LeadNote
{
    public long Id { get; set; }

    public Guid ConversationId { get; set; }

    public LeadNoteKind Kind { get; set; }

    public required string LeadId { get; set; }

    public required string LeadName { get; set; }

    public string? Text { get; set; }

    public string? PhraseId { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>How a conversation ended, from the agent's wrap-up.</summary>
public enum Outcome
{
    Resolved,
    Escalated,
    FollowUpNeeded,
    EndedForAbuse,
}

/// <summary>The agent's wrap-up of an ended conversation, with the follow-up agreed, if any.</summary>
public sealed class WrapUp
{
    public Guid ConversationId { get; set; }

    public required string AgentId { get; set; }

    public Outcome Outcome { get; set; }

    public DateTimeOffset? FollowUpDue { get; set; }

    public string? FollowUpNote { get; set; }

    public DateTimeOffset? FollowUpDoneAt { get; set; }

    public string? FollowUpResult { get; set; }

    public string? WentWell { get; set; }

    public string? DoDifferently { get; set; }

    /// <summary>The agent agrees to share the reflection in team debriefs.</summary>
    public bool ShareReflection { get; set; }

    public DateTimeOffset At { get; set; }
}
