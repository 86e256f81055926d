namespace CoachConsole.Web.Learning;

/// <summary>
/// A period of whole days, both ends included, in the contact centre's time zone (UTC when none
/// is set): what the learning pages and reports ask for.
/// </summary>
public sealed record LearningPeriod(DateOnly First, DateOnly Last, TimeZoneInfo? Zone = null)
{
    public const int DefaultDays = 7;

    /// <summary>The longest period a page or report reads at once.</summary>
    public const int MaxDays = 366;

    /// <summary>Midnight at the start of the first day, in the period's time zone.</summary>
    public DateTimeOffset Start => Midnight(First);

    /// <summary>The first moment after the period: midnight at the end of the last day.</summary>
    public DateTimeOffset End => Midnight(Last.AddDays(1));

    public int Days => Last.DayNumber - First.DayNumber + 1;

    /// <summary>The last <paramref name="days"/> days, today (in <paramref name="zone"/>) included.</summary>
    public static LearningPeriod LastDays(int days, DateTimeOffset now, TimeZoneInfo? zone = null)
    {
        var today = Today(now, zone);
        return new LearningPeriod(today.AddDays(1 - days), today, zone);
    }

    /// <summary>The date it is at <paramref name="now"/> in <paramref name="zone"/>.</summary>
    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo? zone = null) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone ?? TimeZoneInfo.Utc).DateTime);

    /// <summary>Reads from/to as yyyy-MM-dd; either may be missing (the last seven days by default).</summary>
    public static LearningPeriod Parse(string? from, string? to, DateTimeOffset now, TimeZoneInfo? zone = null)
    {
        var last = string.IsNullOrWhiteSpace(to) ? Today(now, zone) : ParseDate("to", to);
        var first = string.IsNullOrWhiteSpace(from) ? last.AddDays(1 - DefaultDays) : ParseDate("from", from);
        if (first > last)
        {
            throw new InputRejectedException("from", "The period must start on or before its last day.");
        }

        return last.DayNumber - first.DayNumber + 1 > MaxDays
            ? throw new InputRejectedException("from", $"Choose a period of at most {MaxDays} days.")
            : new LearningPeriod(first, last, zone);
    }

    public override string ToString() => First == Last ? $"{First:d MMM yyyy}" : $"{First:d MMM yyyy} to {Last:d MMM yyyy}";

    /// <summary>
    /// The moment a clock in <paramref name="zone"/> shows <paramref name="local"/>; where a clock
    /// change skips that time, the first moment after it that exists.
    /// </summary>
    public static DateTimeOffset AtWallClock(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private DateTimeOffset Midnight(DateOnly day) => AtWallClock(day.ToDateTime(TimeOnly.MinValue), Zone ?? TimeZoneInfo.Utc);

    private static DateOnly ParseDate(string field, string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date
            : throw new InputRejectedException(field, "Write the date as yyyy-MM-dd.");
}

/// <summary>
/// The contact centre's calendar for the learning pages and reports: <c>Learning:TimeZone</c>
/// (an IANA zone id), so "today" and a day's conversations follow the teams' clock; when empty,
/// the server's time zone. Pages show times in each viewer's own zone (<see cref="Components.Shared.ViewerZone"/>).
/// </summary>
public sealed class ReportCalendar(TimeProvider clock, TimeZoneInfo zone)
{
    public TimeZoneInfo Zone => zone;

    public DateOnly Today => LearningPeriod.Today(clock.GetUtcNow(), zone);

    public LearningPeriod LastDays(int days) => LearningPeriod.LastDays(days, clock.GetUtcNow(), zone);

    public LearningPeriod Between(DateOnly first, DateOnly last) => first <= last ? new(first, last, zone) : new(last, first, zone);

    public LearningPeriod Parse(string? from, string? to) => LearningPeriod.Parse(from, to, clock.GetUtcNow(), zone);

    /// <summary>The zone named by configuration, or a sentence on what to write instead.</summary>
    public static TimeZoneInfo ZoneFrom(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return TimeZoneInfo.Local;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (TimeZoneNotFoundException)
        {
            throw new ConfigurationProblemException($"Learning:TimeZone is '{id}', which is not a time zone this machine knows; use an IANA id such as Europe/London or America/New_York.");
        }
    }
}
