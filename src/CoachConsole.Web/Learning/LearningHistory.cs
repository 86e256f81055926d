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

/// <summary>What the learning figures read of a customer's turn: the words (empty when read without them), heat, signals and time.</summary>
public sealed record TurnFacts(int Sequence, string Text, DateTimeOffset At, double Heat, SignalKind Signals);

/// <summary>Reads the ended conversations of a period, with their customer turns, stage moves and wrap-ups.</summary>
internal static class LearningHistory
{
    /// <summary>
    /// Conversations that ended in [from, to) in the given teams (null: every team), optionally of
    /// one agent only, selected in the database by their end in UTC ticks; in the order they ended.
    /// </summary>
    public static async Task<List<EndedConversation>> LoadAsync(
        CoachDbContext db, IReadOnlySet<string>? teams, DateTimeOffset from, DateTimeOffset to, string? agentId, bool withWords, CancellationToken cancellationToken)
    {
        var all = new List<EndedConversation>();
        await foreach (var conversation in ReadAsync(db, teams, from, to, agentId, withWords, cancellationToken))
        {
            all.Add(conversation);
        }

        return [.. all.OrderBy(c => c.EndedAt)];
    }

    /// <summary>
    /// The same conversations one at a time, in no particular order: the customer turns are read as
    /// a stream ordered by conversation, so a report over a long period holds one conversation's
    /// words at a time, not the whole period's. Without <paramref name="withWords"/> the turns come
    /// without their text (heat, signals and times are all the figures need).
    /// </summary>
    public static async IAsyncEnumerable<EndedConversation> ReadAsync(
        CoachDbContext db,
        IReadOnlySet<string>? teams,
        DateTimeOffset from,
        DateTimeOffset to,
        string? agentId,
        bool withWords,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
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
            .Select(c => new Head(c.Id, c.TeamId, c.AgentId, c.AgentName, c.CustomerName, c.IssueSummary, c.StartedAt, c.EndedAt!.Value, c.BoundaryStep))
            .ToDictionaryAsync(c => c.Id, cancellationToken);

        // One query a table, the period's conversations selected inside it.
        var ids = query.Select(c => c.Id);
        var movesBy = (await db.StageChanges.AsNoTracking().Where(m => ids.Contains(m.ConversationId)).ToListAsync(cancellationToken))
            .GroupBy(m => m.ConversationId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<StageChangeRecord>)[.. g.OrderBy(m => m.Id)]);
        var wrapUpBy = await db.WrapUps.AsNoTracking().Where(w => ids.Contains(w.ConversationId)).ToDictionaryAsync(w => w.ConversationId, cancellationToken);

        EndedConversation Complete(Head c, IReadOnlyList<TurnFacts> turns)
        {
            heads.Remove(c.Id);
            return new EndedConversation(
                c.Id, c.TeamId, c.AgentId, c.AgentName, c.CustomerName, c.IssueSummary, c.StartedAt, c.EndedAt, c.BoundaryStep,
                turns, movesBy.GetValueOrDefault(c.Id) ?? [], wrapUpBy.GetValueOrDefault(c.Id));
        }

        var turnsOfOne = new List<TurnFacts>();
        Guid? current = null;
        var customerTurns = db.Turns.AsNoTracking()
            .Where(t => t.Speaker == Speaker.Customer && ids.Contains(t.ConversationId))
            .OrderBy(t => t.ConversationId).ThenBy(t => t.Sequence);
        var stream = (withWords
                ? customerTurns.Select(t => new { t.ConversationId, Facts = new TurnFacts(t.Sequence, t.Text, t.At, t.Heat, t.Signals) })
                : customerTurns.Select(t => new { t.ConversationId, Facts = new TurnFacts(t.Sequence, "", t.At, t.Heat, t.Signals) }))
            .AsAsyncEnumerable()
            .WithCancellation(cancellationToken);
        await foreach (var turn in stream)
        {
            if (turn.ConversationId != current)
            {
                if (current is { } done && heads.TryGetValue(done, out var head))
                {
                    yield return Complete(head, turnsOfOne);
                }

                current = turn.ConversationId;
                turnsOfOne = [];
            }

            turnsOfOne.Add(turn.Facts);
        }

        if (current is { } last && heads.TryGetValue(last, out var lastHead))
        {
            yield return Complete(lastHead, turnsOfOne);
        }

        // Conversations in which the customer never wrote.
        foreach (var head in heads.Values.ToList())
        {
            yield return Complete(head, []);
        }
    }

    private sealed record Head(
        Guid Id, string TeamId, string AgentId, string AgentName, string CustomerName, string IssueSummary,
        DateTimeOffset StartedAt, DateTimeOffset EndedAt, int BoundaryStep);
}
