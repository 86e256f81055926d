using System.Text.RegularExpressions;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.People;

public sealed record PersonView(string Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, string? TeamId, IReadOnlyList<string> Leads, bool LockedOut);

public sealed record TeamView(string Id, string Name, IReadOnlyList<string> Leads, int Agents);

/// <summary>What admins manage: people, their roles and teams, and who leads which team.</summary>
/// <remarks>
/// Every change to a person who may be signed in (locked, role or led teams changed, removed) moves
/// their security stamp and is announced to <see cref="AccessGuard"/>: their pages, downloads, live
/// consoles and hub connections stop at once, and they sign in again to work under the new role.
/// </remarks>
public sealed partial class AdminService(IServiceScopeFactory scopes, IDbContextFactory<CoachDbContext> dbFactory, AuditLog audit, Core.Privacy.TranscriptMasker masker, AccessGuard guard)
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
            await MoveStampAsync(userId);
            await audit.WriteAsync(actor, AuditActions.UserChanged, userId, $"now leads {teamId}", cancellationToken);
        }
    }

    /// <summary>Locks a person out (their pages, live consoles and hub connections stop at once) or lets them back in.</summary>
    public async Task SetLockedAsync(string userId, bool locked, string actor, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CoachUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new InputRejectedException("id", "There is no such person.");
        Check(await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null));
        Check(await users.UpdateSecurityStampAsync(user));
        guard.PersonChanged(user.Id);
        await audit.WriteAsync(actor, AuditActions.UserChanged, user.UserName, locked ? "locked" : "unlocked", cancellationToken);
    }

    /// <summary>
    /// Gives a person one role instead of the ones they had: an agent works in <paramref name="teamId"/>,
    /// a lead leads it (and no other team). They sign in again to work under the new role.
    /// </summary>
    public async Task ChangeRoleAsync(string userId, string role, string? teamId, string actor, CancellationToken cancellationToken = default)
    {
        if (!Roles.All.Contains(role))
        {
            throw new InputRejectedException("role", "Choose a role.");
        }

        if (role is Roles.Agent or Roles.TeamLead && string.IsNullOrWhiteSpace(teamId))
        {
            throw new InputRejectedException("teamId", role == Roles.Agent ? "Every agent belongs to a team." : "Choose the team the lead leads.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CoachUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new InputRejectedException("id", "There is no such person.");
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (teamId is not null && role is Roles.Agent or Roles.TeamLead && !await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
            {
                throw new InputRejectedException("teamId", $"There is no team '{teamId}'.");
            }

            await db.TeamLeads.Where(l => l.UserId == user.Id && (role != Roles.TeamLead || l.TeamId != teamId)).ExecuteDeleteAsync(cancellationToken);
            if (role == Roles.TeamLead && !await db.TeamLeads.AnyAsync(l => l.UserId == user.Id && l.TeamId == teamId, cancellationToken))
            {
                db.TeamLeads.Add(new TeamLead { TeamId = teamId!, UserId = user.Id });
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        Check(await users.RemoveFromRolesAsync(user, (await users.GetRolesAsync(user)).Where(r => r != role)));
        if (!await users.IsInRoleAsync(user, role))
        {
            Check(await users.AddToRoleAsync(user, role));
        }

        user.TeamId = role == Roles.Agent ? teamId : null;
        Check(await users.UpdateAsync(user));
        Check(await users.UpdateSecurityStampAsync(user));
        guard.PersonChanged(user.Id);
        await audit.WriteAsync(actor, AuditActions.UserChanged, user.UserName, role == Roles.Agent || role == Roles.TeamLead ? $"now {role} of {teamId}" : $"now {role}", cancellationToken);
    }

    /// <summary>Removes a person: they can no longer sign in, and what they had open stops at once.</summary>
    public async Task RemovePersonAsync(string userId, string actor, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CoachUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new InputRejectedException("id", "There is no such person.");
        if (await users.IsInRoleAsync(user, Roles.Admin) && (await users.GetUsersInRoleAsync(Roles.Admin)).Count == 1)
        {
            throw new InputRejectedException("id", "This is the only admin; make someone else an admin first.");
        }

        Check(await users.DeleteAsync(user));
        guard.PersonChanged(user.Id);
        await audit.WriteAsync(actor, AuditActions.UserChanged, user.UserName, "removed", cancellationToken);
    }

    private async Task MoveStampAsync(string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CoachUser>>();
        if (await users.FindByIdAsync(userId) is { } user)
        {
            Check(await users.UpdateSecurityStampAsync(user));
            guard.PersonChanged(user.Id);
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex TeamId();
}
