using System.Text.RegularExpressions;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.People;

public sealed record PersonView(string Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, string? TeamId, IReadOnlyList<string> Leads, bool LockedOut);

public sealed record TeamView(string Id, string Name, IReadOnlyList<string> Leads, int Agents);

/// <summary>What admins manage: people, their roles and teams, and who leads which team.</summary>
public sealed partial class AdminService(IServiceScopeFactory scopes, IDbContextFactory<CoachDbContext> dbFactory, AuditLog audit, Core.Privacy.TranscriptMasker masker)
{
    public async Task<IReadOnlyList<PersonView>> PeopleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var leads = await db.TeamLeads.AsNoTracking().ToListAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        return users.Select(u => new PersonView(
            u.Id, u.UserName!, u.DisplayName,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order().ToList(),
            u.TeamId,
            leads.Where(l => l.UserId == u.Id).Select(l => l.TeamId).Order().ToList(),
            u.LockoutEnd > now)).ToList();
    }

    public async Task<IReadOnlyList<TeamView>> TeamsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);
        var leads = await db.TeamLeads.AsNoTracking().ToListAsync(cancellationToken);
        var agents = await db.Users.AsNoTracking().Where(u => u.TeamId != null).GroupBy(u => u.TeamId!).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return teams.Select(t => new TeamView(
            t.Id, t.Name,
            leads.Where(l => l.TeamId == t.Id).Select(l => l.UserId).Order().ToList(),
            agents.FirstOrDefault(a => a.Key == t.Id)?.Count ?? 0)).ToList();
    }

    public async Task CreateTeamAsync(string id, string name, string actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(id) || !TeamId().IsMatch(id))
        {
            throw new InputRejectedException("id", "A team id is 2 to 64 lower-case letters, digits or dashes.");
        }

        ChosenIds.Check(id, "id");

        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            throw new InputRejectedException("name", "Give the team a name of 1 to 200 characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Teams.AnyAsync(t => t.Id == id, cancellationToken))
        {
            throw new InputRejectedException("id", $"There is already a team '{id}'.");
        }

        // Names are shown on every page that lists teams or people: masked like turns.
        var masked = masker.Mask(name.Trim());
        db.Teams.Add(new Team { Id = id, Name = masked });
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, AuditActions.TeamCreated, id, masked, cancellationToken);
    }

    public async Task CreatePersonAsync(string userName, string displayName, string role, string? teamId, string password, string actor, CancellationToken cancellationToken = default)
    {
        if (!Roles.All.Contains(role))
        {
            throw new InputRejectedException("role", "Choose a role.");
        }

        if (role == Roles.Agent && string.IsNullOrWhiteSpace(teamId))
        {
            throw new InputRejectedException("teamId", "Every agent belongs to a team.");
        }

        if (string.IsNullOrWhiteSpace(displayName) || displayName.Length > 200)
        {
            throw new InputRejectedException("displayName", "Give a display name of 1 to 200 characters.");
        }

        ChosenIds.Check(userName, "userName");

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CoachUser>>();
        var user = new CoachUser { UserName = userName?.Trim(), DisplayName = masker.Mask(displayName.Trim()), TeamId = role == Roles.Agent ? teamId : null };
        var created = await users.CreateAsync(user, password ?? "");
        if (!created.Succeeded)
        {
            throw new InputRejectedException("person", string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(user, role);
        if (role == Roles.TeamLead && !string.IsNullOrWhiteSpace(teamId))
        {
            await AssignLeadAsync(teamId, user.Id, actor, cancellationToken);
        }

        await audit.WriteAsync(actor, AuditActions.UserCreated, user.UserName, role, cancellationToken);
    }

    public async Task AssignLeadAsync(string teamId, string userId, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
        {
            throw new InputRejectedException("teamId", $"There is no team '{teamId}'.");
        }

        if (!await db.TeamLeads.AnyAsync(l => l.TeamId == teamId && l.UserId == userId, cancellationToken))
        {
            db.TeamLeads.Add(new TeamLead { TeamId = teamId, UserId = userId });
            await db.SaveChangesAsync(cancellationToken);
            await audit.WriteAsync(actor, AuditActions.UserChanged, userId, $"now leads {teamId}", cancellationToken);
        }
    }

    /// <summary>Locks a person out (they lose their live consoles within minutes) or lets them back in.</summary>
    public async Task SetLockedAsync(string userId, bool locked, string actor, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CoachUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new InputRejectedException("id", "There is no such person.");
        await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        await users.UpdateSecurityStampAsync(user);
        await audit.WriteAsync(actor, AuditActions.UserChanged, user.UserName, locked ? "locked" : "unlocked", cancellationToken);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex TeamId();
}
