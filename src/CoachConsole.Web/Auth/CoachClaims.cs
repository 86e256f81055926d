using System.Security.Claims;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoachConsole.Web.Auth;

/// <summary>The claims the product reads to decide who may see what.</summary>
public static class CoachClaims
{
    /// <summary>An agent's team, or the one team a connector key is scoped to.</summary>
    public const string Team = "coach:team";

    /// <summary>A team the person leads; one claim per team.</summary>
    public const string Leads = "coach:leads";

    public const string DisplayName = "coach:name";

    public const string ConnectorRole = "Connector";

    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static string DisplayNameOf(this ClaimsPrincipal user) => user.FindFirstValue(DisplayName) ?? user.Identity?.Name ?? "someone";

    public static bool IsConnector(this ClaimsPrincipal user) => user.IsInRole(ConnectorRole);

    public static IReadOnlySet<string> LedTeams(this ClaimsPrincipal user) =>
        user.FindAll(Leads).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether the caller may see this conversation: its agent, a lead of its team, an admin, or a connector of its team.</summary>
    public static bool CanSee(this ClaimsPrincipal user, ConversationView conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (user.IsConnector())
        {
            return user.FindFirstValue(Team) == conversation.TeamId;
        }

        return user.IsInRole(Roles.Admin)
            || (user.IsInRole(Roles.Agent) && user.UserId() == conversation.AgentId)
            || (user.IsInRole(Roles.TeamLead) && user.LedTeams().Contains(conversation.TeamId));
    }

    /// <summary>Whether the caller may watch every conversation of a team.</summary>
    public static bool CanWatchTeam(this ClaimsPrincipal user, string teamId) =>
        user.IsConnector()
            ? user.FindFirstValue(Team) == teamId
            : user.IsInRole(Roles.Admin) || (user.IsInRole(Roles.TeamLead) && user.LedTeams().Contains(teamId));
}

/// <summary>Adds the team, the led teams and the display name to a signed-in person's claims.</summary>
public sealed class CoachClaimsFactory(
    UserManager<CoachUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options,
    IDbContextFactory<CoachDbContext> dbFactory)
    : UserClaimsPrincipalFactory<CoachUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CoachUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CoachClaims.DisplayName, user.DisplayName));
        if (user.TeamId is not null)
        {
            identity.AddClaim(new Claim(CoachClaims.Team, user.TeamId));
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        foreach (var team in await db.TeamLeads.Where(l => l.UserId == user.Id).Select(l => l.TeamId).ToListAsync())
        {
            identity.AddClaim(new Claim(CoachClaims.Leads, team));
        }

        return identity;
    }
}
