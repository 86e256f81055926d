using CoachConsole.Web.Data;
using CoachConsole.Web.Learning;
using Microsoft.Extensions.Time.Testing;
using static CoachConsole.Web.Tests.Learning.LearningHost;

namespace CoachConsole.Web.Tests.Learning;

public sealed class ReportCalendarTests : LearningTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void LastDays_FollowTheCentresClock_NotUtc()
    {
        // 03:00 UTC on 25 November is still the evening of the 24th in New York.
        var calendar = new ReportCalendar(new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero)), NewYork);

        var week = calendar.LastDays(7);

        Assert.Equal((new DateOnly(2026, 11, 18), new DateOnly(2026, 11, 24)), (week.First, week.Last));
        Assert.Equal(new DateTimeOffset(2026, 11, 18, 5, 0, 0, TimeSpan.Zero), week.Start.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 5, 0, 0, TimeSpan.Zero), week.End.ToUniversalTime());
    }

    [Fact]
    public void APeriodAcrossTheClockChange_StartsAndEndsAtLocalMidnight()
    {
        var period = new ReportCalendar(TimeProvider.System, NewYork).Between(new DateOnly(2026, 3, 7), new DateOnly(2026, 3, 8));

        Assert.Equal(TimeSpan.FromHours(-5), period.Start.Offset);
        Assert.Equal(TimeSpan.FromHours(-4), period.End.Offset);
        Assert.Equal(TimeSpan.FromHours(47), period.End - period.Start);
    }

    [Fact]
    public void AnUnknownTimeZone_IsRefusedWithASentence()
    {
        var error = Assert.Throws<ConfigurationProblemException>(() => ReportCalendar.ZoneFrom("Mars/Olympus_Mons"));
        Assert.Contains("Learning:TimeZone is 'Mars/Olympus_Mons'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADaysIssues_AreTheConversationsThatEndedThatDayOnTheCentresClock()
    {
        // Ends at 21:00 on Monday in New York, which is 02:00 on Tuesday in UTC.
        var evening = new DateTimeOffset(2026, 11, 17, 2, 0, 0, TimeSpan.Zero);
        await Host.AddHistoryAsync("Late Caller", "charged twice", evening.AddMinutes(-5), 300, [new Said(5, "Please help me.", 0.7)]);
        var monday = DateOnly.FromDateTime(Monday.UtcDateTime);
        var issues = Host.Get<RecurringIssues>();
        var teams = new HashSet<string> { DatabaseSetup.DemoTeamId };

        var inNewYork = new ReportCalendar(Host.Clock, NewYork).Between(monday, monday);
        var inUtc = new ReportCalendar(Host.Clock, TimeZoneInfo.Utc).Between(monday, monday);

        Assert.Equal(1, (await issues.ForPeriodAsync(teams, inNewYork.Start, inNewYork.End)).Conversations);
        Assert.Equal(0, (await issues.ForPeriodAsync(teams, inUtc.Start, inUtc.End)).Conversations);
    }

    [Fact]
    public async Task TheIssuesTimeline_StartsEachDayAtTheCentresMidnight_AcrossTheClockChange()
    {
        // 00:30 on Monday 9 March in New York, the night after the clocks went forward: 04:30 UTC.
        await Host.AddHistoryAsync("Early Caller", "charged twice", new DateTimeOffset(2026, 3, 9, 4, 25, 0, TimeSpan.Zero), 300, [new Said(5, "Please help me.", 0.7)]);
        var period = new ReportCalendar(Host.Clock, NewYork).Between(new DateOnly(2026, 3, 7), new DateOnly(2026, 3, 9));

        var report = await Host.Get<RecurringIssues>().ForPeriodAsync(new HashSet<string> { DatabaseSetup.DemoTeamId }, period.Start, period.End, NewYork);

        Assert.Equal(
            [new DateTimeOffset(2026, 3, 7, 0, 0, 0, TimeSpan.FromHours(-5)), new DateTimeOffset(2026, 3, 8, 0, 0, 0, TimeSpan.FromHours(-5)), new DateTimeOffset(2026, 3, 9, 0, 0, 0, TimeSpan.FromHours(-4))],
            report.Buckets);
        Assert.Equal([0, 0, 1], Assert.Single(report.Groups).PerBucket);
    }
}
