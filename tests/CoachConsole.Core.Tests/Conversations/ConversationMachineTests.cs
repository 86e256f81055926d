using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;

namespace CoachConsole.Core.Tests.Conversations;

public sealed class ConversationMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    internal static SignalReading Customer(Mood mood, SignalKind signals = SignalKind.None)
    {
        var heat = mood switch { Mood.Angry => 0.8, Mood.Annoyed => 0.45, Mood.Positive => 0, _ => 0.1 };
        if (mood is Mood.Angry or Mood.Annoyed)
        {
            signals |= SignalKind.Venting;
        }

        return new SignalReading(heat, mood, signals, []);
    }

    internal static SignalReading Agent(SignalKind signals) => new(0, Mood.Neutral, signals, []);

    internal static Conversation New(Channel channel = Channel.Chat) =>
        new(Guid.NewGuid(), channel, "Maria Lopez", "a broken blender", "ana", "Ana Ruiz", "care-1", T0);

    /// <summary>Drives a conversation to a stage through the turns an agent and customer would have.</summary>
    internal static Conversation At(Stage stage, Channel channel = Channel.Chat)
    {
        var c = New(channel);
        var at = T0;
        void C(SignalReading r) => c.CustomerSaid(r, at = at.AddSeconds(5));
        void A(SignalKind s) => c.AgentSaid(Agent(s), at = at.AddSeconds(5));
        switch (stage)
        {
            case Stage.Opening:
                break;
            case Stage.Listening:
                C(Customer(Mood.Angry));
                break;
            case Stage.Acknowledging:
                C(Customer(Mood.Angry));
                A(SignalKind.None);
                break;
            case Stage.Clarifying:
                C(Customer(Mood.Angry));
                A(SignalKind.Acknowledgement);
                break;
            case Stage.Resolving:
                A(SignalKind.ClarifyingQuestion);
                C(Customer(Mood.Neutral));
                break;
            case Stage.Confirming:
                A(SignalKind.ClarifyingQuestion);
                C(Customer(Mood.Neutral));
                A(SignalKind.OfferOfOptions);
                break;
            case Stage.Closing:
                A(SignalKind.OfferOfOptions);
                C(Customer(Mood.Neutral, SignalKind.Acceptance));
                break;
            case Stage.Escalating:
                C(Customer(Mood.Annoyed, SignalKind.ManagerRequest));
                break;
            case Stage.SupervisorEngaged:
                C(Customer(Mood.Annoyed, SignalKind.ManagerRequest));
                c.SupervisorJoined(at.AddSeconds(5));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(stage));
        }

        Assert.Equal(stage, c.Stage);
        return c;
    }

    public static TheoryData<Stage, string, Stage> CustomerTransitions => new()
    {
        { Stage.Opening, "angry", Stage.Listening },
        { Stage.Opening, "neutral", Stage.Clarifying },
        { Stage.Opening, "hello", Stage.Opening },
        { Stage.Opening, "abuse", Stage.BoundarySetting },
        { Stage.Opening, "manager", Stage.Escalating },
        { Stage.Listening, "angry", Stage.Listening },
        { Stage.Listening, "neutral", Stage.Acknowledging },
        { Stage.Acknowledging, "angry", Stage.Listening },
        { Stage.Acknowledging, "calming", Stage.Clarifying },
        { Stage.Clarifying, "angry", Stage.Acknowledging },
        { Stage.Resolving, "angry", Stage.Acknowledging },
        { Stage.Confirming, "angry", Stage.Acknowledging },
        { Stage.Confirming, "accept", Stage.Closing },
        { Stage.Confirming, "reject", Stage.Resolving },
        { Stage.Confirming, "abuse", Stage.BoundarySetting },
        { Stage.Closing, "angry", Stage.Listening },
        { Stage.Closing, "calming", Stage.Closing },
        { Stage.Escalating, "manager", Stage.Escalating },
        { Stage.Escalating, "abuse", Stage.BoundarySetting },
        { Stage.SupervisorEngaged, "angry", Stage.SupervisorEngaged },
    };

    [Theory]
    [MemberData(nameof(CustomerTransitions))]
    public void CustomerSaid_FromStage_MovesToExpectedStage(Stage from, string what, Stage expected)
    {
        var c = At(from);
        var reading = what switch
        {
            "angry" => Customer(Mood.Angry),
            "neutral" => Customer(Mood.Neutral),
            "hello" => Customer(Mood.Neutral) with { Words = 2 },
            "abuse" => Customer(Mood.Angry, SignalKind.Abuse),
            "manager" => Customer(Mood.Annoyed, SignalKind.ManagerRequest),
            "calming" => Customer(Mood.Positive, SignalKind.Calming),
            "accept" => Customer(Mood.Neutral, SignalKind.Acceptance),
            "reject" => Customer(Mood.Neutral, SignalKind.Rejection),
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };

        c.CustomerSaid(reading, T0.AddMinutes(1));

        Assert.Equal(expected, c.Stage);
    }

    public static TheoryData<Stage, SignalKind, Stage> AgentTransitions => new()
    {
        { Stage.Opening, SignalKind.ClarifyingQuestion, Stage.Clarifying },
        { Stage.Opening, SignalKind.Acknowledgement, Stage.Clarifying },
        { Stage.Opening, SignalKind.None, Stage.Opening },
        { Stage.Listening, SignalKind.None, Stage.Acknowledging },
        { Stage.Listening, SignalKind.Apology, Stage.Clarifying },
        { Stage.Acknowledging, SignalKind.Acknowledgement, Stage.Clarifying },
        { Stage.Acknowledging, SignalKind.None, Stage.Acknowledging },
        { Stage.Clarifying, SignalKind.ClarifyingQuestion, Stage.Clarifying },
        { Stage.Clarifying, SignalKind.OfferOfOptions, Stage.Confirming },
        { Stage.Resolving, SignalKind.OfferOfOptions, Stage.Confirming },
        { Stage.Confirming, SignalKind.OfferOfOptions, Stage.Confirming },
        { Stage.Clarifying, SignalKind.EscalationOffer, Stage.Escalating },
        { Stage.Closing, SignalKind.FollowUpPromise, Stage.Closing },
    };

    [Theory]
    [MemberData(nameof(AgentTransitions))]
    public void AgentSaid_FromStage_MovesToExpectedStage(Stage from, SignalKind signals, Stage expected)
    {
        var c = At(from);

        c.AgentSaid(Agent(signals), T0.AddMinutes(1));

        Assert.Equal(expected, c.Stage);
    }

    [Fact]
    public void CustomerSaid_HeatPersistsAfterTwoAcknowledgements_Escalates()
    {
        var c = New();
        var at = T0;
        c.CustomerSaid(Customer(Mood.Angry), at = at.AddSeconds(5));
        c.AgentSaid(Agent(SignalKind.Acknowledgement), at = at.AddSeconds(5));
        Assert.Equal(Stage.Clarifying, c.Stage);
        c.CustomerSaid(Customer(Mood.Angry), at = at.AddSeconds(5));
        Assert.Equal(Stage.Acknowledging, c.Stage);
        c.AgentSaid(Agent(SignalKind.Apology), at = at.AddSeconds(5));
        Assert.Equal(Stage.Clarifying, c.Stage);

        var moves = c.CustomerSaid(Customer(Mood.Angry), at.AddSeconds(5));

        Assert.Equal(Stage.Escalating, c.Stage);
        Assert.Equal(Trigger.HeatSpiked, Assert.Single(moves).Trigger);
    }

    [Fact]
    public void CustomerSaid_CalmTurnBetweenAcknowledgements_ResetsThePersistenceCount()
    {
        var c = New();
        var at = T0;
        c.CustomerSaid(Customer(Mood.Angry), at = at.AddSeconds(5));
        c.AgentSaid(Agent(SignalKind.Acknowledgement), at = at.AddSeconds(5));
        c.CustomerSaid(Customer(Mood.Neutral), at = at.AddSeconds(5));
        c.CustomerSaid(Customer(Mood.Angry), at = at.AddSeconds(5));
        c.AgentSaid(Agent(SignalKind.Acknowledgement), at = at.AddSeconds(5));

        c.CustomerSaid(Customer(Mood.Angry), at.AddSeconds(5));

        Assert.Equal(Stage.Acknowledging, c.Stage);
    }

    [Fact]
    public void CustomerSaid_OptionsRejectedTwice_Escalates()
    {
        var c = At(Stage.Confirming);
        c.CustomerSaid(Customer(Mood.Neutral, SignalKind.Rejection), T0.AddMinutes(1));
        Assert.Equal(Stage.Resolving, c.Stage);
        c.AgentSaid(Agent(SignalKind.OfferOfOptions), T0.AddMinutes(2));
        Assert.Equal(Stage.Confirming, c.Stage);

        c.CustomerSaid(Customer(Mood.Neutral, SignalKind.Rejection), T0.AddMinutes(3));

        Assert.Equal(Stage.Escalating, c.Stage);
    }

    [Fact]
    public void BoundaryLadder_ClimbsThreeStepsThenPolicyEnd_AndReturnsToInterruptedStage()
    {
        var c = At(Stage.Clarifying);
        var abuse = Customer(Mood.Angry, SignalKind.Abuse);

        var stated = Agent(SignalKind.BoundaryStatement);

        c.CustomerSaid(abuse, T0.AddMinutes(1));
        Assert.Equal((Stage.BoundarySetting, 1, Stage.Clarifying), (c.Stage, c.BoundaryStep, c.InterruptedStage!.Value));
        c.AgentSaid(stated, T0.AddMinutes(1.5));
        c.CustomerSaid(abuse, T0.AddMinutes(2));
        Assert.Equal(2, c.BoundaryStep);
        c.AgentSaid(stated, T0.AddMinutes(2.5));
        c.CustomerSaid(abuse, T0.AddMinutes(3));
        Assert.Equal(3, c.BoundaryStep);
        c.AgentSaid(stated, T0.AddMinutes(3.5));
        c.CustomerSaid(abuse, T0.AddMinutes(4));
        Assert.Equal(Conversation.PolicyEndStep, c.BoundaryStep);
        c.AgentSaid(stated, T0.AddMinutes(4.5));
        c.CustomerSaid(abuse, T0.AddMinutes(5));
        Assert.Equal(Conversation.PolicyEndStep, c.BoundaryStep);
        Assert.Equal(Stage.Clarifying, c.InterruptedStage);

        var moves = c.CustomerSaid(Customer(Mood.Neutral), T0.AddMinutes(6));

        Assert.Equal(Stage.Clarifying, c.Stage);
        Assert.Null(c.InterruptedStage);
        Assert.Contains(moves, m => m.Trigger == Trigger.CustomerRespectful && m.To == Stage.Clarifying);
    }

    [Fact]
    public void BoundaryLadder_RespectfulManagerRequest_ReturnsThenEscalates()
    {
        var c = At(Stage.Resolving);
        c.CustomerSaid(Customer(Mood.Angry, SignalKind.Abuse), T0.AddMinutes(1));

        var moves = c.CustomerSaid(Customer(Mood.Annoyed, SignalKind.ManagerRequest), T0.AddMinutes(2));

        Assert.Equal([Stage.Resolving, Stage.Escalating], moves.Select(m => m.To));
        Assert.Equal(Stage.Escalating, c.Stage);
    }

    [Fact]
    public void BoundaryLadder_AgentTurnsDoNotLeaveTheLadder()
    {
        var c = At(Stage.Acknowledging);
        c.CustomerSaid(Customer(Mood.Angry, SignalKind.Abuse), T0.AddMinutes(1));

        c.AgentSaid(Agent(SignalKind.BoundaryStatement | SignalKind.Acknowledgement), T0.AddMinutes(2));

        Assert.Equal(Stage.BoundarySetting, c.Stage);
    }

    [Fact]
    public void Tick_VoiceCallSilentAfterVenting_MovesToAcknowledgingOnlyWhenThePauseIsLongEnough()
    {
        var c = New(Channel.Voice);
        var vented = T0.AddSeconds(10);
        c.CustomerSaid(Customer(Mood.Angry), vented);
        var timings = new ConversationTimings { PauseAfterVenting = TimeSpan.FromSeconds(3) };

        Assert.Empty(c.Tick(vented.AddSeconds(2), timings));
        Assert.Equal(Stage.Listening, c.Stage);

        var moves = c.Tick(vented.AddSeconds(3), timings);

        Assert.Equal(Stage.Acknowledging, c.Stage);
        Assert.Equal(Trigger.CustomerPaused, Assert.Single(moves).Trigger);
        Assert.Equal(vented.AddSeconds(3), c.StageEnteredAt);
    }

    [Fact]
    public void Tick_ChatSilentAfterVenting_StaysListening()
    {
        var c = New(Channel.Chat);
        c.CustomerSaid(Customer(Mood.Angry), T0);

        Assert.Empty(c.Tick(T0.AddMinutes(1), ConversationTimings.Default));
        Assert.Equal(Stage.Listening, c.Stage);
    }

    [Theory]
    [InlineData(Stage.Listening, Stage.Acknowledging)]
    [InlineData(Stage.Clarifying, Stage.Resolving)]
    public void Tick_StuckTooLong_MovesOnAtTheDueTimeAndNotBefore(Stage stuckIn, Stage movesTo)
    {
        var c = At(stuckIn);
        var timings = new ConversationTimings { StuckInStage = TimeSpan.FromMinutes(5) };
        var due = c.NextTimerDue(timings);
        Assert.Equal(c.StageEnteredAt.AddMinutes(5), due);

        Assert.Empty(c.Tick(due!.Value.AddSeconds(-1), timings));
        var move = Assert.Single(c.Tick(due.Value, timings));

        Assert.Equal((Trigger.StuckTooLong, movesTo), (move.Trigger, c.Stage));
    }

    [Fact]
    public void NextTimerDue_StagesWithoutTimers_IsNull()
    {
        var timings = ConversationTimings.Default;

        Assert.Null(At(Stage.Resolving).NextTimerDue(timings));
        Assert.Null(At(Stage.Escalating).NextTimerDue(timings));
        Assert.Equal(At(Stage.Listening, Channel.Voice).LastCustomerTurnAt + timings.PauseAfterVenting, At(Stage.Listening, Channel.Voice).NextTimerDue(timings));
    }

    [Fact]
    public void IsStuck_LongInOneWorkingStage_IsTrueOnlyAfterTheLimit()
    {
        var c = At(Stage.Clarifying);
        var timings = new ConversationTimings { StuckInStage = TimeSpan.FromMinutes(5) };

        Assert.False(c.IsStuck(c.StageEnteredAt.AddMinutes(4), timings));
        Assert.True(c.IsStuck(c.StageEnteredAt.AddMinutes(5), timings));
    }

    [Fact]
    public void End_ThenAnotherTurn_IsRefused()
    {
        var c = At(Stage.Resolving);
        Assert.Single(c.End(T0.AddMinutes(9)));
        Assert.Equal(Stage.Ended, c.Stage);
        Assert.Empty(c.End(T0.AddMinutes(10)));

        Assert.Throws<ConversationEndedException>(() => c.CustomerSaid(Customer(Mood.Neutral), T0.AddMinutes(10)));
    }

    [Fact]
    public void Transitions_CarryTheReasonWithTheCues()
    {
        var c = New();
        var reading = new SignalReading(0.9, Mood.Angry, SignalKind.Abuse | SignalKind.Venting, [new Cue(SignalKind.Abuse, 0, 12, "you're useless")]);

        var move = Assert.Single(c.CustomerSaid(reading, T0));

        Assert.Equal(Stage.Opening, move.From);
        Assert.Equal(Stage.BoundarySetting, move.To);
        Assert.Contains("you're useless", move.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Mermaid_MatchesTheDiagramInTheReadme()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var diagram = Conversation.ToMermaid().ReplaceLineEndings("\n").Trim();

        Assert.Contains("stateDiagram-v2", diagram, StringComparison.Ordinal);
        Assert.True(
            readme.ReplaceLineEndings("\n").Contains(diagram, StringComparison.Ordinal),
            "The stage diagram in README.md is out of date. Replace it with:\n" + diagram);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CoachConsole.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run the tests inside the repository.");
    }
}
