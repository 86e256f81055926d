using CoachConsole.Web.Realtime;

namespace CoachConsole.Web.Learning;

/// <summary>What a lead did for an agent outside a live conversation.</summary>
public enum LearningNoticeKind
{
    /// <summary>A lead left a coaching comment on one of the agent's reviews.</summary>
    Comment,

    /// <summary>A lead marked one of the agent's follow-ups done.</summary>
    FollowUpDone,
}

/// <summary>A coaching comment or a follow-up done, for the agent's open pages to show at once.</summary>
public sealed record LearningNotice(LearningNoticeKind Kind, string AgentId, Guid ConversationId, string CustomerName, string From, string? Text);

/// <summary>In-process fan-out of <see cref="LearningNotice"/>s to the agents' open consoles.</summary>
public sealed class LearningNotices(ILogger<LearningNotices> logger) : Broadcast<LearningNotice>(logger);
