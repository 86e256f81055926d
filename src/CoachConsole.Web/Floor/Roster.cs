using System.Security.Claims;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using CoachConsole.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Floor;

/// <summary>One agent on the lead's roster.</summary>
public sealed record RosterRow(string AgentId, string Name, string TeamId, int LiveConversations, int AbusiveThisShift, DateTimeOffset? LastBreak);

/// <summary>
/// A message to an agent that is not about one conversation: a break suggested by a lead
/// (<see cref="From"/> names them), or offered after an abusive conversation (no one's).
/// </summary>
public sealed record AgentNotice(string AgentId, string? From, string Text, DateTimeOffset At);

/// <summary>
/// The lead's roster (live load, abusive conversations this shift, time since the last break; the
/// floor counts raised hands from its own open alerts), break suggestions to agents, and the breaks agents take.
/// </summary>
public sealed class Roster(IDbContextFactory<CoachDbContext> dbFactory, LiveConversations live, ClusterMessages cluster, AuditLog audit, TimeProvider clock, ILogger<Roster> logger)
{
    /// <summary>How far back "this shift" reaches.</summary>
    public static readonly TimeSpan Shift = TimeSpan.FromHours(8);

    private readonly Broadcast<AgentNotice> _notices = new(logger);

    /// <summary>Notices to agents (break suggestions), as they are sent.</summary>
    public IDisposable Subscribe(Action<AgentNotice> handler) => _notices.Subscribe(handler);

    public async Task<IReadOnlyList<RosterRow>> ForTeamsAsync(IReadOnlySet<string> teams, CancellationToken cancellationToken = default)
    {
        var since = clock.GetUtcNow() - Shift;
        var teamList = teams.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var agents = await db.Users.AsNoTracking()
            .Where(u => u.TeamId != null && teamList.Contains(u.TeamId) && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Agent)))
            .Select(u => new { u.Id, u.DisplayName, u.TeamId })
            .ToListAsync(cancellationToken);
        var ids = agents.Select(a => a.Id).ToList();
        var recent = await db.Conversations.AsNoTracking().Where(c => ids.Contains(c.AgentId) && c.BoundaryStep > 0).Select(c => new { c.AgentId, c.StartedAt }).ToListAsync(cancellationToken);
        var breaks = await db.Breaks.AsNoTracking().Where(b => ids.Contains(b.AgentId)).GroupBy(b => b.AgentId).Select(g => new { AgentId = g.Key, Last = g.Max(b => b.Id) }).ToListAsync(cancellationToken);
        var lastBreakIds = breaks.Select(b => b.Last).ToList();
        var breakTimes = await db.Breaks.AsNoTracking().Where(b => lastBreakIds.Contains(b.Id)).ToDictionaryAsync(b => b.AgentId, b => b.StartedAt, cancellationToken);
        var liveByAgent = live.All.GroupBy(e => e.Conversation.AgentId).ToDictionary(g => g.Key, g => g.Count());
        return agents.Select(a => new RosterRow(
                a.Id, a.DisplayName, a.TeamId!,
                liveByAgent.GetValueOrDefault(a.Id),
                recent.Count(r => r.AgentId == a.Id && r.StartedAt >= since),
                breakTimes.TryGetValue(a.Id, out var last) ? last : null))
            .OrderByDescending(r => r.AbusiveThisShift)
            .ThenBy(r => r.Name, StringComparer.CurrentCulture)
            .ToList();
    }

    /// <summary>A lead suggests a break; the agent's consoles show it at once, on whichever instance they are.</summary>
    public async Task SuggestBreakAsync(string agentId, ClaimsPrincipal lead, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var agent = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == agentId, cancellationToken)
            ?? throw new InputRejectedException("agentId", "There is no such agent.");
        if (agent.TeamId is null || !lead.CanWatchTeam(agent.TeamId) || lead.IsConnector())
        {
            throw new AccessDeniedException("That agent is outside your teams.");
        }

        var notice = new AgentNotice(agentId, lead.DisplayNameOf(), "Take a short break when you can; I've got the queue.", clock.GetUtcNow());
        _notices.Publish(notice);
        cluster.Send(notice);

        await audit.WriteAsync(lead.Identity?.Name ?? "lead", AuditActions.BreakSuggested, agent.UserName, null, cancellationToken);
    }

    /// <summary>An abusive conversation of the agent's ended: their consoles offer a short break, on whichever instance they are.</summary>
    public void OfferBreakAfterAbuse(string agentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agentId);
        var notice = new AgentNotice(agentId, null, "An abusive conversation just ended; take a short break when you can.", clock.GetUtcNow());
        _notices.Publish(notice);
        cluster.Send(notice);
    }

    /// <summary>Shows this instance's consoles a notice sent on another instance.</summary>
    public void DeliverFromCluster(AgentNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        _notices.Publish(notice);
    }

    public async Task RecordBreakAsync(string agentId, string? suggestedBy, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Breaks.Add(new AgentBreak { AgentId = agentId, StartedAt = clock.GetUtcNow(), SuggestedBy = suggestedBy });
        await db.SaveChangesAsync(cancellationToken);
    }
}
