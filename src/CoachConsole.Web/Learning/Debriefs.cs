using CoachConsole.Core.Conversations;
using CoachConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Learning;

/// <summary>An agent's abusive conversations in the period.</summary>
public sealed record AgentAbuse(string AgentId, string AgentName, int Conversations, int Abusive);

/// <summary>
/// A team's figures for a period. The time to de-escalate of a conversation runs from its first
/// heated customer turn (heat at or above <see cref="Debriefs.HeatedAt"/>) to the first later
/// customer turn below that heat or the first move to Closing, whichever comes first;
/// conversations that never got heated do not count, and heated ones that never calmed are
/// counted as <see cref="NotCalmed"/> instead of stretching the average. A follow-up is kept on
/// time when it was done at or before its due time; only follow-ups due in the period and already
/// due count.
/// </summary>
public sealed record DebriefFigures(
    int Conversations,
    int Heated,
    int Deescalated,
    int NotCalmed,
    TimeSpan? AverageTimeToDeescalate,
    int Escalations,
    int AbusiveConversations,
    IReadOnlyList<AgentAbuse> AbusePerAgent,
    int FollowUpsDue,
    int FollowUpsKeptOnTime)
{
    public double? EscalationRate => Conversations == 0 ? null : Escalations / (double)Conversations;

    /// <summary>Abusive conversations per agent who had any conversation in the period.</summary>
    public double? AbusivePerAgent => AbusePerAgent.Count == 0 ? null : AbusiveConversations / (double)AbusePerAgent.Count;

    public double? FollowUpsOnTimeRate => FollowUpsDue == 0 ? null : FollowUpsKeptOnTime / (double)FollowUpsDue;
}

public sealed record HardConversation(Guid Id, string CustomerName, string AgentName, string IssueSummary, DateTimeOffset EndedAt, double PeakHeat, bool Abusive, int BoundaryStep, bool Escalated);

public sealed record SharedReflectionView(Guid ConversationId, string AgentName, string IssueSummary, string? WentWell, string? DoDifferently, DateTimeOffset At);

public sealed record Debrief(
    string TeamId,
    string TeamName,
    DateTimeOffset From,
    DateTimeOffset To,
    DebriefFigures Figures,
    IReadOnlyList<HardConversation> Hardest,
    IReadOnlyList<SharedReflectionView> Reflections);

/// <summary>The team debrief: the figures that matter, the hardest conversations and the reflections agents chose to share.</summary>
public sealed class Debriefs(IDbContextFactory<CoachDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The heat at which a customer counts as heated (the red zone of the heat charts).</summary>
    public const double HeatedAt = 0.6;

    public const int HardestShown = 5;

    public async Task<Debrief> ForTeamAsync(string teamId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        if (to <= from)
        {
            throw new InputRejectedException("to", "The period must end after it starts.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var name = await db.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken) ?? teamId;
        var history = await LearningHistory.LoadAsync(db, new HashSet<string> { teamId }, from, to, null, withWords: false, cancellationToken);

        // Follow-ups are judged by when they were due, whichever period the conversation ended in.
        var followUps = (await db.WrapUps.AsNoTracking()
                .Where(w => w.FollowUpDue != null)
                .Join(db.Conversations.AsNoTracking().Where(c => c.TeamId == teamId), w => w.ConversationId, c => c.Id, (w, c) => new { w.FollowUpDue, w.FollowUpDoneAt })
                .ToListAsync(cancellationToken))
            .Select(f => (Due: f.FollowUpDue!.Value, DoneAt: f.FollowUpDoneAt))
            .ToList();
        return Compute(teamId, name, from, to, clock.GetUtcNow(), history, followUps);
    }

    /// <summary>The debrief from a constructed or loaded history.</summary>
    public static Debrief Compute(
        string teamId, string teamName, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now,
        IReadOnlyList<EndedConversation> history, IReadOnlyList<(DateTimeOffset Due, DateTimeOffset? DoneAt)> followUps)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(followUps);
        var times = new List<TimeSpan>();
        var heated = 0;
        foreach (var c in history)
        {
            switch (TimeToDeescalate(c))
            {
                case { } time:
                    heated++;
                    times.Add(time);
                    break;
                case null when c.CustomerTurns.Any(t => t.Heat >= HeatedAt):
                    heated++;
                    break;
                default:
                    break;
            }
        }

        var perAgent = history.GroupBy(c => c.AgentId)
            .Select(g => new AgentAbuse(g.Key, g.First().AgentName, g.Count(), g.Count(c => c.Abusive)))
            .OrderByDescending(a => a.Abusive).ThenBy(a => a.AgentName, StringComparer.Ordinal)
            .ToList();
        var due = followUps.Where(f => f.Due >= from && f.Due < to && f.Due <= now).ToList();
        var figures = new DebriefFigures(
            history.Count,
            heated,
            times.Count,
            heated - times.Count,
            times.Count == 0 ? null : TimeSpan.FromSeconds(Math.Round(times.Average(t => t.TotalSeconds))),
            history.Count(c => c.Escalated),
            history.Count(c => c.Abusive),
            perAgent,
            due.Count,
            due.Count(f => f.DoneAt is { } done && done <= f.Due));

        var hardest = history
            .Where(c => c.PeakHeat >= HeatedAt || c.Abusive || c.Escalated)
            .OrderByDescending(c => c.Abusive)
            .ThenByDescending(c => c.BoundaryStep)
            .ThenByDescending(c => c.PeakHeat)
            .ThenByDescending(c => c.Escalated)
            .Take(HardestShown)
            .Select(c => new HardConversation(c.Id, c.CustomerName, c.AgentName, c.IssueSummary, c.EndedAt, Math.Round(c.PeakHeat, 3), c.Abusive, c.BoundaryStep, c.Escalated))
            .ToList();
        var reflections = history
            .Where(c => c.WrapUp is { ShareReflection: true } w && (w.WentWell is not null || w.DoDifferently is not null))
            .OrderBy(c => c.WrapUp!.At)
            .Select(c => new SharedReflectionView(c.Id, c.AgentName, c.IssueSummary, c.WrapUp!.WentWell, c.WrapUp.DoDifferently, c.WrapUp.At))
            .ToList();
        return new Debrief(teamId, teamName, from, to, figures, hardest, reflections);
    }

    /// <summary>From the first heated customer turn to the first calmer customer turn or Closing; null when it never got heated or never calmed.</summary>
    public static TimeSpan? TimeToDeescalate(EndedConversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var customer = conversation.CustomerTurns;
        var first = customer.FirstOrDefault(t => t.Heat >= HeatedAt);
        if (first is null)
        {
            return null;
        }

        var calmer = customer.FirstOrDefault(t => t.Sequence > first.Sequence && t.Heat < HeatedAt)?.At;
        var closing = conversation.Moves.FirstOrDefault(m => m.To == Stage.Closing && m.At > first.At)?.At;
        DateTimeOffset? end = calmer is null ? closing : closing is null ? calmer : (calmer < closing ? calmer : closing);
        return end is null ? null : end.Value - first.At;
    }
}
