using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using static CoachConsole.Core.Tests.Conversations.ConversationMachineTests;

namespace CoachConsole.Core.Tests.Conversations;

/// <summary>The stage model as a coach would describe it: closing on thanks, ways out of Escalating, a ladder that waits for the agent.</summary>
public sealed class StageModelTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 14, 0, 0, TimeSpan.Zero);

    private static SignalReading Thanks(bool asks = false) =>
        Customer(Mood.Positive, SignalKind.Thanks | SignalKind.Calming) with { AsksQuestion = asks, Words = 6 };

    [Theory]
    [InlineData(Stage.Listening)]
    [InlineData(Stage.Acknowledging)]
    [InlineData(Stage.Clarifying)]
    [InlineData(Stage.Resolving)]
    [InlineData(Stage.Confirming)]
    [InlineData(Stage.Escalating)]
    public void SincereThanks_FromAnyWorkingStage_LeadsToClosing(Stage from)
    {
        var c = At(from);

        var moves = c.CustomerSaid(Thanks(), T0);

        Assert.Equal(Stage.Closing, c.Stage);
        Assert.Equal(Trigger.CustomerThanked, Assert.Single(moves).Trigger);
    }

    [Fact]
    public void ThanksWithAQuestion_HelpStillUnderWay_StaysInTheStage()
    {
        var c = At(Stage.Resolving);

        c.CustomerSaid(Thanks(asks: true), T0);

        Assert.Equal(Stage.Resolving, c.Stage);
    }

    [Fact]
    public void Opening_IsLeftOnTheFirstTurnThatTellsTheIssue_NotOnAHello()
    {
        var c = New();

        c.CustomerSaid(Customer(Mood.Neutral) with { Words = 1 }, T0);
        Assert.Equal(Stage.Opening, c.Stage);

        c.CustomerSaid(Customer(Mood.Neutral) with { Words = 14 }, T0.AddSeconds(20));
        Assert.Equal(Stage.Clarifying, c.Stage);
    }

    [Fact]
    public void Escalating_AgentArrangesTheHandOver_MovesToClosing()
    {
        var c = At(Stage.Escalating);

        var moves = c.AgentSaid(Agent(SignalKind.EscalationOffer | SignalKind.FollowUpPromise), T0);

        Assert.Equal(Stage.Closing, c.Stage);
        Assert.Equal(Trigger.AgentHandedOver, Assert.Single(moves).Trigger);
        Assert.True(c.HandedOver);
    }

    [Fact]
    public void Escalating_AgentAsksWhatHappenedFirst_WorksTheProblemInClarifying()
    {
        var c = At(Stage.Escalating);

        c.AgentSaid(Agent(SignalKind.EscalationOffer | SignalKind.ClarifyingQuestion), T0);

        Assert.Equal(Stage.Clarifying, c.Stage);
    }

    [Fact]
    public void Escalating_CustomerSoftensBeforeAnyHandOver_WithdrawsTheRequest()
    {
        var c = At(Stage.Escalating);

        c.CustomerSaid(Customer(Mood.Neutral, SignalKind.Acceptance) with { Words = 6 }, T0);

        Assert.Equal(Stage.Resolving, c.Stage);
    }

    [Fact]
    public void Escalating_CalmTurnWithoutSoftening_WaitsForTheHandOver()
    {
        var c = At(Stage.Escalating);

        c.CustomerSaid(Customer(Mood.Neutral) with { Words = 6 }, T0);

        Assert.Equal(Stage.Escalating, c.Stage);
    }

    [Fact]
    public void Ladder_AbuseBeforeTheAgentStatedTheStep_KeepsTheStep()
    {
        var c = At(Stage.Clarifying);
        var abuse = Customer(Mood.Angry, SignalKind.Abuse);

        c.CustomerSaid(abuse, T0);
        c.CustomerSaid(abuse, T0.AddSeconds(20));
        c.CustomerSaid(abuse, T0.AddSeconds(40));

        Assert.Equal((Stage.BoundarySetting, 1, false), (c.Stage, c.BoundaryStep, c.BoundaryStated));
    }

    [Fact]
    public void Ladder_StatedStep_IsRememberedAfterTheCustomerCalms_AndTheNextAbuseClimbs()
    {
        var c = At(Stage.Resolving);
        var abuse = Customer(Mood.Angry, SignalKind.Abuse);
        c.CustomerSaid(abuse, T0);
        var stated = c.AgentSaid(Agent(SignalKind.BoundaryStatement | SignalKind.Acknowledgement), T0.AddSeconds(10));
        Assert.Empty(stated);
        Assert.True(c.BoundaryStated);

        c.CustomerSaid(Customer(Mood.Neutral) with { Words = 8 }, T0.AddSeconds(20));
        Assert.Equal(Stage.Resolving, c.Stage);
        c.CustomerSaid(abuse, T0.AddSeconds(30));

        Assert.Equal((Stage.BoundarySetting, 2, false), (c.Stage, c.BoundaryStep, c.BoundaryStated));
    }

    [Fact]
    public void Confirming_CalmReplyToTheOffer_IsTakenAsAcceptance_AQuestionAboutItIsNot()
    {
        var asked = At(Stage.Confirming);
        asked.CustomerSaid(Customer(Mood.Neutral) with { Words = 7, AsksQuestion = true }, T0);
        Assert.Equal(Stage.Confirming, asked.Stage);

        var took = At(Stage.Confirming);
        took.CustomerSaid(Customer(Mood.Neutral) with { Words = 3 }, T0);
        Assert.Equal(Stage.Closing, took.Stage);
    }

    [Fact]
    public void Memory_AgentMovesAreKeptUntilTheCustomerAnswersThem()
    {
        var c = At(Stage.Clarifying);
        c.CustomerSaid(Customer(Mood.Neutral) with { Words = 9 }, T0.AddSeconds(-10));
        c.AgentSaid(Agent(SignalKind.Apology | SignalKind.ClarifyingQuestion), T0);
        Assert.Equal(SignalKind.Apology | SignalKind.ClarifyingQuestion, c.RecentAgentMoves);

        c.CustomerSaid(Customer(Mood.Neutral) with { Words = 5 }, T0.AddSeconds(10));

        Assert.Equal(SignalKind.None, c.AgentMovesSinceCustomer);
        Assert.Equal(SignalKind.Apology | SignalKind.ClarifyingQuestion, c.AgentMovesBeforeCustomer);
        Assert.True((c.AgentMovesSoFar & SignalKind.Apology) != 0);
    }

    [Fact]
    public void Guards_AreNamedInTheDiagram()
    {
        var diagram = Conversation.ToMermaid();

        Assert.Contains("the help has happened", diagram, StringComparison.Ordinal);
        Assert.Contains("the agent stated the current step", diagram, StringComparison.Ordinal);
        Assert.Contains("the customer withdrew the request", diagram, StringComparison.Ordinal);
    }

    [Fact]
    public void ThanksForAnsweringTheAgentsQuestion_IsNotTheEnd()
    {
        var c = At(Stage.Clarifying);
        c.CustomerSaid(Customer(Mood.Neutral) with { Words = 8 }, T0);
        c.AgentSaid(Agent(SignalKind.ClarifyingQuestion), T0.AddSeconds(10));

        c.CustomerSaid(Thanks(), T0.AddSeconds(20));

        Assert.NotEqual(Stage.Closing, c.Stage);
    }

    [Fact]
    public void AgentWrapsUpWithACalmCustomer_MovesToClosing_NotWhileTheCustomerIsUpset()
    {
        var calm = At(Stage.Resolving);
        calm.AgentSaid(Agent(SignalKind.ClosingRemark | SignalKind.FollowUpPromise), T0);
        Assert.Equal(Stage.Closing, calm.Stage);

        var upset = At(Stage.Clarifying);
        upset.CustomerSaid(Customer(Mood.Annoyed) with { Words = 9 }, T0);
        upset.AgentSaid(Agent(SignalKind.ClosingRemark), T0.AddSeconds(10));
        Assert.NotEqual(Stage.Closing, upset.Stage);
    }

    [Fact]
    public void AgentOffersASupervisorAsAQuestion_TheCustomerCanStillDecline()
    {
        var c = At(Stage.Confirming);
        c.AgentSaid(Agent(SignalKind.EscalationOffer) with { AsksQuestion = true }, T0);
        Assert.Equal(Stage.Escalating, c.Stage);
        Assert.False(c.HandedOver);

        c.CustomerSaid(Customer(Mood.Neutral, SignalKind.Acceptance | SignalKind.Calming) with { Words = 7 }, T0.AddSeconds(10));

        Assert.Equal(Stage.Resolving, c.Stage);
    }
}
