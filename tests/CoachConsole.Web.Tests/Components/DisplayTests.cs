using CoachConsole.Web.Components.Shared;
using CoachConsole.Web.Conversations;

namespace CoachConsole.Web.Tests.Components;

/// <summary>How names and cues read on the pages.</summary>
public sealed class DisplayTests
{
    [Theory]
    [InlineData("repeatContact", false, "repeat contact")]
    [InlineData("ListeningCue", true, "Listening cue")]
    [InlineData("TeamLead", true, "Team lead")]
    [InlineData("abuse", true, "Abuse")]
    public void Words_SplitsANameIntoWords(string name, bool capital, string expected) =>
        Assert.Equal(expected, Display.Words(name, capital));

    [Fact]
    public void OutermostCues_KeepsEachPlaceOnce_InTheOrderSaid()
    {
        const string text = "You're useless, you idiot.";
        CueView Cue(string signal, string found) => new(signal, text.IndexOf(found, StringComparison.Ordinal), found.Length, found);

        var cues = new[]
        {
            Cue("venting", "idiot"), Cue("abuse", "you idiot"), Cue("venting", "useless"),
            Cue("abuse", "You're useless"), Cue("venting", "You're"), Cue("abuse", "you idiot"),
        };

        Assert.Equal(["You're useless", "you idiot"], Display.OutermostCues(cues).Select(c => c.Text));
    }

    private static CoachConsole.Web.Library.PhraseEffect Effect(int used, double? difference, double? low, double? high) =>
        new("ack-1", CoachConsole.Core.Conversations.Stage.Acknowledging, used + 2, used, null, null, 10, difference, low, high, null, null);

    [Fact]
    public void Effect_ReadsAsWordsAndPoints()
    {
        Assert.Equal("Calms: heat 12 points lower than without it (between 5 and 19 points lower)", Display.Effect(Effect(9, -0.12, -0.19, -0.05)));
        Assert.Equal("Heats up: heat 8 points higher than without it (between 1 and 15 points higher)", Display.Effect(Effect(9, 0.08, 0.01, 0.15)));
        Assert.Equal("No clear effect: between 10 points lower and 4 points higher than without it (only 3 of 5 uses needed to judge)", Display.Effect(Effect(3, -0.03, -0.10, 0.04)));
        Assert.Equal("Not used yet", Display.Effect(Effect(0, null, null, null)));
    }
}
