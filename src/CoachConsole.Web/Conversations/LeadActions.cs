using System.Security.Claims;
using CoachConsole.Core.Conversations;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using CoachConsole.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Conversations;

/// <summary>
/// A lead's hand on a live conversation: a whispered note or a pushed phrase for the agent's coach
/// panel, joining (the customer sees a supervisor joined) or taking over. All audited.
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
