using CoachConsole.Core.Coaching;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;
using static CoachConsole.Core.Tests.Conversations.ConversationMachineTests;

namespace CoachConsole.Core.Tests.Coaching;

/// <summary>Cards that fit the moment: what the customer just said, read against what the agent already did.</summary>
public sealed class CardChoiceTests
{
    private static readonly PhraseLibrary Library = DefaultLibrary.Load();
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly Coach _coach = new(new SignalReader(), () => Library);

    private static IReadOnlyList<Suggestion> Cards(Conversation c, SignalReading reading, bool afterCustomer = true)
    {
        var cards = new SuggestionEngine(Library).Suggest(new CoachingContext(c, reading, c.AgentName, c.UsedPhraseIds.ToHashSet(), []) { AfterCustomerTurn = afterCustomer });
        c.ShowSuggestions(cards, afterCustomer);
        return cards;
    }

    private static SignalReading Said(Conversation c, SignalReading reading, int second)
    {
        c.CustomerSaid(reading, T0.AddSeconds(second));
        return reading;
    }

    [Fact]
    public void AfterTheAgentApologised_NoApologyCard_WhileTheCustomerIsStillUpset()
    {
        var c = At(Stage.Listening);
        c.AgentSaid(Agent(SignalKind.Apology), T0);
        var reading = Said(c, Customer(Mood.Annoyed) with { Words = 12 }, 10);

        var cards = Cards(c, reading);

        Assert.NotEmpty(cards);
        Assert.DoesNotContain(cards, card => card.Category == PhraseCategory.Apology);
    }

    [Fact]
    public void AfterTheAgentAskedAQuestion_NoQuestionCardUntilTheCustomerAnswers()
    {
        var c = At(Stage.Clarifying);
        var reading = Said(c, Customer(Mood.Neutral) with { Words = 9 }, 5);
        c.AgentSaid(Agent(SignalKind.ClarifyingQuestion), T0.AddSeconds(10));

        var waiting = Cards(c, reading, afterCustomer: false);
        Assert.DoesNotContain(waiting, card => card.Category == PhraseCategory.ClarifyingQuestion);

        var answer = Said(c, Customer(Mood.Neutral) with { Words = 6 }, 20);
        Assert.Contains(Cards(c, answer), card => card.Category is PhraseCategory.ClarifyingQuestion or PhraseCategory.Paraphrase);
    }

    [Fact]
    public void Thanks_BringsClosingAndFollowUpCards_NeverAQuestion()
    {
        var c = At(Stage.Resolving);
        var reading = Said(c, Customer(Mood.Positive, SignalKind.Thanks | SignalKind.Calming) with { Words = 4 }, 5);

        var cards = Cards(c, reading);

        Assert.Equal(PhraseCategory.Closing, cards[0].Category);
        Assert.Contains(cards, card => card.Category == PhraseCategory.FollowUp);
        Assert.DoesNotContain(cards, card => card.Category is PhraseCategory.ClarifyingQuestion or PhraseCategory.Greeting or PhraseCategory.OfferOptions);
        Assert.Contains(cards[0].Reason.Signal, new[] { SignalKind.Thanks, SignalKind.Calming });
    }

    [Fact]
    public void ThanksWhileHelpIsUnderWay_SaysWhatHappensNext_InsteadOfClosing()
    {
        var c = At(Stage.Escalating);
        c.AgentSaid(Agent(SignalKind.EscalationOffer), T0);
        var reading = Said(c, Customer(Mood.Positive, SignalKind.Thanks) with { Words = 7, AsksQuestion = true }, 10);

        var cards = Cards(c, reading);

        Assert.Equal(PhraseCategory.SetExpectations, cards[0].Category);
        Assert.DoesNotContain(cards, card => card.Category is PhraseCategory.Closing or PhraseCategory.Escalation);
    }

    [Fact]
    public void ThreatToLeave_LeadsWithARetentionCard()
    {
        var c = At(Stage.Clarifying);
        var reading = Said(c, Customer(Mood.Annoyed, SignalKind.ThreatToLeave) with { Words = 10 }, 5);

        var cards = Cards(c, reading);

        Assert.Equal(PhraseCategory.Retention, cards[0].Category);
        Assert.Equal(SignalKind.ThreatToLeave, cards[0].Reason.Signal);
    }

    [Fact]
    public void Greeting_OnlyOnTheFirstCustomerTurn()
    {
        var c = New();
        var hello = Said(c, Customer(Mood.Neutral) with { Words = 3 }, 1);
        Assert.Equal(PhraseCategory.Greeting, Cards(c, hello)[0].Category);

        var later = Said(c, Customer(Mood.Neutral) with { Words = 12 }, 30);

        Assert.DoesNotContain(Cards(c, later), card => card.Category == PhraseCategory.Greeting);
    }

    [Fact]
    public void ManagerRequest_EscalationCardFirst_GoneOnceTheHandOverIsArranged()
    {
        var c = New();
        var ask = Said(c, Customer(Mood.Annoyed, SignalKind.ManagerRequest) with { Words = 8 }, 1);
        Assert.Equal(PhraseCategory.Escalation, Cards(c, ask)[0].Category);

        c.AgentSaid(Agent(SignalKind.EscalationOffer), T0.AddSeconds(20));
        var calm = Said(c, Customer(Mood.Neutral) with { Words = 6 }, 40);

        Assert.DoesNotContain(Cards(c, calm), card => card.Category == PhraseCategory.Escalation);
    }

    [Fact]
    public void ACardOnScreenForTwoCustomerTurns_GivesWayToAnotherWording()
    {
        var c = At(Stage.Listening);
        var shown = new List<IReadOnlyList<string>>();
        for (var i = 0; i < 4; i++)
        {
            var reading = Said(c, Customer(Mood.Angry) with { Words = 15 }, 10 * (i + 1));
            shown.Add(Cards(c, reading).Select(card => card.PhraseId).ToList());
        }

        for (var i = 2; i < shown.Count; i++)
        {
            Assert.Empty(shown[i].Intersect(shown[i - 1]).Intersect(shown[i - 2]));
        }

        Assert.All(c.Suggestions, card => Assert.InRange(card.ShownTurns, 1, SuggestionEngine.MaxShownTurns));
    }

    [Fact]
    public void Variants_DifferBetweenConversations()
    {
        var first = new HashSet<string>();
        for (var i = 0; i < 12; i++)
        {
            var c = new Conversation(new Guid(i + 1, 7, 7, new byte[8]), Channel.Chat, "Maria Lopez", "a broken blender", "ana", "Ana Ruiz", "care-1", T0);
            var reading = Said(c, Customer(Mood.Angry) with { Words = 15 }, 1);
            first.Add(Cards(c, reading)[0].PhraseId);
        }

        Assert.True(first.Count >= 2, "the same wording opened every conversation");
    }

    [Fact]
    public void Coach_ReadsTheTurnsShape_SoAOneWordHelloStaysInOpening()
    {
        var c = New();

        _coach.Process(c, Speaker.Customer, "hiya", T0, SignalReading.Empty, []);

        Assert.Equal(Stage.Opening, c.Stage);
        _coach.Process(c, Speaker.Customer, "my blender stopped working after a week and the jug leaks", T0.AddSeconds(5), SignalReading.Empty, []);
        Assert.NotEqual(Stage.Opening, c.Stage);
    }

    [Fact]
    public void CustomerSettling_ConfirmsWhatWasAgreed_RatherThanAskingMore()
    {
        var c = At(Stage.Clarifying);
        Said(c, Customer(Mood.Neutral) with { Words = 10 }, 5);
        var settling = Said(c, Customer(Mood.Positive, SignalKind.Calming) with { Words = 5 }, 15);

        var cards = Cards(c, settling);

        Assert.Equal(PhraseCategory.ConfirmSolution, cards[0].Category);
        Assert.DoesNotContain(cards, card => card.Category is PhraseCategory.ClarifyingQuestion or PhraseCategory.Greeting);
    }

    [Fact]
    public void EveryLadderScriptInTheLibrary_ReadsAsABoundaryStatement()
    {
        var reader = new SignalReader();
        foreach (var phrase in Library.Phrases.Where(p => p.Category == PhraseCategory.Boundary))
        {
            var text = phrase.Text.Replace("{customer}", "Sam", StringComparison.Ordinal).Replace("{issue}", "the late order", StringComparison.Ordinal);
            Assert.True(reader.Read(Speaker.Agent, text).Has(SignalKind.BoundaryStatement), phrase.Id);
        }
    }

    [Fact]
    public void LadderCardUsed_StatesTheStep_SoTheNextAbuseClimbs()
    {
        var c = New();
        _coach.Process(c, Speaker.Customer, "you are a useless idiot", T0, SignalReading.Empty, []);
        Assert.Equal((Stage.BoundarySetting, 1), (c.Stage, c.BoundaryStep));
        var card = Assert.Single(c.Suggestions, s => s.Category == PhraseCategory.Boundary);

        _coach.Process(c, Speaker.Agent, "Right.", T0.AddSeconds(10), SignalReading.Empty, [], usedPhraseId: card.PhraseId);
        Assert.True(c.BoundaryStated);
        _coach.Process(c, Speaker.Customer, "you absolute moron", T0.AddSeconds(20), SignalReading.Empty, []);

        Assert.Equal(2, c.BoundaryStep);
    }

    [Fact]
    public void AnEmpathyCardUsed_CountsAsAcknowledging_WhateverItsWording()
    {
        var plain = new Phrase { Id = "plain-empathy", Stage = Stage.Listening, Category = PhraseCategory.Empathy, Text = "What a week you have had with this." };
        var coach = new Coach(new SignalReader(), () => new PhraseLibrary([plain], []));
        var c = New();
        coach.Process(c, Speaker.Customer, "I am absolutely furious, this is the third time!!!", T0, SignalReading.Empty, []);
        Assert.Equal(Stage.Listening, c.Stage);

        coach.Process(c, Speaker.Agent, "What a week you have had with this.", T0.AddSeconds(10), SignalReading.Empty, [], usedPhraseId: "plain-empathy");

        Assert.Equal(Stage.Clarifying, c.Stage);
        Assert.Equal(SignalKind.Acknowledgement, Coach.MoveOf(PhraseCategory.Empathy));
    }
}
