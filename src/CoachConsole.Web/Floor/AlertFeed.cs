using System.Security.Claims;
using CoachConsole.Web.Auth;
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
/// The alerts of the live conversations: stores a raised alert (one per cause, so none is raised
/// twice), keeps the open ones in memory, and tells every lead's floor when one is raised or
/// acknowledged. Memory holds only live conversations: when a conversation ends, its open alerts
/// and causes are dropped (the database keeps them), so it never grows with history.
/// </summary>
public sealed class AlertFeed : IDisposable
{
    /// <summary>How long an ended conversation is remembered, so an alert raised or relayed late does not bring it back.</summary>
    public static readonly TimeSpan RememberEndedFor = LiveConversations.RememberEndedFor;

    private readonly IDbContextFactory<CoachDbContext> _dbFactory;
    private readonly TimeProvider _clock;
    private readonly Broadcast<AlertView> _feed;
    private readonly IDisposable _subscription;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, LiveAlerts> _live = [];
    private readonly Dictionary<Guid, DateTimeOffset> _ended = [];
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile bool _loaded;
    private DateTimeOffset _lastForget;

    public AlertFeed(ConversationEventBus bus, IDbContextFactory<CoachDbContext> dbFactory, TimeProvider clock, ILogger<AlertFeed> logger)
    {
        ArgumentNullException.ThrowIfNull(bus);
        _dbFactory = dbFactory;
        _clock = clock;
        _feed = new Broadcast<AlertView>(logger);
        _lastForget = clock.GetUtcNow();
        _subscription = bus.Subscribe(u =>
        {
            if (u.Conversation.EndedAt is not null)
            {
                End(u.Conversation.Id);
            }
        });
    }

    /// <summary>Alerts raised or acknowledged, as they happen.</summary>
    public IDisposable Subscribe(Action<AlertView> handler) => _feed.Subscribe(handler);

    /// <summary>The live conversations whose alerts are held in memory.</summary>
    public int ConversationsHeld
    {
        get
        {
            lock (_gate)
            {
                return _live.Count;
            }
        }
    }

    /// <summary>Tells this instance's floors of an alert raised or acknowledged on another instance.</summary>
    public void PublishFromCluster(AlertView alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        Keep(alert);
        _feed.Publish(alert with { Remote = true });
    }

    /// <summary>Open alerts of the teams' live conversations and the latest acknowledged ones, newest first.</summary>
    public async Task<IReadOnlyList<AlertView>> ForTeamsAsync(IReadOnlySet<string> teams, int acknowledged = 30, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(teams);
        await LoadAsync(cancellationToken);
        List<AlertView> open;
        lock (_gate)
        {
            open = _live.Values.SelectMany(l => l.Open.Values).Where(a => teams.Contains(a.TeamId)).ToList();
        }

        var done = new List<AlertView>();
        if (acknowledged > 0)
        {
            await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
            var teamList = teams.ToList();
            done = (await db.Alerts.AsNoTracking().Where(a => teamList.Contains(a.TeamId) && a.AcknowledgedAt != null).OrderByDescending(a => a.Id).Take(acknowledged).ToListAsync(cancellationToken))
                .Select(AlertView.From).ToList();
        }

        return open.Concat(done.Where(d => open.All(o => o.Id != d.Id))).OrderByDescending(a => a.Id).ToList();
    }

    public async Task<AlertView> AcknowledgeAsync(long alertId, ClaimsPrincipal lead, CancellationToken cancellationToken = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var alert = await db.Alerts.FirstOrDefaultAsync(a => a.Id == alertId, cancellationToken)
            ?? throw new InputRejectedException("alertId", "There is no such alert.");
        if (!lead.CanWatchTeam(alert.TeamId) || lead.IsConnector())
        {
            throw new AccessDeniedException("That alert is outside your teams.");
        }

        if (alert.AcknowledgedAt is null)
        {
            alert.AcknowledgedAt = _clock.GetUtcNow();
            alert.AcknowledgedBy = lead.DisplayNameOf();
            await db.SaveChangesAsync(cancellationToken);
            Keep(AlertView.From(alert));
            _feed.Publish(AlertView.From(alert));
        }

        return AlertView.From(alert);
    }

    /// <summary>Stores and announces the alert, unless its cause was raised already or its conversation has ended.</summary>
    public async Task RaiseAsync(AlertCandidate candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        await LoadAsync(cancellationToken);
        var key = Key(candidate.Kind, candidate.Cause);
        lock (_gate)
        {
            if (_ended.ContainsKey(candidate.Conversation.Id) || !LiveOf(candidate.Conversation.Id).Causes.Add(key))
            {
                return;
            }
        }

        var alert = new Alert
        {
            ConversationId = candidate.Conversation.Id,
            TeamId = candidate.Conversation.TeamId,
            AgentId = candidate.Conversation.AgentId,
            Kind = candidate.Kind,
            Cause = candidate.Cause,
            Detail = candidate.Detail.Length > 500 ? candidate.Detail[..500] : candidate.Detail,
            RaisedAt = _clock.GetUtcNow(),
        };
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
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

        Keep(AlertView.From(alert));
        _feed.Publish(AlertView.From(alert));
    }

    /// <summary>Reads, once, the causes and open alerts of the conversations that have not ended.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (_loaded)
        {
            return;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_loaded)
            {
                return;
            }

            await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
            var stored = await (from a in db.Alerts.AsNoTracking()
                                join c in db.Conversations.AsNoTracking() on a.ConversationId equals c.Id
                                where c.EndedAt == null
                                select a).ToListAsync(cancellationToken);
            lock (_gate)
            {
                foreach (var a in stored.Where(a => !_ended.ContainsKey(a.ConversationId)))
                {
                    var live = LiveOf(a.ConversationId);
                    live.Causes.Add(Key(a.Kind, a.Cause));
                    if (a.AcknowledgedAt is null)
                    {
                        live.Open.TryAdd(a.Id, AlertView.From(a));
                    }
                }
            }

            _loaded = true;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Holds an open alert of a live conversation, or lets go of an acknowledged one.</summary>
    private void Keep(AlertView alert)
    {
        lock (_gate)
        {
            if (!alert.IsOpen)
            {
                if (_live.TryGetValue(alert.ConversationId, out var held))
                {
                    held.Open.Remove(alert.Id);
                }
            }
            else if (!_ended.ContainsKey(alert.ConversationId))
            {
                LiveOf(alert.ConversationId).Open[alert.Id] = alert with { Remote = false };
            }
        }
    }

    private void End(Guid conversationId)
    {
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            _live.Remove(conversationId);
            _ended[conversationId] = now;
            if (now - _lastForget >= TimeSpan.FromMinutes(1))
            {
                _lastForget = now;
                foreach (var id in _ended.Where(e => e.Value < now - RememberEndedFor).Select(e => e.Key).ToList())
                {
                    _ended.Remove(id);
                }
            }
        }
    }

    private LiveAlerts LiveOf(Guid conversationId)
    {
        if (!_live.TryGetValue(conversationId, out var live))
        {
            _live[conversationId] = live = new LiveAlerts();
        }

        return live;
    }

    private static string Key(AlertKind kind, string cause) => $"{kind}|{cause}";

    public void Dispose()
    {
        _subscription.Dispose();
        _loading.Dispose();
    }

    private sealed class LiveAlerts
    {
        public HashSet<string> Causes { get; } = new(StringComparer.Ordinal);

        public Dictionary<long, AlertView> Open { get; } = [];
    }
}
