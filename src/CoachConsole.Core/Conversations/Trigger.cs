namespace CoachConsole.Core.Conversations;

/// <summary>What can move a conversation from one stage to another.</summary>
public enum Trigger
{
    CustomerVented,
    CustomerPaused,
    CustomerAnswered,
    CustomerAccepted,
    CustomerRejected,
    CustomerCalmed,
    CustomerAbusive,
    CustomerRespectful,
    ManagerRequested,
    HeatSpiked,
    AgentSpoke,
    AgentAcknowledged,
    AgentClarified,
    AgentOfferedOptions,
    AgentEscalated,
    SupervisorJoined,
    StuckTooLong,
    ConversationEnded,
}
