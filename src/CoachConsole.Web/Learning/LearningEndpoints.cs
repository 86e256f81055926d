using System.Security.Claims;
using System.Text;
using CoachConsole.Web.Data;

namespace CoachConsole.Web.Learning;

/// <summary>
/// The learning loop's downloads for signed-in people: a review as JSON, recurring issues as CSV
/// and the printable debrief report. Outside the caller's reach they answer 403 problem details;
/// an unknown conversation or team, 404.
/// </summary>
public static class LearningEndpoints
{
    public static IEndpointRouteBuilder MapLearningEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/learning").RequireAuthorization();

        group.MapGet("/reviews/{id:guid}", async (Guid id, ClaimsPrincipal user, ReviewService reviews, CancellationToken cancellationToken) =>
            Results.Ok(await reviews.GetAsync(id, user, cancellationToken)));

        group.MapGet("/issues.csv", async (string? team, string? from, string? to, ClaimsPrincipal user, RecurringIssues issues, ReportCalendar calendar, CancellationToken cancellationToken) =>
        {
            var period = calendar.Parse(from, to);
            var teams = TeamsFor(user, team);
            var report = await issues.ForPeriodAsync(teams, period.Start, period.End, period.Zone, cancellationToken);
            return Results.File(Encoding.UTF8.GetBytes(RecurringIssues.ToCsv(report)), "text/csv", $"recurring-issues-{team ?? "all"}-{period.First:yyyy-MM-dd}-{period.Last:yyyy-MM-dd}.csv");
        }).RequireAuthorization(p => p.RequireRole(Roles.TeamLead, Roles.Admin, Roles.Trainer));

        group.MapGet("/debrief.html", async (string team, string? from, string? to, ClaimsPrincipal user, Debriefs debriefs, ReportCalendar calendar, CancellationToken cancellationToken) =>
        {
            if (!user.CanSeeTeamFigures(team))
            {
                throw new AccessDeniedException("That team is outside your reach.");
            }

            var period = calendar.Parse(from, to);
            var debrief = await debriefs.ForTeamAsync(team, period.Start, period.End, cancellationToken);
            return Results.Content(DebriefReport.Html(debrief, period), "text/html; charset=utf-8");
        }).RequireAuthorization(p => p.RequireRole(Roles.TeamLead, Roles.Admin));
        return app;
    }

    /// <summary>One team when asked and in reach, else every team in reach; a team outside it is refused.</summary>
    private static IReadOnlySet<string>? TeamsFor(ClaimsPrincipal user, string? team)
    {
        if (string.IsNullOrWhiteSpace(team))
        {
            return user.TeamsInReach();
        }

        return user.CanSeeTeamFigures(team, trainersToo: true)
            ? new HashSet<string>(StringComparer.Ordinal) { team }
            : throw new AccessDeniedException("That team is outside your reach.");
    }
}
