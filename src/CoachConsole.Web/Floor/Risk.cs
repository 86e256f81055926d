using CoachConsole.Core.Conversations;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;

namespace CoachConsole.Web.Floor;

/// <summary>How much a live conversation needs the lead: trouble first, then heat.</summary>
public static class Risk
{
    public static int Score(ConversationView c, IEnumerable<AlertView> openAlerts)
    {
        ArgumentNullException.ThrowIfNull(c);
        var score = c.Stage switch
        {
            Stage.BoundarySetting => 1000,
            Stage.Escalating => 600,
            _ => 0,
        };
        foreach (var alert in openAlerts)
        {
            score += alert.Kind switch
            {
                AlertKind.Abuse => 900,
                AlertKind.ManagerRequested => 500,
                AlertKind.RaisedHand => 450,
                AlertKind.HeatRising => 300,
                AlertKind.Stuck => 200,
                AlertKind.LongSilence => 120,
                _ => 60,
            };
        }

        return score + (int)Math.Round(c.Heat * 100);
    }

    /// <summary>Heat from which a customer counts as heated, whatever the mood.</summary>
    public const double HeatedAt = 0.6;

    /// <summary>Heat from which a rise on the last customer turn counts as warming up.</summary>
    public const double WarmingFrom = 0.4;

    /// <summary>
    /// red: abuse; amber: escalation, open alerts, anger, a heated customer, or heat rising on the
    /// last customer turn past <see cref="WarmingFrom"/>; calm otherwise.
    /// </summary>
    public static string Level(ConversationView c, IEnumerable<AlertView> openAlerts, IReadOnlyList<double>? heats = null)
    {
        ArgumentNullException.ThrowIfNull(c);
        var kinds = openAlerts.Select(a => a.Kind).ToHashSet();
        if (c.Stage == Stage.BoundarySetting || kinds.Contains(AlertKind.Abuse))
        {
            return "red";
        }

        var rising = heats is { Count: >= 2 } && heats[^1] > heats[^2] && heats[^1] >= WarmingFrom;
        return c.Stage == Stage.Escalating || kinds.Count > 0 || c.Mood == Core.Signals.Mood.Angry || c.Heat >= HeatedAt || rising ? "amber" : "calm";
    }

    public static string Label(AlertKind kind) => kind switch
    {
        AlertKind.Abuse => "Abuse",
        AlertKind.ManagerRequested => "Wants a manager",
        AlertKind.RaisedHand => "Raised hand",
        AlertKind.HeatRising => "Heat rising",
        AlertKind.Stuck => "Stuck",
        AlertKind.PhraseToAvoid => "Phrase to avoid",
        AlertKind.LongSilence => "Silence",
        _ => kind.ToString(),
    };
}
