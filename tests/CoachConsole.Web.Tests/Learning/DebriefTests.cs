using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Data;
using CoachConsole.Web.Learning;
using static CoachConsole.Web.Tests.Learning.LearningHost;

namespace CoachConsole.Web.Tests.Learning;

public sealed class DebriefTests : LearningTests
{
    [Fact]
    public async Task Debrief_ConstructedWeek_KnownFigures()
    {
        var week = Monday;
        var now = Host.Clock.GetUtcNow();

        // Heated at 10 s, calmer customer turn at 70 s: 60 s.
        await Host.AddHistoryAsync("Cal One", "a bill", week.AddHours(1), 100, [new Said(10, "Furious!", 0.8), new Said(40, "Still angry", 0.7), new Said(70, "Okay", 0.3)],
            wrapUp: Wrap("ana", Outcome.Resolved, "Let them vent", share: true));
        // Heated at 5 s, moves to Closing at 125 s before the heat drops: 120 s.
        await Host.AddHistoryAsync("Cal Two", "a parcel", week.AddHours(2), 200, [new Said(5, "This is a joke", 0.9), new Said(150, "Fine", 0.4)],
            agentId: "ben", agentName: "Ben Okafor", moves: [(125, Stage.Confirming, Stage.Closing)], wrapUp: Wrap("ben", Outcome.Resolved, "Kept it short", share: false));
        // Heated, abusive, escalated, never calmed.
        await Host.AddHistoryAsync("Cal Three", "a refund", week.AddHours(3), 100, [new Said(5, "You idiot", 0.95, SignalKind.Abuse)],
            moves: [(50, Stage.BoundarySetting, Stage.Escalating)], wrapUp: Wrap("ana", Outcome.Escalated, "Named the behaviour", share: true));
        // Never heated.
        await Host.AddHistoryAsync("Cal Four", "a question", week.AddHours(4), 60, [new Said(5, "Quick question", 0.2)], agentId: "ben", agentName: "Ben Okafor");
        // Another team's conversation and one outside the period: neither counts.
        await Host.AddHistoryAsync("Other", "a bill", week.AddHours(1), 100, [new Said(5, "Angry", 0.9)], teamId: "other-team");
        await Host.AddHistoryAsync("Old", "a bill", week.AddDays(-3), 100, [new Said(5, "Angry", 0.9)]);

        // Follow-ups of the team: due in the period and done on time, done late, still open; one due later than now.
        await Host.AddHistoryAsync("Fu One", "x", week.AddDays(-2), 10, [], wrapUp: FollowUp(week.AddDays(1), week.AddDays(1).AddHours(-1)));
        await Host.AddHistoryAsync("Fu Two", "x", week.AddDays(-2), 10, [], wrapUp: FollowUp(week.AddDays(2), week.AddDays(3)));
        await Host.AddHistoryAsync("Fu Three", "x", week.AddDays(-2), 10, [], wrapUp: FollowUp(week.AddDays(3), null));
        await Host.AddHistoryAsync("Fu Four", "x", week.AddDays(-2), 10, [], wrapUp: FollowUp(now.AddHours(5), null));

        var debrief = await Host.Get<Debriefs>().ForTeamAsync(DatabaseSetup.DemoTeamId, week, week.AddDays(7));
        var f = debrief.Figures;

        Assert.Equal(DatabaseSetup.DemoTeamName, debrief.TeamName);
        Assert.Equal((4, 3, 2, 1), (f.Conversations, f.Heated, f.Deescalated, f.NotCalmed));
        Assert.Equal(TimeSpan.FromSeconds(90), f.AverageTimeToDeescalate);
        Assert.Equal((1, 0.25), (f.Escalations, f.EscalationRate));
        Assert.Equal([("ana", 2, 1), ("ben", 2, 0)], f.AbusePerAgent.Select(a => (a.AgentId, a.Conversations, a.Abusive)));
        Assert.Equal(0.5, f.AbusivePerAgent);
        Assert.Equal((3, 1), (f.FollowUpsDue, f.FollowUpsKeptOnTime));
        Assert.Equal(["Cal Three", "Cal Two", "Cal One"], debrief.Hardest.Select(h => h.CustomerName));
        Assert.Equal(["Let them vent", "Named the behaviour"], debrief.Reflections.Select(r => r.WentWell));

        var html = DebriefReport.Html(debrief, new LearningPeriod(DateOnly.FromDateTime(week.UtcDateTime), DateOnly.FromDateTime(week.AddDays(6).UtcDateTime)));
        Assert.Contains("1 min 30 s", html, StringComparison.Ordinal);
        Assert.Contains("1 of 3 due", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Kept it short", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeamFollowUps_OverdueDueUpcomingDone_AndTheLeadRecordsTheCustomersOutcome()
    {
        var now = Host.Clock.GetUtcNow();
        var overdue = await Host.AddHistoryAsync("Late Lu", "x", now.AddDays(-3), 10, [], wrapUp: FollowUp(now.AddHours(-2), null));
        await Host.AddHistoryAsync("Soon Sam", "x", now.AddDays(-3), 10, [], wrapUp: FollowUp(now.AddHours(3), null));
        await Host.AddHistoryAsync("Later Lea", "x", now.AddDays(-3), 10, [], wrapUp: FollowUp(now.AddDays(3), null));
        await Host.AddHistoryAsync("Done Dee", "x", now.AddDays(-3), 10, [], wrapUp: FollowUp(now.AddDays(-1), now.AddDays(-2)));
        var followUps = Host.Get<TeamFollowUps>();

        Assert.Equal(
            [("Late Lu", FollowUpState.Overdue), ("Soon Sam", FollowUpState.Due), ("Later Lea", FollowUpState.Upcoming), ("Done Dee", FollowUpState.Done)],
            (await followUps.ForTeamAsync(DatabaseSetup.DemoTeamId, Leo)).Select(f => (f.CustomerName, f.State)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => followUps.ForTeamAsync(DatabaseSetup.DemoTeamId, OtherLead));
        await Assert.ThrowsAsync<AccessDeniedException>(() => followUps.CompleteAsync(overdue, OtherLead, "Refund confirmed"));
        await Assert.ThrowsAsync<InputRejectedException>(() => followUps.CompleteAsync(overdue, Leo, " "));

        var done = await followUps.CompleteAsync(overdue, Leo, "Refund confirmed; customer happy");

        Assert.Equal(FollowUpState.Done, done.State);
        var stored = (await followUps.ForTeamAsync(DatabaseSetup.DemoTeamId, Leo)).Single(f => f.ConversationId == overdue);
        Assert.Equal(("Refund confirmed; customer happy", now, false), (stored.Result, stored.DoneAt, stored.DoneOnTime));
    }

    private static WrapUp Wrap(string agent, Outcome outcome, string wentWell, bool share) =>
        new() { AgentId = agent, Outcome = outcome, WentWell = wentWell, ShareReflection = share, At = Monday.AddHours(5) };

    private static WrapUp FollowUp(DateTimeOffset due, DateTimeOffset? doneAt) =>
        new() { AgentId = "ana", Outcome = Outcome.FollowUpNeeded, FollowUpDue = due, FollowUpDoneAt = doneAt, FollowUpResult = doneAt is null ? null : "done", At = Monday };
}
