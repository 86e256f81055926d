namespace CoachConsole.Core.Conversations;

/// <summary>One move of the stage machine, with what caused it.</summary>
public sealed record StageTransition(Stage From, Stage To, Trigger Trigger, string Reason, DateTimeOffset At);

/// <summary>Timing rules for the triggers that fire on silence rather than on a turn.</summary>
public sealed record ConversationTimings
{
    public static readonly ConversationTimings Default = new();

    /// <summary>On a call, this much silence after venting hands the turn to the agent.</summary>
    public TimeSpan PauseAfterVenting { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Longer than this in one working stage counts as stuck.</summary>
    public TimeSpan StuckInStage { get; init; } = TimeSpan.FromMinutes(5);
}
