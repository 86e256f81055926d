using System.Globalization;
using CoachConsole.Web.Learning;

namespace CoachConsole.Web.Components.Shared;

/// <summary>
/// The time zone a person's pages show times in and read typed times in: their browser's once it
/// is known, the centre's (<c>Learning:TimeZone</c>) until then. The layout cascades it; a new
/// value re-renders every component that shows a time. Reports and periods keep the centre's days.
/// </summary>
public sealed record ViewerZone(TimeZoneInfo Zone)
{
    /// <summary>The zone a browser names (an IANA id), or null when this machine does not know it.</summary>
    public static ViewerZone? FromBrowser(string? zoneId)
    {
        if (string.IsNullOrWhiteSpace(zoneId) || zoneId.Length > 64)
        {
            return null;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone) ? new ViewerZone(zone) : null;
    }

    public DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>The moment the viewer means by a time on their own clock.</summary>
    public DateTimeOffset FromWallClock(DateTime wallClock) => LearningPeriod.AtWallClock(wallClock, Zone);
}

/// <summary>Times on the pages, in the viewer's zone (the server's where no layout gives one, as in a component on its own).</summary>
public static class ViewerTime
{
    private static readonly ViewerZone Server = new(TimeZoneInfo.Local);

    public static ViewerZone OrServer(this ViewerZone? zone) => zone ?? Server;

    public static string Show(this ViewerZone? zone, DateTimeOffset at, string format) =>
        zone.OrServer().Local(at).ToString(format, CultureInfo.CurrentCulture);

    public static string Show(this ViewerZone? zone, DateTimeOffset? at, string format, string otherwise) =>
        at is { } value ? zone.Show(value, format) : otherwise;

    /// <summary>A date and time the way the viewer's language writes them (02/12/2026 14:05 in British English, 12/2/2026 2:05 PM in American).</summary>
    public static string When(this ViewerZone? zone, DateTimeOffset at) => zone.Show(at, "g");

    /// <summary>A date the way the viewer's language writes it.</summary>
    public static string Day(this ViewerZone? zone, DateTimeOffset at) => zone.Show(at, "d");

    /// <summary>A date and time to the second, for records such as the audit log.</summary>
    public static string Exact(this ViewerZone? zone, DateTimeOffset at) => zone.Show(at, "G");
}
