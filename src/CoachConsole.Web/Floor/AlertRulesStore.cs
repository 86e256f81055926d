using System.Collections.Concurrent;
using System.Security.Claims;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using CoachConsole.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Floor;

/// <summary>
/// The teams' alert rules: read once and kept, validated and saved by a lead, and announced when
/// saved so the other instances read them again.
/// </summary>
public sealed class AlertRulesStore(
    IDbContextFactory<CoachDbContext> dbFactory,
    AuditLog audit,
    ILogger<AlertRulesStore> logger)
{
    private readonly ConcurrentDictionary<string, TeamAlertRules> _rules = new(StringComparer.Ordinal);
    private readonly Broadcast<string> _changed = new(logger);

    /// <summary>The team whose alert rules were just saved on this instance.</summary>
    public IDisposable SubscribeToChanges(Action<string> handler) => _changed.Subscribe(handler);

    /// <summary>Drops the cached rules of a team whose rules another instance saved; the next read loads them.</summary>
    public void Forget(string teamId) => _rules.TryRemove(teamId, out _);

    public async Task<TeamAlertRules> ForTeamAsync(string teamId, CancellationToken cancellationToken = default)
    {
        if (_rules.TryGetValue(teamId, out var cached))
        {
            return cached;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rules = await db.AlertRules.AsNoTracking().FirstOrDefaultAsync(r => r.TeamId == teamId, cancellationToken) ?? new TeamAlertRules { TeamId = teamId };
        _rules[teamId] = rules;
        return rules;
    }

    public async Task SaveAsync(TeamAlertRules rules, ClaimsPrincipal lead, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (!lead.CanWatchTeam(rules.TeamId) || lead.IsConnector())
        {
            throw new AccessDeniedException("That team is outside your reach.");
        }

        Validate(rules);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.AlertRules.FirstOrDefaultAsync(r => r.TeamId == rules.TeamId, cancellationToken);
        if (stored is null)
        {
            db.AlertRules.Add(stored = new TeamAlertRules { TeamId = rules.TeamId });
        }

        db.Entry(stored).CurrentValues.SetValues(rules);
        await db.SaveChangesAsync(cancellationToken);
        _rules[rules.TeamId] = rules.Copy();
        _changed.Publish(rules.TeamId);
        await audit.WriteAsync(lead.Identity?.Name ?? "lead", AuditActions.AlertRulesChanged, rules.TeamId, null, cancellationToken);
    }

    /// <summary>Refuses, naming the field, a limit outside exactly the range its message states.</summary>
    public static void Validate(TeamAlertRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Limit(nameof(TeamAlertRules.HeatRisingTurns), rules.HeatRisingTurns, 2, 20, "Rising heat is 2 to 20 customer turns, or 0 to turn the rule off.");
        Limit(nameof(TeamAlertRules.StuckMinutes), rules.StuckMinutes, 1, 240, "Stuck is 1 to 240 minutes in one stage, or 0 to turn the rule off.");
        Limit(nameof(TeamAlertRules.SilenceSeconds), rules.SilenceSeconds, 10, 3600, "Silence is 10 to 3600 seconds, or 0 to turn the rule off.");
    }

    private static void Limit(string field, int value, int min, int max, string message)
    {
        if (value != 0 && (value < min || value > max))
        {
            throw new InputRejectedException(char.ToLowerInvariant(field[0]) + field[1..], message);
        }
    }
}
