using System.Security.Claims;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Learning;

/// <summary>Where a follow-up stands: overdue, due within a day, later, or done.</summary>
public enum FollowUpState
{
    Overdue,
    Due,
    Upcoming,
    Done,
}

/// <summary>A follow-up agreed in a wrap-up, as the lead's team view shows it.</summary>
public sealed record TeamFollowUpView(
    Guid ConversationId,
    string TeamId,
    string AgentId,
    string AgentName,
    string CustomerName,
    string IssueSummary,
    DateTimeOffset Due,
    string? Note,
    DateTimeOffset? DoneAt,
    string? Result,
    FollowUpState State)
{
    public bool DoneOnTime => DoneAt is { } done && done <= Due;
}

/// <summary>The follow-ups of a lead's teams: due, overdue and done, with the customer's outcome recorded when one is made.</summary>
public sealed class TeamFollowUps(IDbContextFactory<CoachDbContext> dbFactory, AuditLog audit, Core.Privacy.TranscriptMasker masker, TimeProvider clock, LearningNotices notices)
{
    /// <summary>A follow-up due within this window counts as due rather than upcoming.</summary>
    public static readonly TimeSpan DueWindow = TimeSpan.FromDays(1);

    public const int MaxResult = 1000;

    public static FollowUpState StateOf(DateTimeOffset due, DateTimeOffset? doneAt, DateTimeOffset now) =>
        doneAt is not null ? FollowUpState.Done
        : due < now ? FollowUpState.Overdue
        : due <= now + DueWindow ? FollowUpState.Due
        : FollowUpState.Upcoming;

    /// <summary>The follow-ups of one team (within the viewer's reach), overdue first, then by due time.</summary>
    public async Task<IReadOnlyList<TeamFollowUpView>> ForTeamAsync(string teamId, ClaimsPrincipal viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.CanSeeTeamFigures(teamId))
        {
            throw new AccessDeniedException("That team is outside your reach.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.WrapUps.AsNoTracking()
            .Where(w => w.FollowUpDue != null)
            .Join(db.Conversations.AsNoTracking().Where(c => c.TeamId == teamId), w => w.ConversationId, c => c.Id,
                (w, c) => new { w.ConversationId, c.TeamId, c.AgentId, c.AgentName, c.CustomerName, c.IssueSummary, w.FollowUpDue, w.FollowUpNote, w.FollowUpDoneAt, w.FollowUpResult })
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return rows
            .Select(r => new TeamFollowUpView(
                r.ConversationId, r.TeamId, r.AgentId, r.AgentName, r.CustomerName, r.IssueSummary, r.FollowUpDue!.Value, r.FollowUpNote,
                r.FollowUpDoneAt, r.FollowUpResult, StateOf(r.FollowUpDue.Value, r.FollowUpDoneAt, now)))
            .OrderBy(f => f.State)
            .ThenBy(f => f.State == FollowUpState.Done ? -f.DoneAt!.Value.ToUnixTimeSeconds() : f.Due.ToUnixTimeSeconds())
            .ToList();
    }

    /// <summary>Marks a follow-up made, with what came of it for the customer; the agent or a lead of the team.</summary>
    public async Task<TeamFollowUpView> CompleteAsync(Guid conversationId, ClaimsPrincipal who, string result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (string.IsNullOrWhiteSpace(result) || result.Length > MaxResult)
        {
            throw new InputRejectedException("result", $"Record the customer's outcome in 1 to {MaxResult} characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken)
            ?? throw new ConversationNotFoundException(conversationId);
        if (!who.CanSeeTeamFigures(conversation.TeamId) && !(who.IsInRole(Roles.Agent) && who.UserId() == conversation.AgentId))
        {
            throw new AccessDeniedException("That follow-up is outside your reach.");
        }

        var wrapUp = await db.WrapUps.FirstOrDefaultAsync(w => w.ConversationId == conversationId && w.FollowUpDue != null, cancellationToken)
            ?? throw new InputRejectedException("conversationId", "That conversation has no follow-up.");
        wrapUp.FollowUpDoneAt ??= clock.GetUtcNow();
        wrapUp.FollowUpResult = masker.Mask(result.Trim());
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(who.Actor(), AuditActions.FollowUpDone, conversationId.ToString(), null, cancellationToken);
        notices.Publish(new LearningNotice(LearningNoticeKind.FollowUpDone, conversation.AgentId, conversationId, conversation.CustomerName, who.DisplayNameOf(), wrapUp.FollowUpResult));
        return new TeamFollowUpView(
            conversationId, conversation.TeamId, conversation.AgentId, conversation.AgentName, conversation.CustomerName, conversation.IssueSummary,
            wrapUp.FollowUpDue!.Value, wrapUp.FollowUpNote, wrapUp.FollowUpDoneAt, wrapUp.FollowUpResult, FollowUpState.Done);
    }

    /// <summary>The teams the viewer may pick, with their names.</summary>
    public async Task<IReadOnlyList<Team>> TeamsAsync(ClaimsPrincipal viewer, bool trainersToo = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);
        return teams.Where(t => viewer.CanSeeTeamFigures(t.Id, trainersToo)).ToList();
    }
}
