using System.Security.Claims;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;

namespace CoachConsole.Web.Learning;

/// <summary>
/// Who reaches what in the learning loop. Reviews follow the consoles' reach (the agent their
/// own conversations, a lead the led teams, an admin everything); trainers, who already replay
/// every stored conversation in the library's What-if, may review any ended conversation too.
/// </summary>
public static class LearningAccess
{
    public static bool CanReview(this ClaimsPrincipal user, ConversationView conversation) =>
        !user.IsConnector() && (user.CanSee(conversation) || user.IsInRole(Roles.Trainer));

    /// <summary>Coaching comments are a lead's: a lead of the conversation's team, or an admin.</summary>
    public static bool CanComment(this ClaimsPrincipal user, ConversationView conversation) =>
        !user.IsConnector() && user.CanWatchTeam(conversation.TeamId);

    public static bool CanShareExamples(this ClaimsPrincipal user) =>
        !user.IsConnector() && (user.IsInRole(Roles.TeamLead) || user.IsInRole(Roles.Trainer) || user.IsInRole(Roles.Admin));

    /// <summary>Leads and admins mark examples of the conversations they reach; trainers any ended one.</summary>
    public static bool CanShareExample(this ClaimsPrincipal user, ConversationView conversation) =>
        user.CanShareExamples() && (user.CanWatchTeam(conversation.TeamId) || user.IsInRole(Roles.Trainer));

    /// <summary>
    /// The teams whose figures the user may see, or null for every team (admins and trainers);
    /// an empty set for everyone else.
    /// </summary>
    public static IReadOnlySet<string>? TeamsInReach(this ClaimsPrincipal user)
    {
        if (user.IsConnector())
        {
            return new HashSet<string>();
        }

        return user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Trainer) ? null : user.LedTeams();
    }

    /// <summary>A team's figures (debrief, follow-ups, issues): its leads and admins; trainers for issues only.</summary>
    public static bool CanSeeTeamFigures(this ClaimsPrincipal user, string teamId, bool trainersToo = false) =>
        !user.IsConnector() && (user.CanWatchTeam(teamId) || (trainersToo && user.IsInRole(Roles.Trainer)));

    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? user.UserId() ?? "someone";
}
