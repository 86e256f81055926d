using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Practice;
using CoachConsole.Core.Signals;
using Xunit.Abstractions;

namespace CoachConsole.Core.Tests.Practice;

/// <summary>Practice sessions against the shipped personas, read by the real signal reader.</summary>
public sealed class PracticeSessionTests(ITestOutputHelper output)
{
    private static readonly SignalReader Reader = new();
    private static readonly PhraseLibrary Library = DefaultLibrary.Load();

    private static readonly string[] GoodReplies =
    [
        "I hear you, that sounds really frustrating, and I'm sorry.",
        "Could you tell me the order number so I can look into it?",
        "I can offer you a full refund or a replacement, which would you prefer?",
        "I can offer you a full refund or a replacement, which would you prefer?",
    ];

    private static readonly string[] BadReplies =
    [
        "Just send it back and we'll refund you.",
        "Calm down, please.",
        "That's our policy.",
        "There's nothing we can do.",
    ];

    private static PracticeSession New(string personaId, int seed = 7) =>
        new(DefaultPersonas.Get(personaId), Reader, () => Library, seed, "Alex");

    private PracticeSession Play(string personaId, IEnumerable<string> replies, int seed = 7)
    {
        var session = New(personaId, seed);
        session.Start();
        foreach (var reply in replies)
        {
            if (session.IsOver)
            {
                break;
            }

            session.Reply(reply);
        }

        foreach (var t in session.Transcript)
        {
            output.WriteLine($"{t.Number} {t.Speaker} heat={t.Heat:0.00} read={t.ReadHeat:0.00} {t.StageAfter} {t.Mood} {t.Signals}: {t.Text}");
        }

        return session;
    }

    private void Print(Scorecard card)
    {
        foreach (var l in card.Lines)
        {
            output.WriteLine($"{l.Technique}: {l.Result} — {l.Reason}");
        }
    }

    [Fact]
    public void GoodTrainee_AcknowledgesApologisesClarifiesOffers_LowersHeatAndReachesClosingWithMostlyMet()
    {
        var session = Play("defective-blender", GoodReplies);
        var card = session.Score();
        Print(card);

        Assert.Equal(PracticeOutcome.Resolved, session.Outcome);
        Assert.Equal(Stage.Closing, session.Conversation.Stage);
        Assert.True(session.Heat < DefaultPersonas.Get("defective-blender").StartHeat - 0.3, $"heat {session.Heat}");
        Assert.Equal(ScoreResult.Met, card[Technique.Listened].Result);
        Assert.Equal(ScoreResult.Met, card[Technique.Acknowledged].Result);
        Assert.Equal(ScoreResult.Met, card[Technique.Apologised].Result);
        Assert.Equal(ScoreResult.Met, card[Technique.Clarified].Result);
        Assert.Equal(ScoreResult.Met, card[Technique.OfferedOptions].Result);
        Assert.Equal(ScoreResult.Met, card[Technique.AvoidedPhrasesToAvoid].Result);
        Assert.Equal(0, card.Missed);
        Assert.True(card.Met >= 6);
    }

    [Fact]
    public void BadTrainee_PhrasesToAvoidAndSolutionsWhileVenting_RaisesHeatAndMissesListeningAndAvoidance()
    {
        var start = DefaultPersonas.Get("defective-blender").StartHeat;
        var session = Play("defective-blender", BadReplies);
        var card = session.Score();
        Print(card);

        Assert.True(session.Heat > start, $"heat {session.Heat}");
        Assert.NotEqual(Stage.Closing, session.Conversation.Stage);
        Assert.Equal(ScoreResult.Missed, card[Technique.AvoidedPhrasesToAvoid].Result);
        Assert.Contains("line", card[Technique.AvoidedPhrasesToAvoid].Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ScoreResult.Missed, card[Technique.Listened].Result);
        Assert.StartsWith("Line 2", card[Technique.Listened].Reason, StringComparison.Ordinal);
        Assert.Equal(ScoreResult.Missed, card[Technique.Acknowledged].Result);
    }

    [Fact]
    public void DismissiveReplyToAVentingCustomer_IsNotListening_AndIsAPhraseToAvoid()
    {
        var session = Play("defective-blender", ["Calm down, sir. That's our policy."]);
        var card = session.Score();
        Print(card);

        Assert.Equal(ScoreResult.Missed, card[Technique.Listened].Result);
        Assert.Contains("Calm down", card[Technique.Listened].Reason, StringComparison.Ordinal);
        Assert.Equal(ScoreResult.Missed, card[Technique.AvoidedPhrasesToAvoid].Result);
        Assert.Equal(ScoreResult.Missed, card[Technique.Acknowledged].Result);
    }

    [Fact]
    public void AbusiveCaller_BoundaryStatementDuringAbuse_ReachesBoundarySettingAndScoresBoundaryMet()
    {
        var session = New("abusive-caller");
        session.Start();
        session.Reply("I'm sorry the delivery is so late, I understand how frustrating that is.");
        Assert.Equal(Stage.BoundarySetting, session.Conversation.Stage);
        Assert.Contains(session.Suggestions, s => s.LadderStep == 1);

        var answer = session.Reply("I want to help you, but I won't accept being called names. If it continues I will have to end the call.");
        Play(session, "Could you tell me the order number so I can look into it?", "I can offer you a delivery slot this week or a full refund, which would you prefer?");
        var card = session.Score();
        Print(card);

        Assert.Equal(CustomerMood.Respectful, answer.Mood);
        Assert.NotEqual(Stage.BoundarySetting, answer.StageAfter);
        Assert.Equal(ScoreResult.Met, card[Technique.SetBoundaryWell].Result);
    }

    [Fact]
    public void AbusiveCaller_NoBoundaryStatement_ScoresBoundaryMissed()
    {
        var session = Play("abusive-caller", ["I'm sorry the delivery is so late, I understand how frustrating that is.", "Could you tell me the order number?"]);
        var card = session.Score();
        Print(card);

        Assert.Equal(ScoreResult.Missed, card[Technique.SetBoundaryWell].Result);
    }

    [Fact]
    public void ManagerPersona_TraineeOffersEscalation_ScoresEscalatedWhenRightMet()
    {
        var session = Play("wants-manager", ["I'm so sorry, that sounds really frustrating.", "I can bring in my supervisor to help with this."]);
        var card = session.Score();
        Print(card);

        Assert.Equal(PracticeOutcome.Escalated, session.Outcome);
        Assert.Equal(ScoreResult.Met, card[Technique.EscalatedWhenRight].Result);
    }

    [Fact]
    public void ManagerPersona_TraineeNeverOffersEscalation_ScoresEscalatedWhenRightMissed()
    {
        var session = Play("wants-manager", ["I'm so sorry, that sounds really frustrating.", "Could you tell me the booking reference?", "I understand, I'm sorry."]);
        var card = session.Score();
        Print(card);

        Assert.Contains(session.Transcript, t => t.Mood == CustomerMood.WantsManager);
        Assert.Equal(ScoreResult.Missed, card[Technique.EscalatedWhenRight].Result);
    }

    [Fact]
    public void EscalationOffer_WhenNobodyAskedForAManager_ScoresEscalatedWhenRightMissed()
    {
        var session = Play("defective-blender", ["I hear you, that sounds really frustrating, and I'm sorry.", "I can bring in my supervisor to help with this."]);
        var card = session.Score();
        Print(card);

        Assert.Equal(ScoreResult.Missed, card[Technique.EscalatedWhenRight].Result);
    }

    [Fact]
    public void NoEscalationNeeded_ScoresEscalatedWhenRightNotApplicable()
    {
        var card = Play("defective-blender", GoodReplies).Score();

        Assert.Equal(ScoreResult.NotApplicable, card[Technique.EscalatedWhenRight].Result);
        Assert.Equal(ScoreResult.NotApplicable, card[Technique.SetBoundaryWell].Result);
    }

    [Fact]
    public void Session_SameSeedAndReplies_GivesTheSameTranscript()
    {
        string[] replies = [.. BadReplies.Take(2), .. GoodReplies];
        foreach (var persona in DefaultPersonas.Load())
        {
            var a = Play(persona.Id, replies, seed: 42).Transcript;
            var b = Play(persona.Id, replies, seed: 42).Transcript;

            Assert.Equal(
                a.Select(t => (t.Speaker, t.Text, t.Heat, t.StageAfter, t.Mood)),
                b.Select(t => (t.Speaker, t.Text, t.Heat, t.StageAfter, t.Mood)));
        }
    }

    [Fact]
    public void Session_TurnLimit_EndsTheSession()
    {
        var persona = DefaultPersonas.Get("repeat-contact");
        var session = Play(persona.Id, Enumerable.Repeat("Okay.", persona.MaxReplies + 3));

        Assert.True(session.IsOver);
        Assert.Equal(persona.MaxReplies, session.Replies);
        Assert.Throws<InvalidOperationException>(() => session.Reply("Hello?"));
    }

    [Fact]
    public void Session_ShowsTheCoachsCards_AsOnALiveConsole()
    {
        var session = New("billing-dispute");
        var opening = session.Start();

        Assert.Equal(Speaker.Customer, opening.Speaker);
        Assert.Equal(Stage.Listening, opening.StageAfter);
        Assert.NotEmpty(session.Suggestions);
        Assert.All(session.Suggestions, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason.ToString())));
    }

    [Fact]
    public void DefaultPersonas_EveryPersona_LoadsAndStarts()
    {
        var personas = DefaultPersonas.Load();

        Assert.True(personas.Count >= 5);
        Assert.Equal(personas.Count, personas.Select(p => p.Id).Distinct().Count());
        foreach (var persona in personas)
        {
            var session = New(persona.Id);
            var opening = session.Start();
            Assert.Contains(opening.Text, persona.Opening);
            Assert.True(opening.Has(SignalKind.Venting) || opening.ReadHeat >= 0.4, $"{persona.Id} opens calm: {opening.Text}");
            Assert.NotEqual(Stage.Opening, session.Conversation.Stage);
            Assert.False(session.IsOver);
        }
    }

    [Fact]
    public void DefaultPersonas_EveryLine_ReadsAsItsMood()
    {
        foreach (var persona in DefaultPersonas.Load())
        {
            foreach (var text in persona.Opening)
            {
                Assert.True(Reader.Read(Speaker.Customer, text).IsHot, $"{persona.Id} opening reads calm: {text}");
            }

            foreach (var line in persona.Lines)
            {
                var r = Reader.Read(Speaker.Customer, line.Text);
                var why = $"{persona.Id} {line.Mood}: \"{line.Text}\" read {r.Mood} {r.Signals}";
                switch (line.Mood)
                {
                    case CustomerMood.Angry or CustomerMood.Interrupted:
                        Assert.True(r.IsHot && !r.Has(SignalKind.Abuse), why);
                        break;
                    case CustomerMood.Abusive:
                        Assert.True(r.Has(SignalKind.Abuse), why);
                        break;
                    case CustomerMood.Accepting:
                        Assert.True(r.Has(SignalKind.Acceptance) && !r.IsHot, why);
                        break;
                    case CustomerMood.Rejecting:
                        Assert.True(r.Has(SignalKind.Rejection), why);
                        break;
                    case CustomerMood.WantsManager:
                        Assert.True(r.Has(SignalKind.ManagerRequest) && !r.Has(SignalKind.Abuse), why);
                        break;
                    default:
                        Assert.True(!r.IsHot && !r.Has(SignalKind.Abuse) && !r.Has(SignalKind.Acceptance) && !r.Has(SignalKind.Rejection) && !r.Has(SignalKind.ManagerRequest), why);
                        break;
                }
            }
        }
    }

    private static void Play(PracticeSession session, params string[] replies)
    {
        foreach (var reply in replies.TakeWhile(_ => !session.IsOver))
        {
            session.Reply(reply);
        }
    }
}
