namespace CoachConsole.Web.Learning;

/// <summary>A period of whole days, both ends included, in UTC: what the learning pages and reports ask for.</summary>
public sealed record LearningPeriod(DateOnly First, DateOnly Last)
{
    public const int DefaultDays = 7;

    /// <summary>The longest period a page or report reads at once.</summary>
    public const int MaxDays = 366;

    public DateTimeOffset Start => new(First.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The first moment after the period.</summary>
    public DateTimeOffset End => new(Last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public int Days => Last.DayNumber - First.DayNumber + 1;

    /// <summary>The last <paramref name="days"/> days, today included.</summary>
    public static LearningPeriod LastDays(int days, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return new LearningPeriod(today.AddDays(1 - days), today);
    }

    /// <summary>Reads from/to as yyyy-MM-dd; either may be missing (the last seven days by default).</summary>
    public static LearningPeriod Parse(string? from, string? to, DateTimeOffset now)
    {
        var last = string.IsNullOrWhiteSpace(to) ? DateOnly.FromDateTime(now.UtcDateTime) : ParseDate("to", to);
        var first = string.IsNullOrWhiteSpace(from) ? last.AddDays(1 - DefaultDays) : ParseDate("from", from);
        if (first > last)
        {
            throw new Conversations.InputRejectedException("from", "The period must start on or before its last day.");
        }

        return last.DayNumber - first.DayNumber + 1 > MaxDays
            ? throw new Conversations.InputRejectedException("from", $"Choose a period of at most {MaxDays} days.")
            : new LearningPeriod(first, last);
    }

    public override string ToString() => First == Last ? $"{First:d MMM yyyy}" : $"{First:d MMM yyyy} to {Last:d MMM yyyy}";

    private static DateOnly ParseDate(string field, string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date
            : throw new Conversations.InputRejectedException(field, "Write the date as yyyy-MM-dd.");
}
