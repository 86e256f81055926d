using System.Globalization;
using System.Text;
using CoachConsole.Core.Text;
using CoachConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Learning;

public enum Trend
{
    Steady,
    Up,
    Down,
}

/// <summary>One cause within an issue category.</summary>
public sealed record CauseGroup(string Cause, int Count, double AveragePeakHeat, double PeakHeat, int Escalations, int RepeatContacts, int AbusiveConversations);

/// <summary>
/// One issue category over a period: how many conversations, how hot (the average and the highest
/// of their peak customer heat), how many escalated, how many were repeat contacts (the same
/// customer with the same category again within the period), and the count of the previous
/// period of the same length, for the trend.
/// </summary>
public sealed record IssueGroup(
    string Category,
    int Count,
    double AveragePeakHeat,
    double PeakHeat,
    int Escalations,
    int RepeatContacts,
    int AbusiveConversations,
    int PreviousCount,
    IReadOnlyList<CauseGroup> Causes)
{
    public double EscalationRate => Count == 0 ? 0 : Escalations / (double)Count;

    public Trend Trend => Count > PreviousCount ? Trend.Up : Count < PreviousCount ? Trend.Down : Trend.Steady;

    /// <summary>The conversations of each of the report's <see cref="IssueReport.Buckets"/>, in order.</summary>
    public IReadOnlyList<int> PerBucket { get; init; } = [];
}

public sealed record IssueReport(DateTimeOffset From, DateTimeOffset To, int Conversations, IReadOnlyList<IssueGroup> Groups)
{
    /// <summary>Where each step of the timeline starts: days, or weeks for periods over a month.</summary>
    public IReadOnlyList<DateTimeOffset> Buckets { get; init; } = [];

    public TimeSpan BucketLength { get; init; } = TimeSpan.FromDays(1);
}

/// <summary>Groups ended conversations by issue and cause, to show what keeps bringing customers in hot.</summary>
public sealed class RecurringIssues(IDbContextFactory<CoachDbContext> dbFactory)
{
    /// <summary>
    /// The report for conversations that ended in [from, to) in the given teams (null: every team);
    /// the timeline's days follow the clock of <paramref name="zone"/>, clock changes included (UTC when null).
    /// </summary>
    public async Task<IssueReport> ForPeriodAsync(IReadOnlySet<string>? teams, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo? zone = null, CancellationToken cancellationToken = default)
    {
        if (to <= from)
        {
            throw new InputRejectedException("to", "The period must end after it starts.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var length = to - from;
        var current = new List<IssueFacts>();
        var previous = new List<IssueFacts>();
        await foreach (var conversation in LearningHistory.ReadAsync(db, teams, from - length, to, null, withWords: true, cancellationToken))
        {
            (conversation.EndedAt >= from ? current : previous).Add(IssueFacts.Of(conversation));
        }
        var step = BucketLengthFor(length);
        var buckets = BucketStarts(from, to, step, zone ?? TimeZoneInfo.Utc);
        var groups = Group(current, previous)
            .Select(g => g with { PerBucket = PerBucket(current.Where(c => c.Issue.Category == g.Category), buckets, to) })
            .ToList();
        return new IssueReport(from, to, current.Count, groups) { Buckets = buckets, BucketLength = step };
    }

    /// <summary>Days, or weeks when the period is longer than a month: a timeline of at most about 30 steps on the usual periods.</summary>
    public static TimeSpan BucketLengthFor(TimeSpan period) => period > TimeSpan.FromDays(31) ? TimeSpan.FromDays(7) : TimeSpan.FromDays(1);

    /// <summary>Where each step starts: the same time on the clock of <paramref name="zone"/>, a step of days later each time.</summary>
    public static IReadOnlyList<DateTimeOffset> BucketStarts(DateTimeOffset from, DateTimeOffset to, TimeSpan step, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var wallClock = TimeZoneInfo.ConvertTime(from, zone).DateTime;
        var starts = new List<DateTimeOffset>();
        for (var n = 0; ; n++)
        {
            var start = n == 0 ? from : LearningPeriod.AtWallClock(wallClock.AddDays(n * step.TotalDays), zone);
            if (start >= to)
            {
                return starts;
            }

            starts.Add(start);
        }
    }

    /// <summary>How many of the conversations ended in each step of the timeline (the last step ends at <paramref name="to"/>).</summary>
    public static IReadOnlyList<int> PerBucket(IEnumerable<IssueFacts> conversations, IReadOnlyList<DateTimeOffset> starts, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        ArgumentNullException.ThrowIfNull(starts);
        var counts = new int[starts.Count];
        foreach (var c in conversations)
        {
            if (starts.Count == 0 || c.EndedAt < starts[0] || c.EndedAt >= to)
            {
                continue;
            }

            var index = starts.Count - 1;
            while (starts[index] > c.EndedAt)
            {
                index--;
            }

            counts[index]++;
        }

        return counts;
    }

    /// <summary>What grouping needs of one conversation.</summary>
    public sealed record IssueFacts(string CustomerName, DateTimeOffset EndedAt, IssueClass Issue, double PeakHeat, bool Escalated, bool Abusive)
    {
        public static IssueFacts Of(EndedConversation c) => new(c.CustomerName, c.EndedAt, c.Issue, c.PeakHeat, c.Escalated, c.Abusive);
    }

    /// <summary>The groups, the most frequent first (then the most escalations, then by name).</summary>
    public static IReadOnlyList<IssueGroup> Group(IReadOnlyList<IssueFacts> current, IReadOnlyList<IssueFacts> previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(previous);
        var before = previous.GroupBy(c => c.Issue.Category).ToDictionary(g => g.Key, g => g.Count());
        var groups = current.GroupBy(c => c.Issue.Category)
            .Select(g =>
            {
                var list = g.OrderBy(c => c.EndedAt).ToList();
                return new IssueGroup(
                    g.Key,
                    list.Count,
                    Math.Round(list.Average(c => c.PeakHeat), 3),
                    Math.Round(list.Max(c => c.PeakHeat), 3),
                    list.Count(c => c.Escalated),
                    RepeatContacts(list),
                    list.Count(c => c.Abusive),
                    before.GetValueOrDefault(g.Key),
                    list.GroupBy(c => c.Issue.Cause)
                        .Select(cg => new CauseGroup(
                            cg.Key, cg.Count(), Math.Round(cg.Average(c => c.PeakHeat), 3), Math.Round(cg.Max(c => c.PeakHeat), 3),
                            cg.Count(c => c.Escalated), RepeatContacts(cg.ToList()), cg.Count(c => c.Abusive)))
                        .OrderByDescending(cg => cg.Count).ThenBy(cg => cg.Cause, StringComparer.Ordinal)
                        .ToList());
            })
            .ToList();

        // Issues that went away this period are news too.
        groups.AddRange(before.Where(b => groups.All(g => g.Category != b.Key)).Select(b => new IssueGroup(b.Key, 0, 0, 0, 0, 0, 0, b.Value, [])));
        return groups
            .OrderByDescending(g => g.Count)
            .ThenByDescending(g => g.Escalations)
            .ThenBy(g => g.Category, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every contact after a customer's first one in the group (names compared normalised).</summary>
    private static int RepeatContacts(IReadOnlyList<IssueFacts> list) =>
        list.GroupBy(c => IssueTaxonomy.Normalise(c.CustomerName)).Sum(g => g.Count() - 1);

    /// <summary>The report as CSV, a row per cause, for the people who fix products and policies.</summary>
    public static string ToCsv(IssueReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        csv.Append("category,cause,conversations,averagePeakHeat,peakHeat,escalations,escalationRate,repeatContacts,abusive,categoryConversations,categoryPreviousPeriod,categoryTrend\n");
        foreach (var g in report.Groups)
        {
            var rows = g.Causes.Count == 0 ? [new CauseGroup("", 0, 0, 0, 0, 0, 0)] : g.Causes;
            foreach (var c in rows)
            {
                csv.Append(Csv.Field(g.Category)).Append(',')
                    .Append(Csv.Field(c.Cause)).Append(',')
                    .Append(Num(c.Count)).Append(',')
                    .Append(Num(c.AveragePeakHeat)).Append(',')
                    .Append(Num(c.PeakHeat)).Append(',')
                    .Append(Num(c.Escalations)).Append(',')
                    .Append(Num(c.Count == 0 ? 0 : Math.Round(c.Escalations / (double)c.Count, 3))).Append(',')
                    .Append(Num(c.RepeatContacts)).Append(',')
                    .Append(Num(c.AbusiveConversations)).Append(',')
                    .Append(Num(g.Count)).Append(',')
                    .Append(Num(g.PreviousCount)).Append(',')
                    .Append(g.Trend.ToString().ToLowerInvariant()).Append('\n');
            }
        }

        return csv.ToString();
    }

    private static string Num(double value) => value.ToString(CultureInfo.InvariantCulture);
}
