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
}
