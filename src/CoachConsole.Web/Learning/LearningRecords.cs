using CoachConsole.Core.Conversations;

namespace CoachConsole.Web.Data;

/// <summary>A lead's coaching comment on an ended conversation, for its agent to read.</summary>
public sealed class ReviewComment
{
    public long Id { get; set; }

    public Guid ConversationId { get; set; }

    /// <summary>The conversation's agent, so "my unread comments" is one indexed query.</summary>
    public required string AgentId { get; set; }

    public required string AuthorId { get; set; }

    public required string AuthorName { get; set; }

    public required string Text { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>When the agent first opened the review after the comment was written.</summary>
    public DateTimeOffset? SeenAt { get; set; }
}

/// <summary>
/// A conversation handled well, kept as a masked copy: the names, card numbers, e-mail addresses
/// and phone numbers are gone from the snapshot, so later edits or the deletion of the
/// conversation change nothing here and leak nothing.
/// </summary>
public sealed class SharedExample
{
    public Guid Id { get; set; }

    /// <summary>The conversation it was taken from; null once that conversation is deleted.</summary>
    public Guid? ConversationId { get; set; }

    public required string TeamId { get; set; }

    /// <summary>The situation agents search by ("Billing dispute", "Abusive caller", ...).</summary>
    public required string Situation { get; set; }

    public required string Cause { get; set; }

    /// <summary>The issue summary, masked.</summary>
    public required string Title { get; set; }

    /// <summary>What made it work, in the words of the lead or trainer who shared it.</summary>
    public required string Note { get; set; }

    public Channel Channel { get; set; }

    public double PeakHeat { get; set; }

    public bool Abusive { get; set; }

    /// <summary>The masked turns, stage path and options, as JSON.</summary>
    public required string Snapshot { get; set; }

    public required string MarkedBy { get; set; }

    public required string MarkedByName { get; set; }

    public DateTimeOffset MarkedAt { get; set; }
}
