using CoachConsole.Core.Coaching;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Library;

/// <summary>How one stored conversation fares under the published and the draft library and cues.</summary>
public sealed record WhatIfResult(
    Guid ConversationId,
    string CustomerName,
    DateTimeOffset StartedAt,
    IReadOnlyList<Stage> PathNow,
    IReadOnlyList<Stage> PathWithDraft,
    int TurnsWithOtherCards,
    int? FirstDifferentTurn,
    string? Example)
{
    public bool PathChanged => !PathNow.SequenceEqual(PathWithDraft);

    public bool Changed => PathChanged || TurnsWithOtherCards > 0;
}

/// <summary>
/// Replays the stored transcripts of a period twice, with what agents see now and with the
/// trainers' draft (phrases and detection cues), and reports conversation by conversation where
/// the stage path or the cards would change, before anything is published.
/// </summary>
public sealed class WhatIfService(IDbContextFactory<CoachDbContext> dbFactory, LibraryService library, CueService cues, PhraseLibraryProvider published, SignalReader builtIn)
{
    public const int MaxConversations = 500;

    public async Task<IReadOnlyList<WhatIfResult>> RunAsync(DateTimeOffset from, DateTimeOffset to, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversations = (await db.Conversations.AsNoTracking().ToListAsync(cancellationToken))
            .Where(c => c.StartedAt >= from && c.StartedAt < to)
            .OrderBy(c => c.StartedAt)
            .Take(MaxConversations)
            .ToList();
        var ids = conversations.Select(c => c.Id).ToList();
        var turns = (await db.Turns.AsNoTracking().Where(t => ids.Contains(t.ConversationId)).ToListAsync(cancellationToken))
            .GroupBy(t => t.ConversationId)
            .ToDictionary(g => g.Key, g => g.OrderBy(t => t.Sequence).ToList());

        var draftLibrary = new PhraseLibrary(await library.DraftAsync(cancellationToken), published.Current.Avoid);
        var draftCues = (await cues.AllAsync(cancellationToken)).Where(c => c.InDraft).Select(c => new TrainerCue(c.Signal, c.Phrase)).ToList();
        var now = new Coach(new LayeredSignalReader(builtIn, () => cues.Published), () => published.Current);
        var draft = new Coach(new LayeredSignalReader(builtIn, () => draftCues), () => draftLibrary);

        var results = new List<WhatIfResult>(conversations.Count);
        for (var i = 0; i < conversations.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var c = conversations[i];
            var transcript = turns.GetValueOrDefault(c.Id) ?? [];
            var (pathNow, cardsNow) = Replay(now, c, transcript);
            var (pathDraft, cardsDraft) = Replay(draft, c, transcript);
            var different = cardsNow.Zip(cardsDraft).Select((pair, index) => (Same: pair.First.SequenceEqual(pair.Second, StringComparer.Ordinal), Index: index)).Where(x => !x.Same).ToList();
            int? firstTurn = different.Count > 0 ? different[0].Index + 1 : null;
            var example = firstTurn is { } t
                ? $"turn {t}: now [{string.Join(", ", cardsNow[t - 1])}], with the draft [{string.Join(", ", cardsDraft[t - 1])}]"
                : null;
            results.Add(new WhatIfResult(c.Id, c.CustomerName, c.StartedAt, pathNow, pathDraft, different.Count, firstTurn, example));
            progress?.Report((i + 1) * 100.0 / conversations.Count);
        }

        return results;
    }

    /// <summary>The stage path and the card ids after each turn, replaying a transcript with one coach.</summary>
    private static (List<Stage> Path, List<List<string>> Cards) Replay(Coach coach, Conversation stored, List<Turn> transcript)
    {
        var c = new Conversation(stored.Id, stored.Channel, stored.CustomerName, stored.IssueSummary, stored.AgentId, stored.AgentName, stored.TeamId, stored.StartedAt);
        c.OfferOptions(stored.Options);
        var path = new List<Stage> { c.Stage };
        var cards = new List<List<string>>();
        var lastCustomer = SignalReading.Empty;
        var agentTexts = new List<string>();
        foreach (var turn in transcript)
        {
            if (c.IsEnded)
            {
                break;
            }

            var outcome = coach.Process(c, turn.Speaker, turn.Text, turn.At, lastCustomer, agentTexts, turn.PhraseId);
            if (turn.Speaker == Speaker.Customer)
            {
                lastCustomer = outcome.Reading;
            }
            else
            {
                agentTexts.Add(turn.Text);
            }

            path.AddRange(outcome.Transitions.Where(m => m.From != m.To).Select(m => m.To));
            cards.Add(outcome.Suggestions.Select(s => s.PhraseId).ToList());
        }

        return (path, cards);
    }
}
