using System.Security.Claims;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Learning;

/// <summary>A card as it was shown, used or rated during the conversation.</summary>
public sealed record CardEventView(string PhraseId, int PhraseVersion, CardAction Action, Stage Stage, int AtTurn, DateTimeOffset At);

public sealed record CommentView(long Id, string AuthorName, string Text, DateTimeOffset At, bool Seen);

public sealed record WrapUpView(
    Outcome Outcome,
    DateTimeOffset? FollowUpDue,
    string? FollowUpNote,
    DateTimeOffset? FollowUpDoneAt,
    string? FollowUpResult,
    string? WentWell,
    string? DoDifferently,
    bool ShareReflection,
    DateTimeOffset At)
{
    public static WrapUpView From(WrapUp w) => new(w.Outcome, w.FollowUpDue, w.FollowUpNote, w.FollowUpDoneAt, w.FollowUpResult, w.WentWell, w.DoDifferently, w.ShareReflection, w.At);
}

/// <summary>An ended conversation as it happened, for review.</summary>
public sealed record ConversationReview(
    ConversationView Conversation,
    IReadOnlyList<TurnView> Transcript,
    IReadOnlyList<StageChangeView> StagePath,
    IReadOnlyList<CardEventView> Cards,
    IReadOnlyList<LeadNoteView> LeadNotes,
    WrapUpView? WrapUp,
    IReadOnlyList<CommentView> Comments,
    IssueClass Issue,
    Guid? ExampleId)
{
    /// <summary>The stages in order: where it started, then every move.</summary>
    public IReadOnlyList<Stage> Stages => StagePath.Count == 0 ? [Conversation.Stage] : [StagePath[0].From, .. StagePath.Select(p => p.To)];

    public IReadOnlyList<double> CustomerHeat => Transcript.Where(t => t.Speaker == Speaker.Customer).Select(t => t.Heat).ToList();

    /// <summary>The cards that appeared on the agent's screen after this turn, or were used or rated with it.</summary>
    public IReadOnlyList<CardEventView> CardsAt(int sequence, CardAction action) =>
        Cards.Where(c => c.Action == action && c.AtTurn == sequence).ToList();
}

/// <summary>A line of the review list.</summary>
public sealed record ReviewListItem(
    Guid Id,
    string CustomerName,
    string AgentName,
    string IssueSummary,
    DateTimeOffset EndedAt,
    double PeakHeat,
    bool Abusive,
    bool Escalated,
    Outcome? Outcome,
    int Comments,
    int Unread);

/// <summary>
/// The review of an ended conversation: its transcript with the signals of each turn, the stage
/// path, the heat, the cards shown and used, the lead's actions, the wrap-up and reflection, and
/// the leads' coaching comments for the agent.
/// </summary>
public sealed class ReviewService(IDbContextFactory<CoachDbContext> dbFactory, ConversationService conversations, AuditLog audit, Core.Privacy.TranscriptMasker masker, TimeProvider clock, LearningNotices notices)
{
    public const int MaxComment = 2000;

    /// <summary>The review, or <see cref="AccessDeniedException"/> outside the viewer's reach.</summary>
    public async Task<ConversationReview> GetAsync(Guid conversationId, ClaimsPrincipal viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var details = await conversations.GetAsync(conversationId, cancellationToken);
        var conversation = details.Conversation;
        if (!viewer.CanReview(conversation))
        {
            throw new AccessDeniedException("That conversation is outside your reach.");
        }

        if (!conversation.IsEnded)
        {
            throw new InputRejectedException("conversationId", "The conversation is still live; it can be reviewed once it has ended.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cards = await db.CardEvents.AsNoTracking().Where(e => e.ConversationId == conversationId).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var wrapUp = await db.WrapUps.AsNoTracking().FirstOrDefaultAsync(w => w.ConversationId == conversationId, cancellationToken);
        var comments = await db.ReviewComments.AsNoTracking().Where(c => c.ConversationId == conversationId).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var example = await db.SharedExamples.AsNoTracking().Where(e => e.ConversationId == conversationId).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(cancellationToken);
        var abusive = conversation.BoundaryStep > 0 || details.Transcript.Any(t => SignalNames.Parse(t.Signals).HasFlag(SignalKind.Abuse)) || wrapUp?.Outcome == Outcome.EndedForAbuse;
        return new ConversationReview(
            conversation,
            details.Transcript,
            details.StagePath,
            cards.Select(e => new CardEventView(e.PhraseId, e.PhraseVersion, e.Action, e.Stage, e.AtTurn, e.At)).ToList(),
            details.LeadNotes,
            wrapUp is null ? null : Private(WrapUpView.From(wrapUp), viewer.CanSee(conversation)),
            comments.Select(c => new CommentView(c.Id, c.AuthorName, c.Text, c.At, c.SeenAt is not null)).ToList(),
            IssueTaxonomy.Classify(conversation.IssueSummary, details.Transcript.Where(t => t.Speaker == Speaker.Customer).Select(t => t.Text), wrapUp?.Outcome, abusive),
            example);
    }

    /// <summary>An unshared reflection stays between the agent and their leads: trainers read only shared ones.</summary>
    private static WrapUpView Private(WrapUpView wrapUp, bool inLine) =>
        inLine || wrapUp.ShareReflection ? wrapUp : wrapUp with { WentWell = null, DoDifferently = null };

    /// <summary>A lead's coaching comment; the agent sees it on the review and as unread until they open it.</summary>
    public async Task<CommentView> AddCommentAsync(Guid conversationId, ClaimsPrincipal lead, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lead);
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxComment)
        {
            throw new InputRejectedException("text", $"A comment is 1 to {MaxComment} characters.");
        }

        var conversation = (await conversations.GetAsync(conversationId, cancellationToken)).Conversation;
        if (!lead.CanComment(conversation))
        {
            throw new AccessDeniedException("Only a lead of the conversation's team comments on it.");
        }

        if (!conversation.IsEnded)
        {
            throw new InputRejectedException("conversationId", "Comment once the conversation has ended; while it is live, whisper.");
        }

        var comment = new ReviewComment
        {
            ConversationId = conversationId,
            AgentId = conversation.AgentId,
            AuthorId = lead.UserId() ?? "",
            AuthorName = lead.DisplayNameOf(),
            Text = masker.Mask(text.Trim()),
            At = clock.GetUtcNow(),
        };
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.ReviewComments.Add(comment);
            await db.SaveChangesAsync(cancellationToken);
        }

        await audit.WriteAsync(lead.Actor(), AuditActions.ReviewComment, conversationId.ToString(), $"for {conversation.AgentId}", cancellationToken);
        notices.Publish(new LearningNotice(LearningNoticeKind.Comment, conversation.AgentId, conversationId, conversation.CustomerName, comment.AuthorName, comment.Text));
        return new CommentView(comment.Id, comment.AuthorName, comment.Text, comment.At, false);
    }

    /// <summary>The agent has read the comments on this conversation.</summary>
    public async Task MarkSeenAsync(Guid conversationId, string agentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var unseen = await db.ReviewComments.Where(c => c.ConversationId == conversationId && c.AgentId == agentId && c.SeenAt == null).ToListAsync(cancellationToken);
        if (unseen.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        unseen.ForEach(c => c.SeenAt = now);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<int> UnreadCountAsync(string agentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ReviewComments.CountAsync(c => c.AgentId == agentId && c.SeenAt == null, cancellationToken);
    }

    /// <summary>
    /// Ended conversations within the viewer's reach that ended in [from, to), newest first:
    /// an agent's own, a lead's teams', every team's for admins and trainers.
    /// </summary>
    public async Task<IReadOnlyList<ReviewListItem>> ListAsync(ClaimsPrincipal viewer, DateTimeOffset from, DateTimeOffset to, string? search = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        IReadOnlySet<string>? teams = viewer.TeamsInReach();
        var agentOnly = teams is { Count: 0 } && viewer.IsInRole(Roles.Agent) ? viewer.UserId() : null;
        if (agentOnly is not null)
        {
            teams = null;
        }
        else if (teams is { Count: 0 })
        {
            return [];
        }

        var history = await LearningHistory.LoadAsync(db, teams, from, to, agentOnly, withWords: false, cancellationToken);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            history = history.Where(c => c.CustomerName.Contains(s, StringComparison.OrdinalIgnoreCase)
                || c.AgentName.Contains(s, StringComparison.OrdinalIgnoreCase)
                || c.IssueSummary.Contains(s, StringComparison.OrdinalIgnoreCase)).ToList();
        }

        var ids = history.Select(c => c.Id).ToList();
        var comments = new List<(Guid ConversationId, bool Seen)>();
        foreach (var chunk in ids.Chunk(500))
        {
            comments.AddRange((await db.ReviewComments.AsNoTracking().Where(c => chunk.Contains(c.ConversationId)).Select(c => new { c.ConversationId, c.SeenAt }).ToListAsync(cancellationToken))
                .Select(c => (c.ConversationId, c.SeenAt != null)));
        }

        var commentsBy = comments.GroupBy(x => x.ConversationId).ToDictionary(g => g.Key, g => (All: g.Count(), Unseen: g.Count(x => !x.Seen)));
        return history
            .OrderByDescending(c => c.EndedAt)
            .Select(c =>
            {
                var (all, unseen) = commentsBy.GetValueOrDefault(c.Id);
                return new ReviewListItem(c.Id, c.CustomerName, c.AgentName, c.IssueSummary, c.EndedAt, c.PeakHeat, c.Abusive, c.Escalated, c.WrapUp?.Outcome, all, unseen);
            })
            .ToList();
    }
}
