using System.Collections.Concurrent;
using System.Security.Claims;
using System.Threading.Channels;
using CoachConsole.Core.Conversations;
using Channel = System.Threading.Channels.Channel;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Floor;

public sealed record AlertView(long Id, Guid ConversationId, string TeamId, string AgentId, AlertKind Kind, string Detail, DateTimeOffset RaisedAt, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt)
{
    public bool IsOpen => AcknowledgedAt is null;

    /// <summary>Raised or acknowledged on another instance and relayed to this one.</summary>
    public bool Remote { get; init; }

    public static AlertView From(Alert a) => new(a.Id, a.ConversationId, a.TeamId, a.AgentId, a.Kind, a.Detail, a.RaisedAt, a.AcknowledgedBy, a.AcknowledgedAt);
}

/// <summary>
/// Raises alerts from conversation updates and from silences, stores them (one per cause, so no
/// alert is raised twice), and tells every lead's floor when one is raised or acknowledged. Runs
/// off the per-turn path: updates are queued and handled in order. Updates relayed from other
/// instances keep the heat trends right here but raise nothing: their alerts are relayed too.
/// </summary>
public sealed class AlertService(
    ConversationEventBus bus,
    LiveConversations live,
    IDbContextFactory<CoachDbContext> dbFactory,
    AuditLog audit,
    TimeProvider clock,
    ILogger<AlertService> logger) : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AlertRulesEngine _engine = new();
    private readonly Lock _engineGate = new();
    private readonly ConcurrentDictionary<string, TeamAlertRules> _rules = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _raised = new(StringComparer.Ordinal);
    private readonly Broadcast<AlertView> _feed = new(logger);
    private readonly Broadcast<string> _rulesChanged = new(logger);

    /// <summary>Alerts raised or acknowledged, as they happen.</summary>
    public IDisposable Subscribe(Action<AlertView> handler) => _feed.Subscribe(handler);

    /// <summary>The team whose alert rules were just saved on this instance.</summary>
    public IDisposable SubscribeToRuleChanges(Action<string> handler) => _rulesChanged.Subscribe(handler);

    /// <summary>Tells this instance's floors of an alert raised or acknowledged on another instance.</summary>
    public void PublishFromCluster(AlertView alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        _feed.Publish(alert with { Remote = true });
    }

    /// <summary>Drops the cached rules of a team whose rules another instance saved; the next read loads them.</summary>
    public void ForgetRules(string teamId) => _rules.TryRemove(teamId, out _);

    public IReadOnlyList<double> HeatOf(Guid conversationId)
    {
        lock (_engineGate)
        {
            return _engine.HeatOf(conversationId);
        }
    }

    public async Task<TeamAlertRules> RulesForAsync(string teamId, CancellationToken cancellationToken = default)
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

    public async Task SaveRulesAsync(TeamAlertRules rules, ClaimsPrincipal lead, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (!lead.CanWatchTeam(rules.TeamId) || lead.IsConnector())
        {
            throw new AccessDeniedException("That team is outside your reach.");
        }

        if (rules.HeatRisingTurns is < 0 or > 20 || rules.StuckMinutes is < 0 or > 240 || rules.SilenceSeconds is < 0 or > 3600)
        {
            throw new InputRejectedException("rules", "Rising heat is 2 to 20 turns, stuck 1 to 240 minutes, silence 10 to 3600 seconds (0 turns a rule off).");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.AlertRules.FirstOrDefaultAsync(r => r.TeamId == rules.TeamId, cancellationToken);
        if (stored is null)
        {
            db.AlertRules.Add(stored = new TeamAlertRules { TeamId = rules.TeamId });
        }

        db.Entry(stored).CurrentValues.SetValues(rules);
        await db.SaveChangesAsync(cancellationToken);
        _rules[rules.TeamId] = rules.Copy();
        _rulesChanged.Publish(rules.TeamId);
        await audit.WriteAsync(lead.Identity?.Name ?? "lead", AuditActions.AlertRulesChanged, rules.TeamId, null, cancellationToken);
    }

    /// <summary>Open alerts of the teams' live conversations and the latest acknowledged ones, newest first.</summary>
    public async Task<IReadOnlyList<AlertView>> ForTeamsAsync(IReadOnlySet<string> teams, int acknowledged = 30, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teamList = teams.ToList();
        var open = await db.Alerts.AsNoTracking().Where(a => teamList.Contains(a.TeamId) && a.AcknowledgedAt == null).ToListAsync(cancellationToken);
        var done = await db.Alerts.AsNoTracking().Where(a => teamList.Contains(a.TeamId) && a.AcknowledgedAt != null).OrderByDescending(a => a.Id).Take(acknowledged).ToListAsync(cancellationToken);
        return open.Concat(done).OrderByDescending(a => a.Id).Select(AlertView.From).ToList();
    }

    public async Task<AlertView> AcknowledgeAsync(long alertId, ClaimsPrincipal lead, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var alert = await db.Alerts.FirstOrDefaultAsync(a => a.Id == alertId, cancellationToken)
            ?? throw new InputRejectedException("alertId", "There is no such alert.");
        if (!lead.CanWatchTeam(alert.TeamId) || lead.IsConnector())
        {
            throw new AccessDeniedException("That alert is outside your teams.");
        }

        if (alert.AcknowledgedAt is null)
        {
            alert.AcknowledgedAt = clock.GetUtcNow();
            alert.AcknowledgedBy = lead.DisplayNameOf();
            await db.SaveChangesAsync(cancellationToken);
            _feed.Publish(AlertView.From(alert));
        }

        return AlertView.From(alert);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = bus.SubscribeAll(u =>
        {
            if (u.Kind is not UpdateKind.Partial)
            {
                _queue.Writer.TryWrite(new Work(u));
            }
        });
        await SeedAsync(stoppingToken);
        using var sweep = clock.CreateTimer(_ => _queue.Writer.TryWrite(Work.Sweep), null, SweepInterval, SweepInterval);
        await foreach (var work in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                IReadOnlyList<AlertCandidate> candidates;
                if (work.Update is { } update)
                {
                    candidates = await EvaluateAsync(update, stoppingToken);
                    if (update.Remote)
                    {
                        // Its alerts come from the instance that made it, through the relay.
                        continue;
                    }
                }
                else
                {
                    candidates = await SweepAsync(stoppingToken);
                }

                foreach (var candidate in candidates)
                {
                    await RaiseAsync(candidate, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Alert rules failed on {Work}", work.Update is { } u ? $"conversation {u.Conversation.Id}" : "the sweep of quiet conversations");
            }
        }
    }

    /// <summary>What the alert queue works through in order: a conversation update, or (without one) the timed sweep.</summary>
    private sealed record Work(ConversationUpdate? Update)
    {
        public static readonly Work Sweep = new((ConversationUpdate?)null);
    }

    private async Task<IReadOnlyList<AlertCandidate>> EvaluateAsync(ConversationUpdate update, CancellationToken cancellationToken)
    {
        var rules = await RulesForAsync(update.Conversation.TeamId, cancellationToken);
        lock (_engineGate)
        {
            return _engine.OnUpdate(update, rules);
        }
    }

    private async Task<IReadOnlyList<AlertCandidate>> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var candidates = new List<AlertCandidate>();
        foreach (var entry in live.All.ToList())
        {
            candidates.AddRange(AlertRulesEngine.OnTick(entry.Conversation, await RulesForAsync(entry.Conversation.TeamId, cancellationToken), now));
        }

        return candidates;
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var heats = await (from t in db.Turns.AsNoTracking()
                           join c in db.Conversations.AsNoTracking() on t.ConversationId equals c.Id
                           where c.EndedAt == null && t.Speaker == Speaker.Customer
                           select new { t.ConversationId, t.Sequence, t.Heat }).ToListAsync(cancellationToken);
        lock (_engineGate)
        {
            foreach (var group in heats.GroupBy(h => h.ConversationId))
            {
                _engine.Seed(group.Key, group.OrderBy(h => h.Sequence).TakeLast(20).Select(h => (h.Sequence, h.Heat)));
            }
        }

        foreach (var a in await db.Alerts.AsNoTracking().Select(a => new { a.ConversationId, a.Kind, a.Cause }).ToListAsync(cancellationToken))
        {
            _raised[Key(a.ConversationId, a.Kind, a.Cause)] = 0;
        }
    }

    private async Task RaiseAsync(AlertCandidate candidate, CancellationToken cancellationToken)
    {
        var key = Key(candidate.Conversation.Id, candidate.Kind, candidate.Cause);
        if (!_raised.TryAdd(key, 0))
        {
            return;
        }

        var alert = new Alert
        {
            ConversationId = candidate.Conversation.Id,
            TeamId = candidate.Conversation.TeamId,
            AgentId = candidate.Conversation.AgentId,
            Kind = candidate.Kind,
            Cause = candidate.Cause,
            Detail = candidate.Detail.Length > 500 ? candidate.Detail[..500] : candidate.Detail,
            RaisedAt = clock.GetUtcNow(),
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Alerts.Add(alert);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Raised already (by another instance, or before a restart): one alert per cause.
            return;
        }

        _feed.Publish(AlertView.From(alert));
    }

    private static string Key(Guid conversationId, AlertKind kind, string cause) => $"{conversationId:N}|{kind}|{cause}";
}
