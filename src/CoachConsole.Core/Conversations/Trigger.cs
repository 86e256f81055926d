namespace CoachConsole.Core.Conversations;

/// <summary>What can move a conversation from one stage to another.</summary>
public enum Trigger
{
    /// <summary>The customer is annoyed or angry (carries the reading).</summary>
    CustomerVented,

    /// <summary>On a call, the customer fell silent after venting.</summary>
    CustomerPaused,

    /// <summary>The customer turned an offer down (carries the reading).</summary>
    CustomerRejected,

    /// <summary>A calm customer turn: an answer, an acceptance, a softer tone (carries the reading).</summary>
    CustomerCalm,

    /// <summary>Sincere thanks, or the customer says it is sorted (carries the reading).</summary>
    CustomerThanked,

    CustomerAbusive,
    CustomerRespectful,

    /// <summary>The customer asks now for a manager or supervisor (carries the reading).</summary>
    ManagerRequested,

    /// <summary>Heat in a working stage after it had settled (carries the reading).</summary>
    HeatSpiked,

    AgentSpoke,
    AgentAcknowledged,
    AgentClarified,
    AgentOfferedOptions,
    AgentEscalated,

    /// <summary>The agent hands the case over or arranges the supervisor's call.</summary>
    AgentHandedOver,

    /// <summary>The agent wraps up ("anything else I can help with?") with a calm customer.</summary>
    AgentWrappedUp,

    /// <summary>The agent states the current step of the boundary ladder.</summary>
    AgentSetBoundary,

    SupervisorJoined,
    StuckTooLong,
    ConversationEnded,
}
