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

    /// <summary>red: abuse; amber: escalation or open alerts or anger; calm otherwise.</summary>
    public static string Level(ConversationView c, IEnumerable<AlertView> openAlerts)
    {
        ArgumentNullException.ThrowIfNull(c);
        var kinds = openAlerts.Select(a => a.Kind).ToHashSet();
        if (c.Stage == Stage.BoundarySetting || kinds.Contains(AlertKind.Abuse))
        {
            return "red";
        }

        return c.Stage == Stage.Escalating || kinds.Count > 0 || c.Mood == Core.Signals.Mood.Angry ? "amber" : "calm";
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
