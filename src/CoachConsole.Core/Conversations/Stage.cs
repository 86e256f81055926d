namespace CoachConsole.Core.Conversations;

/// <summary>How far the de-escalation of a live conversation has come.</summary>
public enum Stage
{
    Opening,
    Listening,
    Acknowledging,
    Clarifying,
    Resolving,
    Confirming,
    Closing,
    BoundarySetting,
    Escalating,
    SupervisorEngaged,
    Ended,
}

/// <summary>Whether the conversation is spoken (a call transcript) or written (a chat).</summary>
public enum Channel
{
    Chat,
    Voice,
}

/// <summary>Who said a turn.</summary>
public enum Speaker
{
    Customer,
    Agent,
}
