using System.Text.RegularExpressions;
using CoachConsole.Core.Coaching;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;
using CoachConsole.Core.Tests.Conversations;

namespace CoachConsole.Core.Tests.Coaching;

public sealed class SuggestionEngineTests
{
    private static readonly PhraseLibrary Library = DefaultLibrary.Load();
    private readonly SuggestionEngine _engine = new(Library);

    private static CoachingContext Context(Conversation c, SignalReading? reading = null, IReadOnlySet<string>? used = null, IReadOnlyList<string>? said = null) =>
        new(c, reading ?? SignalReading.Empty, "Ana Ruiz", used ?? new HashSet<string>(), said ?? []);

    [Theory]
    [InlineData(Channel.Chat)]
    [InlineData(Channel.Voice)]
    public void Venting_LeadsWithEmpathy_OffersAListeningCueForTheChannel_AndNoSolutionYet(Channel channel)
    {
        var c = ConversationMachineTests.At(Stage.Listening, channel);

        var cards = _engine.Suggest(Context(c, ConversationMachineTests.Customer(Mood.Angry)));

        Assert.Equal(PhraseCategory.Empathy, cards[0].Category);
        var cue = Assert.Single(cards, card => card.Category == PhraseCategory.ListeningCue);
        var phrase = Library.Phrases.Single(p => p.Id == cue.PhraseId);
        Assert.True(phrase.Channel is null || phrase.Channel == channel);
        Assert.DoesNotContain(cards, card => card.Category is PhraseCategory.OfferOptions or PhraseCategory.Closing or PhraseCategory.Greeting);
    }

    [Fact]
    public void Acknowledging_AtMostThreeCardsOfDifferentMoves_FilledWithFirstNames()
    {
        var c = ConversationMachineTests.At(Stage.Acknowledging);
        c.CustomerSaid(ConversationMachineTests.Customer(Mood.Angry), DateTimeOffset.UnixEpoch.AddHours(1));

        var cards = _engine.Suggest(Context(c, ConversationMachineTests.Customer(Mood.Angry)));

        Assert.InRange(cards.Count, 2, SuggestionEngine.MaxCards);
        Assert.Equal(cards.Count, cards.Select(x => x.Category).Distinct().Count());
        Assert.All(cards, card =>
        {
            Assert.DoesNotMatch(new Regex(@"\{\w+\}"), card.Text);
            Assert.Equal(c.Stage, card.Reason.Stage);
            Assert.Equal(1, card.PhraseVersion);
        });
        Assert.DoesNotContain(cards, card => card.Text.Contains("Lopez", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolving_WithoutOptions_NeverShowsAnUnfilledOptionsCard()
    {
        var c = ConversationMachineTests.At(Stage.Resolving);

        var cards = _engine.Suggest(Context(c));

        Assert.NotEmpty(cards);
        Assert.DoesNotContain(cards, card => card.Text.Contains('{', StringComparison.Ordinal));
        Assert.DoesNotContain(cards, card => Library.Phrases.Single(p => p.Id == card.PhraseId).Text.Contains("{options}", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolving_WithOptions_ListsThemInTheOfferCard()
    {
        var c = ConversationMachineTests.At(Stage.Resolving);
        c.CustomerSaid(ConversationMachineTests.Customer(Mood.Neutral), DateTimeOffset.UnixEpoch.AddHours(1));
        c.OfferOptions(["a replacement", "a full refund", "store credit"]);

        var cards = _engine.Suggest(Context(c));

        Assert.Contains(cards, card => card.Text.Contains("a replacement, a full refund or store credit", StringComparison.Ordinal));
    }

    [Fact]
    public void NoRepeat_CardsTheAgentUsedOrAlreadySaidAreNotShownAgain()
    {
        var c = ConversationMachineTests.At(Stage.Listening);
        var reading = ConversationMachineTests.Customer(Mood.Angry);
        var first = _engine.Suggest(Context(c, reading));

        var used = new HashSet<string> { first[0].PhraseId };
        var said = new[] { "ok so, " + first[1].Text.ToUpperInvariant() + "!!" };
        var next = _engine.Suggest(Context(c, reading, used, said));

        Assert.DoesNotContain(next, card => card.PhraseId == first[0].PhraseId || card.PhraseId == first[1].PhraseId);
        Assert.NotEmpty(next);
    }

    [Theory]
    [InlineData(Channel.Chat, 1)]
    [InlineData(Channel.Chat, 2)]
    [InlineData(Channel.Chat, 3)]
    [InlineData(Channel.Voice, 3)]
    [InlineData(Channel.Voice, Conversation.PolicyEndStep)]
    public void BoundarySetting_LeadsWithTheScriptForTheLadderStep(Channel channel, int step)
    {
        var c = ConversationMachineTests.New(channel);
        var abuse = new SignalReading(0.9, Mood.Angry, SignalKind.Abuse | SignalKind.Venting, [new Cue(SignalKind.Abuse, 0, 14, "you're useless")]);
        for (var i = 0; i < step; i++)
        {
            c.CustomerSaid(abuse, DateTimeOffset.UnixEpoch.AddMinutes(i));
            c.AgentSaid(ConversationMachineTests.Agent(SignalKind.BoundaryStatement), DateTimeOffset.UnixEpoch.AddMinutes(i).AddSeconds(30));
        }

        var cards = _engine.Suggest(Context(c, abuse));

        Assert.Equal(step, cards[0].LadderStep);
        Assert.Equal(PhraseCategory.Boundary, cards[0].Category);
        Assert.Equal(SignalKind.Abuse, cards[0].Reason.Signal);
        Assert.Contains("you're useless", cards[0].Reason.Cues);
        Assert.Single(cards, card => card.Category == PhraseCategory.Boundary);
    }

    [Fact]
    public void SignalPhrase_OnlyWhenTheSignalIsPresent_AndItsReasonNamesTheCue()
    {
        var c = ConversationMachineTests.At(Stage.Escalating);
        var plain = _engine.Suggest(Context(c));
        var asked = new SignalReading(0.4, Mood.Annoyed, SignalKind.ManagerRequest, [new Cue(SignalKind.ManagerRequest, 10, 7, "manager")]);

        var withRequest = _engine.Suggest(Context(c, asked));

        Assert.DoesNotContain(plain, card => card.Reason.Signal == SignalKind.ManagerRequest);
        var answer = Assert.Single(withRequest, card => card.Reason.Signal == SignalKind.ManagerRequest);
        Assert.Equal(["manager"], answer.Reason.Cues);
        Assert.Contains("manager", answer.Reason.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TeamScope_PhraseForAnotherTeamIsNotShown()
    {
        var scoped = new Phrase { Id = "vip-ack", Stage = Stage.Acknowledging, Category = PhraseCategory.Empathy, Teams = ["vip"], Text = "Thank you for being with us so long, {customer}." };
        var engine = new SuggestionEngine(new PhraseLibrary([scoped], []));
        var c = ConversationMachineTests.At(Stage.Listening);

        Assert.Empty(engine.Suggest(Context(c, ConversationMachineTests.Customer(Mood.Angry))));
        Assert.True(scoped.SuitsTeam("VIP"));
    }

    [Fact]
    public void PromotedPhrase_IsTheChosenWordingOfItsMove()
    {
        var plain = new Phrase { Id = "a-plain", Stage = Stage.Listening, Category = PhraseCategory.Empathy, Text = "I understand." };
        var promoted = new Phrase { Id = "z-promoted", Stage = Stage.Listening, Category = PhraseCategory.Empathy, Text = "That sounds really frustrating.", Featured = true };
        var c = ConversationMachineTests.At(Stage.Listening);

        var cards = new SuggestionEngine(new PhraseLibrary([plain, promoted], [])).Suggest(Context(c, ConversationMachineTests.Customer(Mood.Angry)));

        Assert.Equal(["z-promoted"], cards.Select(x => x.PhraseId));
    }

    [Fact]
    public void Ended_ShowsNoCards()
    {
        var c = ConversationMachineTests.At(Stage.Closing);
        c.End(DateTimeOffset.UnixEpoch.AddHours(1));

        Assert.Empty(_engine.Suggest(Context(c)));
    }

    [Fact]
    public void CheckDraft_FindsPhrasesToAvoidWithTheirPlaceAndABetterPhrasing()
    {
        const string draft = "Please CALM   down, there's nothing we can do.";

        var findings = _engine.CheckDraft(draft);

        Assert.Equal(["avoid-calm-down", "avoid-nothing-we-can-do"], findings.Select(f => f.Id));
        Assert.Equal("CALM   down", draft.Substring(findings[0].Start, findings[0].Length));
        Assert.All(findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Better)));
        Assert.Empty(_engine.CheckDraft("I can see this has been really frustrating."));
    }

    [Theory]
    [InlineData("Please calm down, I am checking it now.", "I can see this has been really frustrating, I am checking it now.")]
    [InlineData("Calm down.", "I can see this has been really frustrating.")]
    [InlineData("Thanks for holding. Sir, please just calm down! I am on it.", "Thanks for holding. Sir, I can see this has been really frustrating. I am on it.")]
    [InlineData("I am checking it now so calm down", "I can see this has been really frustrating.")]
    [InlineData("I have the order here; calm down please; it left on Monday.", "I have the order here; I can see this has been really frustrating; it left on Monday.")]
    public void ReplaceIn_PutsTheBetterPhrasingInPlaceOfItsClause_SoTheDraftReads(string draft, string expected)
    {
        var finding = Assert.Single(_engine.CheckDraft(draft));
        Assert.Equal("I can see this has been really frustrating.", finding.Better);

        Assert.Equal(expected, finding.ReplaceIn(draft));
        Assert.Equal("Calm", finding.ReplaceIn("Calm"));
    }

    [Theory]
    [InlineData("I hear you, but that's our policy.", "I hear you, let me see what I can do here.")]
    [InlineData("That's our policy, I'm afraid.", "Let me see what I can do here, I'm afraid.")]
    [InlineData("Sorry.\nthat's our policy", "Sorry.\nLet me see what I can do here.")]
    public void ReplaceIn_MidSentenceStartsInLowerCase_AndASentenceStartInCapitals(string draft, string expected)
    {
        var start = draft.IndexOf("that's our policy", StringComparison.OrdinalIgnoreCase);
        var finding = new AvoidFinding("policy", start, "that's our policy".Length, draft.Substring(start, "that's our policy".Length), "Let me see what I can do here.", "Quoting policy shuts the customer out.");

        Assert.Equal(expected, finding.ReplaceIn(draft));
    }

    [Fact]
    public void DefaultLibrary_HasSeveralPhrasingsForEveryStageAndChannel_AndTheWholeLadder()
    {
        var working = Enum.GetValues<Stage>().Where(s => s is not (Stage.Ended or Stage.SupervisorEngaged));
        foreach (var stage in working)
        {
            foreach (var channel in Enum.GetValues<Channel>())
            {
                var count = Library.Phrases.Count(p => p.Stage == stage && p.SuitsChannel(channel) && p.Signal == SignalKind.None);
                Assert.True(count >= 2, $"{stage} on {channel} has {count} general phrasings");
            }
        }

        foreach (var channel in Enum.GetValues<Channel>())
        {
            for (var step = 1; step <= Conversation.PolicyEndStep; step++)
            {
                Assert.Contains(Library.Phrases, p => p.Stage == Stage.BoundarySetting && p.LadderStep == step && p.SuitsChannel(channel));
            }
        }

        Assert.Equal(Library.Phrases.Count, Library.Phrases.Select(p => p.Id).Distinct().Count());
        var placeholders = Library.Phrases.SelectMany(p => Regex.Matches(p.Text, @"\{(\w+)\}").Select(m => m.Groups[1].Value)).Distinct();
        Assert.All(placeholders, name => Assert.Contains(name, new[] { "customer", "agent", "issue", "options" }));
    }
}
