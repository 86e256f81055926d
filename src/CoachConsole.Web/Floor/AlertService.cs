using System.Threading.Channels;
using CoachConsole.Core.Conversations;
using Channel = System.Threading.Channels.Channel;
using CoachConsole.Web.Data;
using CoachConsole.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Floor;

/// <summary>
/// Raises alerts from conversation updates and from silences under each team's rules, and hands
/// them to the <see cref="AlertFeed"/>. Runs off the per-turn path: updates are queued and handled
/// in order. Updates relayed from other instances keep the heat trends right here but raise
/// nothing: their alerts are relayed too.
/// </summary>
public sealed class AlertService(
    ConversationEventBus bus,
    LiveConversations live,
    IDbContextFactory<CoachDbContext> dbFactory,
    AlertRulesStore rules,
    AlertFeed feed,
    HeatTrends trends,
    TimeProvider clock,
    ILogger<AlertService> logger) : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AlertRulesEngine _engine = new();
    private readonly Lock _engineGate = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = bus.Subscribe(u =>
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
                    trends.Record(update);
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
                    await feed.RaiseAsync(candidate, stoppingToken);
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
        var teamRules = await rules.ForTeamAsync(update.Conversation.TeamId, cancellationToken);
        lock (_engineGate)
        {
            return _engine.OnUpdate(update, teamRules);
        }
    }

    private async Task<IReadOnlyList<AlertCandidate>> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var candidates = new List<AlertCandidate>();
        foreach (var entry in live.All.ToList())
        {
            candidates.AddRange(AlertRulesEngine.OnTick(entry.Conversation, await rules.ForTeamAsync(entry.Conversation.TeamId, cancellationToken), now));
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
                trends.Seed(group.Key, group.OrderBy(h => h.Sequence).Select(h => (h.Sequence, h.Heat)));
            }
        }

        await feed.LoadAsync(cancellationToken);
    }
}
