using CoachConsole.Core.Signals;

namespace CoachConsole.Core.Conversations;

/// <summary>One utterance of a conversation, as stored, with what the reader found in it.</summary>
public sealed class Turn
{
    public Guid Id { get; init; }

    public Guid ConversationId { get; init; }

    /// <summary>Position in the conversation, from 1, in processing order.</summary>
    public int Sequence { get; init; }

    /// <summary>The connector's own id for the turn; a retry with the same id is stored once.</summary>
    public string? ClientTurnId { get; init; }

    public Speaker Speaker { get; init; }

    public required string Text { get; init; }

    public DateTimeOffset At { get; init; }

    public double Heat { get; init; }

    public Mood Mood { get; init; }

    public SignalKind Signals { get; init; }

    public IReadOnlyList<Cue> Cues { get; init; } = [];

    /// <summary>The stage after this turn was processed.</summary>
    public Stage StageAfter { get; init; }

    /// <summary>The library phrase the agent used for this turn, when they used a card.</summary>
    public string? PhraseId { get; init; }

    /// <summary>
    /// Who wrote an agent-side turn when it was not the conversation's agent: the name of the lead
    /// who took the conversation over. Null for the agent's own turns and the customer's.
    /// </summary>
    public string? Author { get; init; }
}
