using System.Security.Claims;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Components.Shared;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Learning;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace CoachConsole.Web.Components.Pages.Learning;

/// <summary>
/// An ended conversation as a timeline: every turn with its signals, the stage moves, the cards
/// shown, used and rated, the lead's actions; beside it the wrap-up, the reflection and the
/// leads' coaching comments. The agent opening it marks the comments read.
/// </summary>
public sealed partial class ReviewPage
{
    /// <summary>The viewer's time zone, for the times shown.</summary>
    [CascadingParameter]
    private ViewerZone? Zone { get; set; }

    private ConversationReview? _review;
    private List<Entry> _timeline = [];
    private string? _problem;
    private bool _canComment;
    private bool _canShare;
    private bool _hiddenReflection;
    private string _comment = "";
    private string _note = "";
    private string _situation = IssueTaxonomy.Other;
    private ClaimsPrincipal _viewer = new();

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private ReviewService Reviews { get; set; } = default!;

    [Inject]
    private SharedExamples Examples { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>One line of the timeline: a turn, a stage move, a lead's action or a card rating.</summary>
    private sealed record Entry(DateTimeOffset At, int Order, string Kind, TurnView? Turn = null, StageChangeView? Move = null, LeadNoteView? Note = null, CardEventView? Card = null);

    protected override async Task OnParametersSetAsync()
    {
        _viewer = (await AuthenticationState).User;
        try
        {
            _review = await Reviews.GetAsync(Id, _viewer);
        }
        catch (ConversationNotFoundException)
        {
            _problem = "There is no such conversation.";
            return;
        }
        catch (AccessDeniedException)
        {
            _problem = "This conversation is outside your reach: agents review their own conversations, leads their teams'.";
            return;
        }
        catch (InputRejectedException ex)
        {
            _problem = ex.Message;
            return;
        }

        var c = _review.Conversation;
        _canComment = _viewer.CanComment(c);
        _canShare = _viewer.CanShareExample(c);
        _hiddenReflection = !_viewer.CanSee(c);
        _situation = _review.Issue.Category;
        _timeline = BuildTimeline(_review);
        if (_viewer.UserId() == c.AgentId && RendererInfo.IsInteractive)
        {
            await Reviews.MarkSeenAsync(Id, c.AgentId);
        }
    }

    private static List<Entry> BuildTimeline(ConversationReview review)
    {
        var entries = new List<Entry>();
        entries.AddRange(review.Transcript.Select(t => new Entry(t.At, 0, "turn", Turn: t)));
        entries.AddRange(review.StagePath.Select(m => new Entry(m.At, 1, "move", Move: m)));
        entries.AddRange(review.LeadNotes.Select(n => new Entry(n.At, 2, "lead", Note: n)));
        entries.AddRange(review.Cards.Where(e => e.Action is CardAction.Helpful or CardAction.WrongStage or CardAction.WrongTone).Select(e => new Entry(e.At, 3, "rating", Card: e)));
        // Ordered here, not in SQL: times are DateTimeOffset.
        return entries.OrderBy(e => e.At).ThenBy(e => e.Order).ToList();
    }

    private string Offset(DateTimeOffset at)
    {
        var from = at - _review!.Conversation.StartedAt;
        return from < TimeSpan.Zero ? "0:00" : $"{(int)from.TotalMinutes}:{from.Seconds:00}";
    }

    private async Task CommentAsync()
    {
        try
        {
            await Reviews.AddCommentAsync(Id, _viewer, _comment);
            _comment = "";
            _review = await Reviews.GetAsync(Id, _viewer);
            Snackbar.Add("Comment added; the agent will see it.", Severity.Success);
        }
        catch (Exception ex) when (ex is InputRejectedException or AccessDeniedException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    private async Task ShareAsync()
    {
        try
        {
            var example = await Examples.ShareAsync(Id, _viewer, _situation, _note);
            _note = "";
            _review = _review! with { ExampleId = example.Id };
            Snackbar.Add("Shared as an example, masked.", Severity.Success);
        }
        catch (Exception ex) when (ex is InputRejectedException or AccessDeniedException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    public static string OutcomeLabel(Outcome outcome) => outcome switch
    {
        Outcome.FollowUpNeeded => "Follow-up needed",
        Outcome.EndedForAbuse => "Ended for abuse",
        _ => outcome.ToString(),
    };

    private static string LeadLabel(Data.LeadNoteKind kind) => kind switch
    {
        Data.LeadNoteKind.Whisper => "whispered",
        Data.LeadNoteKind.Phrase => "pushed a phrase",
        Data.LeadNoteKind.Joined => "joined",
        Data.LeadNoteKind.TookOver => "took over",
        _ => kind.ToString(),
    };

    private static string RatingLabel(CardAction action) => action switch
    {
        CardAction.Helpful => "helpful",
        CardAction.WrongStage => "wrong stage",
        _ => "wrong tone",
    };
}
