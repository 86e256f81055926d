using CoachConsole.Core.Coaching;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;

namespace CoachConsole.Core.Tests.Phrases;

public sealed class AvoidMatcherTests
{
    private static readonly PhraseLibrary Library = DefaultLibrary.Load();
    private static readonly AvoidMatcher Matcher = AvoidMatcher.For(Library);

    private static PhraseToAvoid Entry(string id, string pattern) => new() { Id = id, Pattern = pattern, Better = "better", Why = "why" };

    [Theory]
    [InlineData("Please calm down", "avoid-calm-down")]
    [InlineData("There's nothing we can do about it", "avoid-nothing-we-can-do")]
    [InlineData("Sadly there is nothing more we can do for you", "avoid-nothing-more")]
    [InlineData("That's not my problem", "avoid-not-my-problem")]
    [InlineData("As I already said, the order has shipped", "avoid-already-said")]
    [InlineData("You should have read the terms", "avoid-you-should-have")]
    [InlineData("That is the policy, I'm afraid", "avoid-policy")]
    [InlineData("We are only obliged to refund unopened items", "avoid-only-obliged")]
    [InlineData("The fee applies due to our policy terms", "avoid-due-to-policy")]
    [InlineData("Sorry for any inconvenience caused", "avoid-any-inconvenience")]
    [InlineData("It has gone to Tier 3 for review", "avoid-tier-2")]
    [InlineData("The back-end shows it as pending", "avoid-backend")]
    [InlineData("You'll need to take it up with the courier", "avoid-take-it-up-with")]
    [InlineData("That can happen with any supplier", "avoid-happens-with-any")]
    [InlineData("It's out of our hands now", "avoid-out-of-our-hands")]
    [InlineData("The late delivery is down to the courier", "avoid-down-to-them")]
    [InlineData("Sorry, the system won't let me do that", "avoid-system-wont-let-me")]
    [InlineData("I'm afraid we can't make exceptions", "avoid-no-exceptions")]
    [InlineData("That's company policy", "avoid-policy")]
    [InlineData("As I've explained, the charge stands", "avoid-already-said")]
    [InlineData("It's just how it works, sorry", "avoid-just-how-it-works")]
    [InlineData("We can't be held liable for that", "avoid-not-responsible")]
    [InlineData("It's been logged as a P1 today", "avoid-priority-codes")]
    [InlineData("That was the warehouse's mistake, not ours", "avoid-their-fault")]
    public void Find_DefaultLibrary_CatchesTheDefencesAndTheJargon(string text, string id)
    {
        var match = Assert.Single(Matcher.Find(text));
        Assert.Equal(id, match.Avoid.Id);
        Assert.Equal(text.Substring(match.Start, match.Length), match.Text);
    }

    [Theory]
    [InlineData("You shouldn't have to chase us for this.")]
    [InlineData("You should have received an email this morning.")]
    [InlineData("I can see there's nothing wrong with the line now.")]
    [InlineData("Calm, down-to-earth advice from our team.")]
    [InlineData("I'm sorry for the trouble this has caused.")]
    public void Find_OrdinaryAgentSentences_AreNotCaught(string text)
    {
        Assert.Empty(Matcher.Find(text));
    }

    [Fact]
    public void Find_CurlyApostrophesAndCapitals_MatchTheSameWords()
    {
        var match = Assert.Single(Matcher.Find("THAT’S OUR POLICY."));
        Assert.Equal("avoid-policy", match.Avoid.Id);
        Assert.Equal("THAT’S OUR POLICY", match.Text);
    }

    [Fact]
    public void Find_ChoicesAndJoinedWords_ExpandToEveryWording()
    {
        var matcher = new AvoidMatcher([Entry("x", "it's|it+is not|never my job")]);

        Assert.Single(matcher.Find("well it is never my job"));
        Assert.Single(matcher.Find("It's not my job"));
        Assert.Empty(matcher.Find("it not my job"));
    }

    [Fact]
    public void Expand_PatternWithChoicesOnEveryWord_IsCappedNotExploded()
    {
        var pattern = string.Join(' ', Enumerable.Repeat("a|b|c|d|e|f", 10));

        Assert.Equal(AvoidMatcher.MaxWordings, AvoidMatcher.Expand(pattern).Count);
        Assert.Single(new AvoidMatcher([Entry("x", pattern)]).Find("a a a a a a a a a a"));
    }

    [Fact]
    public void Find_OverlappingEntries_KeepTheFirstAndLongest()
    {
        var matcher = new AvoidMatcher([Entry("short", "as per"), Entry("long", "per our policy"), Entry("other", "policy")]);

        var found = matcher.Find("as per our policy");

        // "per our policy" overlaps "as per"; "policy" stands clear of it
        Assert.Equal(["short", "other"], found.Select(m => m.Avoid.Id));
    }

    [Fact]
    public void Find_RepeatedPhrase_IsFoundEachTime()
    {
        Assert.Equal(2, Matcher.Find("Calm down. Please, calm down!").Count);
    }

    [Fact]
    public void For_SameLibrary_CompilesOnce()
    {
        Assert.Same(AvoidMatcher.For(Library), AvoidMatcher.For(Library));
    }

    [Fact]
    public void AddTo_AgentReading_RaisesPhraseToAvoidWithACuePerMatch()
    {
        const string text = "Calm down, that's our policy.";

        var reading = Matcher.AddTo(SignalReading.Empty, text);

        Assert.True(reading.Has(SignalKind.PhraseToAvoid));
        Assert.Equal(["Calm down", "that's our policy"], reading.CuesFor(SignalKind.PhraseToAvoid));
        Assert.Same(SignalReading.Empty, Matcher.AddTo(SignalReading.Empty, "Let me look into that for you."));
    }

    [Fact]
    public void CoachProcess_AgentTurn_IsReadAgainstTheLibrarysList()
    {
        var trainerList = new PhraseLibrary(Library.Phrases, [Entry("avoid-trust-me", "trust me")]);
        var coach = new Coach(new SignalReader(), () => trainerList);
        var conversation = new Conversation(Guid.NewGuid(), Channel.Chat, "Sam", "a late parcel", "a1", "Alex", "t1", DateTimeOffset.UnixEpoch);

        var outcome = coach.Process(conversation, Speaker.Agent, "Trust me, it's on its way.", DateTimeOffset.UnixEpoch, SignalReading.Empty, []);
        var plain = coach.Process(conversation, Speaker.Agent, "Calm down.", DateTimeOffset.UnixEpoch, SignalReading.Empty, []);

        Assert.Equal(["Trust me"], outcome.Reading.CuesFor(SignalKind.PhraseToAvoid));
        Assert.False(plain.Reading.Has(SignalKind.PhraseToAvoid), "only the library's list counts");
    }

    [Fact]
    public void CheckDraft_UsesTheSameMatches()
    {
        var engine = new SuggestionEngine(Library);
        const string draft = "Obviously it's company policy.";

        Assert.Equal(
            Matcher.Find(draft).Select(m => (m.Avoid.Id, m.Start, m.Length)),
            engine.CheckDraft(draft).Select(f => (f.Id, f.Start, f.Length)));
    }
}
