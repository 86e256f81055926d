using System.Security.Claims;
using CoachConsole.Core.Conversations;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using CoachConsole.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Conversations;

/// <summary>
/// A lead's hand on a live conversation: a whispered note or a pushed phrase for the agent's coach
/// panel, joining (the customer sees a supervisor joined) or taking over. After a take-over the
/// lead writes to the customer (the turn records the lead as its author) and may end the
/// conversation. All audited.
/// </summary>
public sealed class LeadActions(
    IDbContextFactory<CoachDbContext> dbFactory,
    ConversationService conversations,
    PhraseLibraryProvider library,
    ConversationEventBus events,
    AuditLog audit,
    Core.Privacy.TranscriptMasker masker,
    TimeProvider clock)
{
    public const int MaxWhisper = 500;

    public async Task<LeadNoteView> WhisperAsync(Guid conversationId, ClaimsPrincipal lead, string text, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxWhisper)
        {
            throw new InputRejectedException("text", $"A whisper is 1 to {MaxWhisper} characters.");
        }

        // The agent's coach panel, the drill-in and the review show it: masked like turns before it is kept.
        return await AddAsync(conversationId, lead, LeadNoteKind.Whisper, masker.Mask(text.Trim()), null, AuditActions.Whisper, cancellationToken);
    }

    public async Task<LeadNoteView> PushPhraseAsync(Guid conversationId, ClaimsPrincipal lead, string phraseId, CancellationToken cancellationToken = default)
    {
        var phrase = library.Current.Phrases.FirstOrDefault(p => p.Id == phraseId)
            ?? throw new InputRejectedException("phraseId", "There is no such phrase in the library.");
        var conversation = (await conversations.GetAsync(conversationId, cancellationToken)).Conversation;
        var text = Core.Coaching.SuggestionEngine.FillView(phrase.Text, conversation.CustomerName, conversation.AgentName, conversation.IssueSummary, conversation.Options)
            ?? throw new InputRejectedException("phraseId", "That phrase needs details this conversation does not have.");
        return await AddAsync(conversationId, lead, LeadNoteKind.Phrase, text, phrase.Id, AuditActions.Whisper, cancellationToken);
    }

    public async Task<LeadNoteView> JoinAsync(Guid conversationId, ClaimsPrincipal lead, bool takeOver, CancellationToken cancellationToken = default)
    {
        var note = await AddAsync(
            conversationId, lead, takeOver ? LeadNoteKind.TookOver : LeadNoteKind.Joined,
            takeOver ? $"{lead.DisplayNameOf()} has taken over; you are observing." : $"{lead.DisplayNameOf()} has joined the conversation.",
            null, takeOver ? AuditActions.TakeOver : AuditActions.Join, cancellationToken);
        await conversations.SupervisorJoinedAsync(conversationId, cancellationToken);
        return note;
    }

    /// <summary>After a take-over, the lead writes to the customer in the agent's place; the turn names the lead as its author.</summary>
    public async Task<TurnAccepted> ReplyAsync(Guid conversationId, ClaimsPrincipal lead, string text, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > conversations.MaxTextLength)
        {
            throw new InputRejectedException("text", $"A message is 1 to {conversations.MaxTextLength} characters.");
        }

        await CheckTakenOverAsync(conversationId, lead, "write to the customer", cancellationToken);
        var accepted = await conversations.AddTurnAsync(conversationId, new AddTurn(Speaker.Agent, text.Trim(), null, null, null, lead.DisplayNameOf()), cancellationToken);
        await audit.WriteAsync(lead.Identity?.Name ?? lead.UserId() ?? "", AuditActions.LeadReply, $"conversation {conversationId}", $"turn {accepted.Turn.Sequence}", cancellationToken);
        return accepted;
    }

    /// <summary>
    /// After a take-over, the lead ends the conversation by the agent's own end path: the agent's
    /// console shows who ended it and asks for the wrap-up as after any end.
    /// </summary>
    public async Task<ConversationView> EndAsync(Guid conversationId, ClaimsPrincipal lead, CancellationToken cancellationToken = default)
    {
        await CheckTakenOverAsync(conversationId, lead, "end the conversation", cancellationToken);
        await AddAsync(conversationId, lead, LeadNoteKind.Ended, $"{lead.DisplayNameOf()} ended the conversation.", null, AuditActions.LeadEnd, cancellationToken);
        return await conversations.EndAsync(conversationId, cancellationToken);
    }

    /// <summary>Only a lead who may act on the conversation, once it has been taken over, speaks or ends it in the agent's place.</summary>
    private async Task CheckTakenOverAsync(Guid conversationId, ClaimsPrincipal lead, string what, CancellationToken cancellationToken)
    {
        var details = await conversations.GetAsync(conversationId, cancellationToken);
        if (!lead.CanWatchTeam(details.Conversation.TeamId) || lead.IsConnector())
        {
            throw new AccessDeniedException("That conversation is outside your teams.");
        }

        if (details.Conversation.IsEnded)
        {
            throw new ConversationEndedException(conversationId);
        }

        if (!details.LeadNotes.Any(n => n.Type == LeadNoteKind.TookOver))
        {
            throw new InputRejectedException("conversation", $"Take the conversation over before you {what}.");
        }
    }

    private async Task<LeadNoteView> AddAsync(Guid conversationId, ClaimsPrincipal lead, LeadNoteKind kind, string? text, string? phraseId, string auditAction, CancellationToken cancellationToken)
    {
        var conversation = (await conversations.GetAsync(conversationId, cancellationToken)).Conversation;
        if (!lead.CanWatchTeam(conversation.TeamId) || lead.IsConnector())
        {
            throw new AccessDeniedException("That conversation is outside your teams.");
        }

        if (conversation.IsEnded)
        {
            throw new ConversationEndedException(conversationId);
        }

        var note = new LeadNote
        {
            ConversationId = conversationId,
            Kind = kind,
            LeadId = lead.UserId() ?? "",
            LeadName = lead.DisplayNameOf(),
            Text = text,
            PhraseId = phraseId,
            At = clock.GetUtcNow(),
        };
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.LeadNotes.Add(note);
            await db.SaveChangesAsync(cancellationToken);
        }

        var view = LeadNoteView.From(note);
        events.Publish(new ConversationUpdate(UpdateKind.LeadAction, conversation, null, [], false, Note: note));
        await audit.WriteAsync(lead.Identity?.Name ?? note.LeadId, auditAction, $"conversation {conversationId}", kind.ToString(), cancellationToken);
        return view;
    }
}
