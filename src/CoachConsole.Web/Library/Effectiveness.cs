using CoachConsole.Core.Conversations;
using CoachConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Library;

/// <summary>
/// What one phrase did: how often it was suggested and used, the change in the customer's heat
/// over the next two customer turns after a use against comparable turns in the same stage where
/// it was not used (with a 95% interval), how often the stage moved forward and how often the
/// conversation escalated.
/// </summary>
public sealed record PhraseEffect(
    string PhraseId,
    Stage Stage,
    int Shown,
    int Used,
    double? HeatChangeUsed,
    double? HeatChangeOthers,
    int ComparableTurns,
    double? Difference,
    double? IntervalLow,
    double? IntervalHigh,
    double? MovedForward,
    double? Escalated)
{
    /// <summary>Below this many uses the figures are shown but not trusted.</summary>
    public const int MinimumUses = 5;

    public bool EnoughUses => Used >= MinimumUses;

    /// <summary>True when the interval lies wholly below zero: it calms customers more than the alternatives.</summary>
    public bool Calms => EnoughUses && IntervalHigh < 0;
}

public sealed class Effectiveness(IDbContextFactory<CoachDbContext> dbFactory)
{
    private static readonly Stage[] Forward = [Stage.Listening, Stage.Acknowledging, Stage.Clarifying, Stage.Resolving, Stage.Confirming, Stage.Closing];

    public async Task<IReadOnlyList<PhraseEffect>> ForPeriodAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversations = (await db.Conversations.AsNoTracking().Select(c => new { c.Id, c.StartedAt }).ToListAsync(cancellationToken))
            .Where(c => c.StartedAt >= from && c.StartedAt < to).Select(c => c.Id).ToList();
        var turns = await db.Turns.AsNoTracking().Where(t => conversations.Contains(t.ConversationId)).ToListAsync(cancellationToken);
        var events = await db.CardEvents.AsNoTracking().Where(e => conversations.Contains(e.ConversationId)).ToListAsync(cancellationToken);
        var moves = await db.StageChanges.AsNoTracking().Where(m => conversations.Contains(m.ConversationId)).ToListAsync(cancellationToken);
        return Compute(turns, events, moves);
    }

    /// <summary>The figures from a history of turns, card events and stage changes.</summary>
    public static IReadOnlyList<PhraseEffect> Compute(IReadOnlyList<Turn> turns, IReadOnlyList<CardEvent> events, IReadOnlyList<StageChangeRecord> moves)
    {
        ArgumentNullException.ThrowIfNull(turns);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(moves);
        var byConversation = turns.GroupBy(t => t.ConversationId).ToDictionary(g => g.Key, g => g.OrderBy(t => t.Sequence).ToList());
        var movesBy = moves.GroupBy(m => m.ConversationId).ToDictionary(g => g.Key, g => g.OrderBy(m => m.Id).ToList());
        var used = events.Where(e => e.Action == CardAction.Used).ToList();

        // Every agent turn is a point: the heat change after it, in its stage, and the card it used if any.
        var points = new List<(Guid Conversation, int Sequence, Stage Stage, string? Phrase, double Change)>();
        foreach (var (id, list) in byConversation)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var turn = list[i];
                if (turn.Speaker != Speaker.Agent || HeatChange(list, i) is not { } change)
                {
                    continue;
                }

                var card = used.FirstOrDefault(e => e.ConversationId == id && e.AtTurn == turn.Sequence)?.PhraseId ?? turn.PhraseId;
                var stage = i > 0 ? list[i - 1].StageAfter : Stage.Opening;
                points.Add((id, turn.Sequence, stage, card, change));
            }
        }

        var effects = new List<PhraseEffect>();
        foreach (var phrase in events.GroupBy(e => e.PhraseId))
        {
            var stage = phrase.GroupBy(e => e.Stage).OrderByDescending(g => g.Count()).First().Key;
            var uses = phrase.Where(e => e.Action == CardAction.Used).ToList();
            var mine = points.Where(p => p.Phrase == phrase.Key).Select(p => p.Change).ToList();
            var others = points.Where(p => p.Stage == stage && p.Phrase != phrase.Key).Select(p => p.Change).ToList();
            double? difference = null, low = null, high = null;
            if (mine.Count > 0 && others.Count > 0)
            {
                difference = mine.Average() - others.Average();
                var se = Math.Sqrt((Variance(mine) / mine.Count) + (Variance(others) / others.Count));
                low = difference - (1.96 * se);
                high = difference + (1.96 * se);
            }

            var forward = uses.Select(u => MovedForward(movesBy.GetValueOrDefault(u.ConversationId) ?? [], u.At)).ToList();
            var escalated = uses.Select(u => (movesBy.GetValueOrDefault(u.ConversationId) ?? []).Any(m => m.At >= u.At && m.To == Stage.Escalating)).ToList();
            effects.Add(new PhraseEffect(
                phrase.Key, stage,
                phrase.Count(e => e.Action == CardAction.Shown),
                uses.Count,
                mine.Count > 0 ? mine.Average() : null,
                others.Count > 0 ? others.Average() : null,
                others.Count,
                difference, low, high,
                uses.Count > 0 ? forward.Count(f => f) / (double)uses.Count : null,
                uses.Count > 0 ? escalated.Count(e => e) / (double)uses.Count : null));
        }

        return effects.OrderBy(e => e.Difference ?? double.MaxValue).ToList();
    }

    /// <summary>The customer's heat over the next two customer turns, minus their heat before the agent's turn.</summary>
    private static double? HeatChange(List<Turn> list, int agentIndex)
    {
        var before = list.Take(agentIndex).LastOrDefault(t => t.Speaker == Speaker.Customer);
        var after = list.Skip(agentIndex + 1).Where(t => t.Speaker == Speaker.Customer).Take(2).ToList();
        return before is null || after.Count == 0 ? null : after.Average(t => t.Heat) - before.Heat;
    }

    private static bool MovedForward(List<StageChangeRecord> moves, DateTimeOffset at)
    {
        var next = moves.FirstOrDefault(m => m.At >= at);
        return next is not null && Array.IndexOf(Forward, next.To) > Array.IndexOf(Forward, next.From) && Array.IndexOf(Forward, next.From) >= 0;
    }

    private static double Variance(List<double> values)
    {
        if (values.Count < 2)
        {
            return 0.25;
        }

        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
    }
}
