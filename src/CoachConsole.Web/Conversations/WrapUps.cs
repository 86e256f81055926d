using CoachConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Conversations;

/// <summary>What the agent fills in when a conversation ends.</summary>
public sealed record WrapUpInput(Outcome Outcome, DateTimeOffset? FollowUpDue, string? FollowUpNote, string? WentWell, string? DoDifferently, bool ShareReflection);

/// <summary>A follow-up agreed in a wrap-up, as the agent's queue shows it.</summary>
public sealed record FollowUpView(Guid ConversationId, string CustomerName, string IssueSummary, DateTimeOffset Due, string? Note, DateTimeOffset? DoneAt)
{
    public bool IsDue(DateTimeOffset now) => DoneAt is null && Due <= now;
}

/// <summary>
/// Wrap-ups and the follow-ups they create. Ending an abusive conversation offers the agent a
/// break on every console of theirs.
/// </summary>
public sealed class WrapUps(IDbContextFactory<CoachDbContext> dbFactory, ConversationService conversations, Floor.Roster roster, Core.Privacy.TranscriptMasker masker, TimeProvider clock)
{
    public const int MaxNote = 1000;
    public const int MaxReflection = 2000;

    public async Task SubmitAsync(Guid conversationId, string agentId, WrapUpInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = clock.GetUtcNow();
        if (input.Outcome == Outcome.FollowUpNeeded && (input.FollowUpDue is null || input.FollowUpDue <= now))
        {
            throw new InputRejectedException("followUpDue", "Choose when the follow-up is due; it must be in the future.");
        }

        if (input.FollowUpNote?.Length > MaxNote)
        {
            throw new InputRejectedException("followUpNote", $"The follow-up note is longer than {MaxNote} characters.");
        }

        if (input.WentWell?.Length > MaxReflection || input.DoDifferently?.Length > MaxReflection)
        {
            throw new InputRejectedException("reflection", $"Keep each reflection under {MaxReflection} characters.");
        }

        var details = await conversations.GetAsync(conversationId, cancellationToken);
        if (details.Conversation.AgentId != agentId)
        {
            throw new AccessDeniedException("Only the conversation's agent wraps it up.");
        }

        var ended = details.Conversation.IsEnded ? details.Conversation : await conversations.EndAsync(conversationId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var wrapUp = await db.WrapUps.FirstOrDefaultAsync(w => w.ConversationId == conversationId, cancellationToken);
        if (wrapUp is null)
        {
            wrapUp = new WrapUp { ConversationId = conversationId, AgentId = agentId };
            db.WrapUps.Add(wrapUp);
        }

        wrapUp.Outcome = input.Outcome;
        wrapUp.FollowUpDue = input.Outcome == Outcome.FollowUpNeeded || input.FollowUpDue > now ? input.FollowUpDue : null;
        wrapUp.FollowUpNote = Clean(input.FollowUpNote);
        wrapUp.WentWell = Clean(input.WentWell);
        wrapUp.DoDifferently = Clean(input.DoDifferently);
        wrapUp.ShareReflection = input.ShareReflection;
        wrapUp.At = now;
        await db.SaveChangesAsync(cancellationToken);

        if (WasAbusive(ended, input.Outcome))
        {
            roster.OfferBreakAfterAbuse(agentId);
        }
    }

    /// <summary>True when the agent should be offered a break after this conversation.</summary>
    public static bool WasAbusive(ConversationView conversation, Outcome? outcome = null) =>
        conversation.BoundaryStep > 0 || outcome == Outcome.EndedForAbuse;

    /// <summary>The agent's conversations that ended in the last day and still need a wrap-up.</summary>
    public async Task<IReadOnlyList<ConversationView>> AwaitingWrapUpAsync(string agentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ended = await db.Conversations.AsNoTracking()
            .Where(c => c.AgentId == agentId && c.EndedAt != null && !db.WrapUps.Any(w => w.ConversationId == c.Id))
            .ToListAsync(cancellationToken);
        var since = clock.GetUtcNow().AddDays(-1);
        return ended.Where(c => c.EndedAt >= since).OrderBy(c => c.EndedAt).Select(ConversationView.From).ToList();
    }

    public async Task<IReadOnlyList<FollowUpView>> OpenFollowUpsAsync(string agentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from w in db.WrapUps.AsNoTracking()
                          join c in db.Conversations.AsNoTracking() on w.ConversationId equals c.Id
                          where w.AgentId == agentId && w.FollowUpDue != null && w.FollowUpDoneAt == null
                          select new { w.ConversationId, c.CustomerName, c.IssueSummary, w.FollowUpDue, w.FollowUpNote, w.FollowUpDoneAt })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new FollowUpView(r.ConversationId, r.CustomerName, r.IssueSummary, r.FollowUpDue!.Value, r.FollowUpNote, r.FollowUpDoneAt))
            .OrderBy(f => f.Due)
            .ToList();
    }

    public async Task CompleteFollowUpAsync(Guid conversationId, string agentId, string? result, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var wrapUp = await db.WrapUps.FirstOrDefaultAsync(w => w.ConversationId == conversationId && w.AgentId == agentId, cancellationToken)
            ?? throw new InputRejectedException("conversationId", "There is no follow-up of yours for that conversation.");
        wrapUp.FollowUpDoneAt = clock.GetUtcNow();
        wrapUp.FollowUpResult = Clean(result);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The agent's notes and reflections reach leads, debriefs and reviews: masked like turns.</summary>
    private string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : masker.Mask(text.Trim());
}
