using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Data;
using CoachConsole.Web.Learning;
using static CoachConsole.Web.Tests.Learning.LearningHost;

namespace CoachConsole.Web.Tests.Learning;

public sealed class RecurringIssuesTests : LearningTests
{
    [Theory]
    [InlineData("I was charged twice this month", "", IssueTaxonomy.BillingDispute, "Double charge")]
    [InlineData("a parcel that never arrived", "Where is my delivery? It's been two weeks!", IssueTaxonomy.LateDelivery, "Never arrived")]
    [InlineData("an order", "I still haven't received my refund, it's ridiculous", IssueTaxonomy.Refund, "Refund not received")]
    [InlineData("can't log in", "My account is locked and I can't get in", IssueTaxonomy.AccountAccess, "Locked out")]
    [InlineData("an order", "Hello there", IssueTaxonomy.Other, IssueTaxonomy.Unspecified)]
    public void Classify_ReadsCategoryAndCauseFromTheSummaryAndTheCustomersWords(string summary, string words, string category, string cause) =>
        Assert.Equal(new IssueClass(category, cause), IssueTaxonomy.Classify(summary, [words], Outcome.Resolved, abusive: false));

    [Fact]
    public void Classify_NoIssueWordsButAbuse_IsAnAbusiveCaller() =>
        Assert.Equal(IssueTaxonomy.AbusiveCaller, IssueTaxonomy.Classify("a call", ["you idiot"], Outcome.EndedForAbuse, abusive: true).Category);

    [Fact]
    public async Task ForPeriod_ConstructedWeek_GroupsByIssueAndCause_WithHeatEscalationsRepeatsAndTrend()
    {
        var week = Monday;
        var before = Monday.AddDays(-7);
        var escalated = new[] { (30, Stage.Acknowledging, Stage.Escalating) };

        // This week: three billing disputes (Maria twice, one escalated), two late deliveries, one abusive caller, one unclear.
        await Add("Maria Lopez", "charged twice on my broadband bill", week.AddHours(1), 0.9, moves: escalated);
        await Add("maria  lopez", "double charge again on the bill", week.AddDays(2), 0.7);
        await Add("Tom Reed", "an unexpected fee on my invoice", week.AddDays(3), 0.5);
        await Add("Ann Cole", "a parcel that never arrived", week.AddDays(1), 0.8, moves: escalated);
        await Add("Raj Patel", "the delivery is late by a week", week.AddDays(4), 0.6);
        await Add("Zed Noor", "a call", week.AddDays(5), 0.95, SignalKind.Abuse);
        await Add("Ivy Moss", "a question", week.AddDays(5), 0.2, silent: true);

        // The week before: one billing dispute, four late deliveries, one refund.
        await Add("Old One", "charged twice", before.AddDays(1), 0.5);
        for (var i = 0; i < 4; i++)
        {
            await Add($"Late {i}", "my delivery is late", before.AddDays(2).AddHours(i), 0.6);
        }

        await Add("Old Two", "waiting for a refund", before.AddDays(3), 0.5);
        // Outside both periods, in another team: not counted.
        await Add("Far Away", "charged twice", week.AddDays(1), 0.9, team: "other-team");

        var report = await Host.Get<RecurringIssues>().ForPeriodAsync(new HashSet<string> { DatabaseSetup.DemoTeamId }, week, week.AddDays(7));

        Assert.Equal(7, report.Conversations);
        Assert.Equal(
            [
                (IssueTaxonomy.BillingDispute, 3, 1, 1, 1, Trend.Up),
                (IssueTaxonomy.LateDelivery, 2, 1, 0, 4, Trend.Down),
                (IssueTaxonomy.AbusiveCaller, 1, 0, 0, 0, Trend.Up),
                (IssueTaxonomy.Other, 1, 0, 0, 0, Trend.Up),
                (IssueTaxonomy.Refund, 0, 0, 0, 1, Trend.Down),
            ],
            report.Groups.Select(g => (g.Category, g.Count, g.Escalations, g.RepeatContacts, g.PreviousCount, g.Trend)));
        var billing = report.Groups[0];
        Assert.Equal(0.7, billing.AveragePeakHeat, 3);
        Assert.Equal(0.9, billing.PeakHeat, 3);
        Assert.Equal(1 / 3.0, billing.EscalationRate, 3);
        Assert.Equal([("Double charge", 2, 1), ("Unexpected fee", 1, 0)], billing.Causes.Select(c => (c.Cause, c.Count, c.RepeatContacts)));
        Assert.Equal(1, report.Groups[2].AbusiveConversations);
        Assert.Equal(0, report.Groups[3].PeakHeat); // a customer who never wrote is counted, with no heat

        // The timeline: a step per day of the week, each issue's conversations on the day they ended.
        Assert.Equal(Enumerable.Range(0, 7).Select(d => week.AddDays(d)), report.Buckets);
        Assert.Equal([1, 0, 1, 1, 0, 0, 0], billing.PerBucket);
        Assert.Equal([0, 1, 0, 0, 1, 0, 0], report.Groups[1].PerBucket);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0], report.Groups[4].PerBucket);

        var csv = RecurringIssues.ToCsv(report).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("category,cause,conversations,", csv[0], StringComparison.Ordinal);
        Assert.Contains("Billing dispute,Double charge,2,0.8,0.9,1,0.5,1,0,3,1,up", csv);
    }

    private Task Add(string customer, string issue, DateTimeOffset endedAt, double heat, SignalKind signals = SignalKind.None,
        IReadOnlyList<(int, Stage, Stage)>? moves = null, string team = DatabaseSetup.DemoTeamId, bool silent = false) =>
        Host.AddHistoryAsync(customer, issue, endedAt.AddMinutes(-5), 300, silent ? [] : [new Said(5, "Please help me.", heat, signals)], teamId: team, moves: moves);
}
