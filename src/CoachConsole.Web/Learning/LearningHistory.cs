using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Learning;

/// <summary>An ended conversation with what the learning pages read from it.</summary>
public sealed record EndedConversation(
    Guid Id,
    string TeamId,
    string AgentId,
    string AgentName,
    string CustomerName,
    string IssueSummary,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    int BoundaryStep,
    IReadOnlyList<Turn> Turns,
    IReadOnlyList<StageChangeRecord> Moves,
    WrapUp? WrapUp)
{
    public double PeakHeat => Turns.Where(t => t.Speaker == Speaker.Customer).Select(t => t.Heat).DefaultIfEmpty(0).Max();

    /// <summary>Abuse aimed at the agent: the boundary ladder was climbed, a turn read abusive, or it ended for abuse.</summary>
    public bool Abusive => BoundaryStep > 0 || Turns.Any(t => (t.Signals & SignalKind.Abuse) != 0) || WrapUp?.Outcome == Outcome.EndedForAbuse;

    /// <summary>A supervisor was called or engaged, or the agent's wrap-up says it was escalated.</summary>
    public bool Escalated => Moves.Any(m => m.To is Stage.Escalating or Stage.SupervisorEngaged) || WrapUp?.Outcome == Outcome.Escalated;

    public IssueClass Issue => IssueTaxonomy.Classify(
        IssueSummary, Turns.Where(t => t.Speaker == Speaker.Customer).Select(t => t.Text), WrapUp?.Outcome, Abusive);
}

/// <summary>Loads the ended conversations of a period, with their turns, stage moves and wrap-ups.</summary>
internal static class LearningHistory
{
    /// <summary>
    /// Conversations that ended in [from, to) in the given teams (null: every team), optionally of
    /// one agent only. Dates are compared here, not in SQL: SQLite cannot order or compare
    /// DateTimeOffset values.
    /// </summary>
    public static async Task<List<EndedConversation>> LoadAsync(
        CoachDbContext db, IReadOnlySet<string>? teams, DateTimeOffset from, DateTimeOffset to, string? agentId, CancellationToken cancellationToken)
    {
        var query = db.Conversations.AsNoTracking().Where(c => c.EndedAt != null);
        if (agentId is not null)
        {
            query = query.Where(c => c.AgentId == agentId);
        }

        if (teams is not null)
        {
            var list = teams.ToList();
            query = query.Where(c => list.Contains(c.TeamId));
        }

        var heads = (await query
                .Select(c => new { c.Id, c.TeamId, c.AgentId, c.AgentName, c.CustomerName, c.IssueSummary, c.StartedAt, c.EndedAt, c.BoundaryStep })
                .ToListAsync(cancellationToken))
            .Where(c => c.EndedAt >= from && c.EndedAt < to)
            .ToList();
        var ids = heads.Select(c => c.Id).ToList();
        var turns = new List<Turn>();
        var moves = new List<StageChangeRecord>();
        var wrapUps = new List<WrapUp>();
        // In chunks, so a long period stays within the database's parameter limits.
        foreach (var chunk in ids.Chunk(500))
        {
            turns.AddRange(await db.Turns.AsNoTracking().Where(t => chunk.Contains(t.ConversationId)).ToListAsync(cancellationToken));
            moves.AddRange(await db.StageChanges.AsNoTracking().Where(m => chunk.Contains(m.ConversationId)).ToListAsync(cancellationToken));
            wrapUps.AddRange(await db.WrapUps.AsNoTracking().Where(w => chunk.Contains(w.ConversationId)).ToListAsync(cancellationToken));
        }

        var turnsBy = turns.GroupBy(t => t.ConversationId).ToDictionary(g => g.Key, g => (IReadOnlyList<Turn>)g.OrderBy(t => t.Sequence).ToList());
        var movesBy = moves.GroupBy(m => m.ConversationId).ToDictionary(g => g.Key, g => (IReadOnlyList<StageChangeRecord>)g.OrderBy(m => m.Id).ToList());
        var wrapUpBy = wrapUps.ToDictionary(w => w.ConversationId);
        return heads
            .Select(c => new EndedConversation(
                c.Id, c.TeamId, c.AgentId, c.AgentName, c.CustomerName, c.IssueSummary, c.StartedAt, c.EndedAt!.Value, c.BoundaryStep,
                turnsBy.GetValueOrDefault(c.Id) ?? [], movesBy.GetValueOrDefault(c.Id) ?? [], wrapUpBy.GetValueOrDefault(c.Id)))
            .OrderBy(c => c.EndedAt)
            .ToList();
    }
}
