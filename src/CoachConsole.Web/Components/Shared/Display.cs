using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using MudBlazor;

namespace CoachConsole.Web.Components.Shared;

/// <summary>How stages and heat look on every screen: one colour and one word for each.</summary>
public static class Display
{
    public static string Label(Stage stage) => stage switch
    {
        Stage.BoundarySetting => "Boundary setting",
        Stage.SupervisorEngaged => "Supervisor engaged",
        _ => stage.ToString(),
    };

    public static Color Colour(Stage stage) => stage switch
    {
        Stage.BoundarySetting => Color.Error,
        Stage.Escalating => Color.Warning,
        Stage.Listening or Stage.Acknowledging => Color.Info,
        Stage.Closing => Color.Success,
        Stage.Ended => Color.Default,
        _ => Color.Primary,
    };

    public static string Hint(Stage stage) => stage switch
    {
        Stage.Opening => "Greet and take the issue.",
        Stage.Listening => "Let them vent. Short listening cues only, no solutions yet.",
        Stage.Acknowledging => "Acknowledge the feeling, apologise, take ownership.",
        Stage.Clarifying => "Ask the pertinent questions; repeat back what you understood.",
        Stage.Resolving => "Offer concrete options and let the customer choose.",
        Stage.Confirming => "Make sure the chosen solution is accepted.",
        Stage.Closing => "Thank, summarise, agree the follow-up.",
        Stage.BoundarySetting => "Name the behaviour, restate that you want to help, follow the ladder.",
        Stage.Escalating => "Explain why a supervisor can help and arrange it.",
        Stage.SupervisorEngaged => "Your lead has joined.",
        _ => "The conversation has ended.",
    };

    public static Color Colour(Mood mood) => mood switch
    {
        Mood.Angry => Color.Error,
        Mood.Annoyed => Color.Warning,
        Mood.Positive => Color.Success,
        _ => Color.Default,
    };

    public static string Label(Mood mood) => mood.ToString();

    public static string Percent(double heat) => $"{Math.Round(heat * 100):0}%";

    /// <summary>
    /// A phrase's effect on the customer's heat in words a trainer can act on: calmer, hotter or no
    /// clear difference against comparable turns, in points of heat (0 to 100), with its 95% range.
    /// </summary>
    public static string Effect(CoachConsole.Web.Library.PhraseEffect effect)
    {
        if (effect.Difference is not { } difference || effect.IntervalLow is not { } low || effect.IntervalHigh is not { } high)
        {
            return effect.Used == 0 ? "Not used yet" : "No comparable turns yet";
        }

        var judged = effect.EnoughUses ? "" : $" (only {effect.Used} of {CoachConsole.Web.Library.PhraseEffect.MinimumUses} uses needed to judge)";
        if (high < 0)
        {
            return $"Calms: heat {Points(-difference)} lower than without it (between {Whole(-high)} and {Points(-low)} lower){judged}";
        }

        if (low > 0)
        {
            return $"Heats up: heat {Points(difference)} higher than without it (between {Whole(low)} and {Points(high)} higher){judged}";
        }

        return $"No clear effect: between {Points(-low)} lower and {Points(high)} higher than without it{judged}";
    }

    private static int Whole(double heat) => (int)Math.Round(heat * 100);

    private static string Points(double heat) => Whole(heat) == 1 ? "1 point" : $"{Whole(heat)} points";

    /// <summary>A name as words: "repeatContact" and "RepeatContact" read "repeat contact" ("Repeat contact" with <paramref name="capital"/>).</summary>
    public static string Words(string name, bool capital = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                words.Append(' ');
            }

            words.Append(i == 0 && capital ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }

        return words.ToString();
    }

    /// <summary>
    /// The cues of a turn as a reader wants them: in the order they were said, each place once, a
    /// cue inside a longer one ("idiot" in "you idiot") left out.
    /// </summary>
    public static IReadOnlyList<CoachConsole.Web.Conversations.CueView> OutermostCues(IEnumerable<CoachConsole.Web.Conversations.CueView> cues)
    {
        var ordered = cues.OrderBy(c => c.Start).ThenByDescending(c => c.Length).ToList();
        var kept = new List<CoachConsole.Web.Conversations.CueView>();
        foreach (var cue in ordered)
        {
            if (!kept.Exists(k => k.Start <= cue.Start && cue.Start + cue.Length <= k.Start + k.Length))
            {
                kept.Add(cue);
            }
        }

        return kept;
    }

    /// <summary>Signal names as words, for a turn's caption.</summary>
    public static string Words(IEnumerable<string> names) => string.Join(", ", names.Select(n => Words(n)));
}
