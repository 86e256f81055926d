namespace CoachConsole.Web.Data;

/// <summary>The kinds of trouble a lead is alerted to.</summary>
public enum AlertKind
{
    Abuse,
    ManagerRequested,
    RaisedHand,
    HeatRising,
    Stuck,
    PhraseToAvoid,
    LongSilence,
}

/// <summary>An alert on a live conversation; raised once per cause, acknowledged once for every lead.</summary>
public sealed class Alert
{
    public long Id { get; set; }

    public Guid ConversationId { get; set; }

    public required string TeamId { get; set; }

    public required string AgentId { get; set; }

    public AlertKind Kind { get; set; }

    /// <summary>What raised it (a turn, a stage entry, a silence); one alert per cause.</summary>
    public required string Cause { get; set; }

    public required string Detail { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    public string? AcknowledgedBy { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }
}

/// <summary>Which alerts a team's leads want, and the thresholds of the timed ones.</summary>
public sealed class TeamAlertRules
{
    public required string TeamId { get; set; }

    public bool Abuse { get; set; } = true;

    public bool ManagerRequested { get; set; } = true;

    public bool RaisedHand { get; set; } = true;

    /// <summary>Customer turns of rising heat that raise an alert; 0 turns the rule off.</summary>
    public int HeatRisingTurns { get; set; } = 3;

    /// <summary>Minutes in one stage that count as stuck; 0 turns the rule off.</summary>
    public int StuckMinutes { get; set; } = 5;

    public bool PhraseToAvoid { get; set; } = true;

    /// <summary>Seconds without a turn that count as a long silence; 0 turns the rule off.</summary>
    public int SilenceSeconds { get; set; } = 120;

    /// <summary>A copy to edit, so the rules in force change only when the copy is saved.</summary>
    public TeamAlertRules Copy() => (TeamAlertRules)MemberwiseClone();
}

/// <summary>A break an agent took, for the roster's "time since the last break".</summary>
public sealed class AgentBreak
{
    public long Id { get; set; }

    public required string AgentId { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Who suggested it: the agent's console after an abusive conversation, or a lead.</summary>
    public string? SuggestedBy { get; set; }
}
