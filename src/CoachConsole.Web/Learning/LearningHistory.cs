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
    IReadOnlyList<TurnFacts> CustomerTurns,
    IReadOnlyList<StageChangeRecord> Moves,
    WrapUp? WrapUp)
{
    public double PeakHeat => CustomerTurns.Select(t => t.Heat).DefaultIfEmpty(0).Max();

    /// <summary>Abuse aimed at the agent: the boundary ladder was climbed, a customer turn read abusive, or it ended for abuse.</summary>
    public bool Abusive => BoundaryStep > 0 || CustomerTurns.Any(t => (t.Signals & SignalKind.Abuse) != 0) || WrapUp?.Outcome == Outcome.EndedForAbuse;

    /// <summary>A supervisor was called or engaged, or the agent's wrap-up says it was escalated.</summary>
    public bool Escalated => Moves.Any(m => m.To is Stage.Escalating or Stage.SupervisorEngaged) || WrapUp?.Outcome == Outcome.Escalated;

    public IssueClass Issue => IssueTaxonomy.Classify(
        IssueSummary, CustomerTurns.Select(t => t.Text), WrapUp?.Outcome, Abusive);
}

/// <summary>What the learning figures read of a customer's turn: the words, heat, signals and time.</summary>
public sealed record TurnFacts(int Sequence, string Text, DateTimeOffset At, double Heat, SignalKind Signals);

/// <summary>Loads the ended conversations of a period, with their turns, stage moves and wrap-ups.</summary>
internal static class LearningHistory
{
    /// <summary>
    /// Conversations that ended in [from, to) in the given teams (null: every team), optionally of
    /// one agent only, selected in the database by their end in UTC ticks.
    /// </summary>
    public static async Task<List<EndedConversation>> LoadAsync(
        CoachDbContext db, IReadOnlySet<string>? teams, DateTimeOffset from, DateTimeOffset to, string? agentId, CancellationToken cancellationToken)
    {
        var query = CoachDbContext.EndedBetween(db.Conversations.AsNoTracking(), from, to);
        if (agentId is not null)
        {
            query = query.Where(c => c.AgentId == agentId);
        }

        if (teams is not null)
        {
            var list = teams.ToList();
            query = query.Where(c => list.Contains(c.TeamId));
        }

        var heads = await query
            .Select(c => new { c.Id, c.TeamId, c.AgentId, c.AgentName, c.CustomerName, c.IssueSummary, c.StartedAt, c.EndedAt, c.BoundaryStep })
            .ToListAsync(cancellationToken);

        // One query a table, the period's conversations selected inside it.
        var ids = query.Select(c => c.Id);
        var turns = await db.Turns.AsNoTracking()
            .Where(t => t.Speaker == Speaker.Customer && ids.Contains(t.ConversationId))
            .Select(t => new { t.ConversationId, t.Sequence, t.Text, t.At, t.Heat, t.Signals })
            .ToListAsync(cancellationToken);
        var moves = await db.StageChanges.AsNoTracking().Where(m => ids.Contains(m.ConversationId)).ToListAsync(cancellationToken);
        var wrapUps = await db.WrapUps.AsNoTracking().Where(w => ids.Contains(w.ConversationId)).ToListAsync(cancellationToken);

        var turnsBy = turns.GroupBy(t => t.ConversationId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<TurnFacts>)g.OrderBy(t => t.Sequence).Select(t => new TurnFacts(t.Sequence, t.Text, t.At, t.Heat, t.Signals)).ToList());
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
