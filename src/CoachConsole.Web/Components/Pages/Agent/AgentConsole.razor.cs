using CoachConsole.Core.Conversations;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Components.Shared;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Learning;
using CoachConsole.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace CoachConsole.Web.Components.Pages.Agent;

/// <summary>
/// The agent's console: live conversations, the selected transcript with a composer, and the
/// coach panel. Updates arrive from the in-process event bus; new turns never steal focus.
/// </summary>
public sealed partial class AgentConsole
{
    /// <summary>The address's query parameter naming the selected conversation.</summary>
    public const string ConversationQuery = "conversation";

    /// <summary>How often due follow-ups are looked at.</summary>
    public static readonly TimeSpan ReminderInterval = TimeSpan.FromSeconds(30);

    /// <summary>The conversations on the console, in the order they are listed; each merges its own reads and updates.</summary>
    private readonly List<LiveConversation> _conversations = [];
    private readonly Dictionary<Guid, int> _unread = [];
    private readonly Dictionary<Guid, string> _drafts = [];

    /// <summary>When the customer of each chat was last told the agent is typing.</summary>
    private readonly Dictionary<Guid, DateTimeOffset?> _typingSent = [];
    private string _displayName = "";
    private readonly Dictionary<Guid, string> _usedPhrase = [];
    private readonly HashSet<Guid> _remindedFollowUps = [];
    private IReadOnlyList<FollowUpView> _followUps = [];
    private IDisposable? _subscription;
    private IDisposable? _notices;
    private IDisposable? _learning;

    /// <summary>Coaching comments that came in while the console was open, the newest first.</summary>
    private readonly List<LearningNotice> _comments = [];
    private string? _breakFrom;
    private ITimer? _reminders;
    private IJSObjectReference? _module;
    private IJSObjectReference? _shortcuts;
    private DotNetObjectReference<AgentConsole>? _self;
    private Composer? _composer;
    private bool _focusReason;
    private Guid _selectedId;
    private string? _error;
    private bool _quiet;
    private bool _help;
    private bool _escalating;
    private string _escalationReason = "";
    private bool _breakOffered;
    private bool _loading;
    private DateTimeOffset _now;

    [Inject]
    private ConversationService Conversations { get; set; } = default!;

    [Inject]
    private WrapUps WrapUps { get; set; } = default!;

    [Inject]
    private ConversationEventBus Events { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private CoachConsole.Web.Floor.Roster Roster { get; set; } = default!;

    [Inject]
    private ChatTyping Typing { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private LearningNotices LearningNotices { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>The signed-in agent whose console this is.</summary>
    private string SignedInAgentId { get; set; } = "";

    private LiveConversation? SelectedLive => Live(_selectedId);

    private ConversationView? Selected => SelectedLive?.View;

    /// <summary>The conversations as the list shows them.</summary>
    private IEnumerable<ConversationView> Listed => _conversations.Select(c => c.View!);

    private LiveConversation? Live(Guid id) => _conversations.Find(c => c.Id == id);

    private int TotalUnread => _unread.Values.Sum();

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        SignedInAgentId = user.UserId() ?? throw new InvalidOperationException("The console needs a signed-in agent.");
        _displayName = user.DisplayNameOf();
        _now = Clock.GetUtcNow();

        // Subscribe before loading, so nothing that happens in between is missed; Apply merges.
        if (RendererInfo.IsInteractive)
        {
            _subscription = Events.SubscribeAgent(SignedInAgentId, new RendererDelivery(InvokeAsync, DispatchExceptionAsync).To<ConversationUpdate>(OnUpdate));
            _notices = Roster.Subscribe(notice =>
            {
                if (notice.AgentId == SignedInAgentId)
                {
                    _ = InvokeAsync(() =>
                    {
                        _breakOffered = true;
                        _breakFrom = notice.From;
                        StateHasChanged();
                    });
                }
            });
            _learning = LearningNotices.Subscribe(OnLearningNotice);
            _reminders = Clock.CreateTimer(_ => OnReminderTick(), null, ReminderInterval, ReminderInterval);
        }

        _loading = true;
        try
        {
            // What was read is merged with what arrived meanwhile: of two views of a conversation the newer stays.
            foreach (var c in (await Conversations.LiveForAgentAsync(SignedInAgentId)).Concat(await WrapUps.AwaitingWrapUpAsync(SignedInAgentId)))
            {
                if (Live(c.Id) is { } known)
                {
                    known.Show(c);
                }
                else
                {
                    _conversations.Add(new LiveConversation(c));
                }
            }
        }
        finally
        {
            _loading = false;
        }

        _followUps = await WrapUps.OpenFollowUpsAsync(SignedInAgentId);
        if (_conversations.Count > 0)
        {
            // After a reconnect (the page reloads at its address) the conversation the agent had open stays selected.
            var open = OpenInAddress();
            await SelectAsync(_conversations.Exists(c => c.Id == open) ? open : _conversations[0].Id);
        }
    }

    /// <summary>The conversation the console's address names (<c>?conversation=</c>), or empty.</summary>
    private Guid OpenInAddress()
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Navigation.ToAbsoluteUri(Navigation.Uri).Query);
        return query.TryGetValue(ConversationQuery, out var value) && Guid.TryParse(value, out var id) ? id : Guid.Empty;
    }

    /// <summary>Keeps the selected conversation in the address, so a reload after a lost connection reopens it.</summary>
    private void KeepInAddress(Guid id)
    {
        if (RendererInfo.IsInteractive && OpenInAddress() != id)
        {
            Navigation.NavigateTo(Navigation.GetUriWithQueryParameter(ConversationQuery, id == Guid.Empty ? null : id.ToString()), replace: true);
        }
    }

    /// <summary>The answer being typed: kept per conversation, and a chat's customer sees that the agent is typing.</summary>
    private void OnDraftChanged(Guid id, string draft)
    {
        _drafts[id] = draft;
        if (!string.IsNullOrWhiteSpace(draft) && Live(id)?.View is { Channel: Channel.Chat, IsEnded: false })
        {
            var last = _typingSent.GetValueOrDefault(id);
            Typing.Typed(id, _displayName, ref last);
            _typingSent[id] = last;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusReason && _escalating && _module is not null)
        {
            // What the agent types at once goes into the reason, not into the page behind.
            _focusReason = false;
            try
            {
                await _module.InvokeAsync<bool>("focusWhenShown", "input[data-testid=escalate-reason]", 3000);
            }
            catch (JSDisconnectedException)
            {
                // The page is gone.
            }
        }

        if (firstRender && RendererInfo.IsInteractive)
        {
            try
            {
                _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/console.js");
                _self = DotNetObjectReference.Create(this);
                _shortcuts = await _module.InvokeAsync<IJSObjectReference>("registerShortcuts", _self);
            }
            catch (JSDisconnectedException)
            {
                // The circuit closed before the shortcuts were set up.
            }
        }
    }

    [JSInvokable]
    public async Task OnShortcut(string name)
    {
        switch (name)
        {
            case "card1" or "card2" or "card3":
                // The ladder script first; in quiet mode it is the only card there is.
                var cards = Selected?.Suggestions.OrderBy(c => c.LadderStep is null).Where(c => !_quiet || c.LadderStep is not null).ToList() ?? [];
                var index = name[^1] - '1';
                if (index < cards.Count)
                {
                    await UseCardAsync(cards[index]);
                }

                break;
            case "next" or "previous":
                if (_conversations.Count > 0)
                {
                    var at = _conversations.FindIndex(c => c.Id == _selectedId);
                    var next = (at + (name == "next" ? 1 : -1) + _conversations.Count) % _conversations.Count;
                    await SelectAsync(_conversations[next].Id);
                }

                break;
            case "escalate":
                OpenEscalation();
                break;
            case "compose":
                if (_composer is not null)
                {
                    await _composer.FocusAsync();
                }

                break;
            case "quiet":
                _quiet = !_quiet;
                break;
            case "close":
                _help = false;
                _escalating = false;
                break;
            case "help":
                // One dialog at a time: help waits until the escalation is sent or closed.
                if (!_escalating)
                {
                    _help = true;
                }

                break;
        }

        StateHasChanged();
    }

    /// <summary>Opens the escalation dialog with its reason field focused, unless a dialog is already open.</summary>
    private void OpenEscalation()
    {
        if (!_help && !_escalating && Selected is { IsEnded: false } conversation && conversation.Stage is not (Stage.Escalating or Stage.SupervisorEngaged))
        {
            _escalating = true;
            _focusReason = true;
        }
    }

    private static IReadOnlyList<double> HeatOf(LiveConversation live) =>
        live.Transcript.Where(t => t.Speaker == Speaker.Customer).Select(t => t.Heat).TakeLast(30).ToList();

    private void OnUpdate(ConversationUpdate update)
    {
        Apply(update);
        StateHasChanged();
    }

    private void Apply(ConversationUpdate update)
    {
        var view = LiveConversation.ConversationOf(update);
        var live = Live(view.Id);
        if (live is null)
        {
            // An ending for a conversation not on the console is one already wrapped up, unless the list is still being read.
            if (view.IsEnded && !_loading)
            {
                return;
            }

            _conversations.Add(live = new LiveConversation(view.Id));
            if (_conversations.Count == 1)
            {
                _selectedId = view.Id;
            }
        }

        var changes = live.Apply(update);
        if (changes.Note is { } note && view.Id != _selectedId)
        {
            Snackbar.Add($"Your lead on {view.CustomerName}: {note.Text}", Severity.Info);
        }

        if (changes.Turn is { Speaker: Speaker.Customer } && view.Id != _selectedId)
        {
            _unread[view.Id] = _unread.GetValueOrDefault(view.Id) + 1;
        }
    }

    private async Task SelectAsync(Guid id)
    {
        _selectedId = id;
        KeepInAddress(id);
        _unread.Remove(id);
        _error = null;

        // Turns, moves and notes that arrive while this is read are kept by the conversation and merged with it.
        var details = await Conversations.GetAsync(id);
        if (details.Conversation.AgentId != SignedInAgentId)
        {
            return;
        }

        Live(id)?.Load(details);
    }

    private async Task UseCardAsync(SuggestionView card)
    {
        if (Selected is not { IsEnded: false } conversation)
        {
            return;
        }

        if (conversation.Channel == Channel.Voice)
        {
            // On a call the agent says it aloud: record the use and retire the card.
            try
            {
                var view = await Conversations.RecordCardAsync(conversation.Id, card.PhraseId, CardAction.Used);
                Live(conversation.Id)?.Show(view);
            }
            catch (InputRejectedException e) when (e.Field == "phraseId")
            {
                // The phrase left the library since the card was shown; the next cards replace it.
            }

            return;
        }

        _drafts[conversation.Id] = card.Text;
        _usedPhrase[conversation.Id] = card.PhraseId;
        if (_composer is not null)
        {
            await _composer.FocusAsync();
        }
    }

    private void UseLeadPhrase(LeadNoteView note)
    {
        if (Selected is { } conversation && note.Text is not null)
        {
            _drafts[conversation.Id] = note.Text;
        }
    }

    private async Task RateCardAsync((SuggestionView Card, CardAction Action) rating)
    {
        if (Selected is { } conversation)
        {
            try
            {
                await Conversations.RecordCardAsync(conversation.Id, rating.Card.PhraseId, rating.Action);
            }
            catch (InputRejectedException e) when (e.Field == "phraseId")
            {
                // The phrase left the library since the card was shown; there is nothing left to rate.
            }
        }
    }

    private async Task SendAsync()
    {
        if (Selected is not { } conversation || string.IsNullOrWhiteSpace(_drafts.GetValueOrDefault(conversation.Id)))
        {
            return;
        }

        var text = _drafts[conversation.Id].Trim();
        if (text.Length > Conversations.MaxTextLength)
        {
            _error = $"The answer is longer than {Conversations.MaxTextLength} characters.";
            return;
        }

        _error = null;
        try
        {
            var used = _usedPhrase.GetValueOrDefault(conversation.Id);
            // The answer shows at once; its update from the agent's subscription adds nothing twice.
            TurnAccepted accepted;
            try
            {
                accepted = await Conversations.AddTurnAsync(conversation.Id, new AddTurn(Speaker.Agent, text, null, null, used));
            }
            catch (InputRejectedException e) when (e.Field == "phraseId")
            {
                // The card's phrase left the library since it was shown: the answer goes out as the agent's own words.
                accepted = await Conversations.AddTurnAsync(conversation.Id, new AddTurn(Speaker.Agent, text, null, null, null));
            }

            Live(conversation.Id)?.Accept(accepted);
            _drafts[conversation.Id] = "";
            _usedPhrase.Remove(conversation.Id);
        }
        catch (ConversationEndedException)
        {
            _error = "This conversation has ended.";
        }
    }

    private async Task EscalateAsync()
    {
        _escalating = false;
        if (Selected is { IsEnded: false } conversation)
        {
            var reason = string.IsNullOrWhiteSpace(_escalationReason) ? "the agent raised a hand" : $"the agent raised a hand: {_escalationReason.Trim()}";
            var view = await Conversations.EscalateAsync(conversation.Id, reason);
            Live(conversation.Id)?.Show(view);
            _escalationReason = "";
        }
    }

    private async Task EndAsync()
    {
        if (Selected is { IsEnded: false } conversation)
        {
            var view = await Conversations.EndAsync(conversation.Id);
            Live(conversation.Id)?.Show(view);
        }
    }

    private async Task<string?> WrapUpAsync(ConversationView conversation, WrapUpInput input)
    {
        try
        {
            await WrapUps.SubmitAsync(conversation.Id, SignedInAgentId, input);
        }
        catch (InputRejectedException ex)
        {
            return ex.Message;
        }

        _conversations.RemoveAll(c => c.Id == conversation.Id);
        _followUps = await WrapUps.OpenFollowUpsAsync(SignedInAgentId);
        _breakOffered = WrapUps.WasAbusive(conversation, input.Outcome);
        _selectedId = _conversations.FirstOrDefault()?.Id ?? Guid.Empty;
        if (_selectedId != Guid.Empty)
        {
            await SelectAsync(_selectedId);
        }

        StateHasChanged();
        return null;
    }

    private async Task StartBreakAsync()
    {
        await Roster.RecordBreakAsync(SignedInAgentId, _breakFrom ?? "after an abusive conversation");
        _breakOffered = false;
        Snackbar.Add("Enjoy the break. New conversations still arrive here when you are back.", Severity.Info);
    }

    private async Task CompleteFollowUpAsync(FollowUpView followUp)
    {
        await WrapUps.CompleteFollowUpAsync(followUp.ConversationId, SignedInAgentId, null);
        _followUps = await WrapUps.OpenFollowUpsAsync(SignedInAgentId);
    }

    /// <summary>A lead's comment shows at once; a follow-up a lead marked done leaves the queue at once.</summary>
    private void OnLearningNotice(LearningNotice notice)
    {
        if (notice.AgentId != SignedInAgentId)
        {
            return;
        }

        _ = InvokeAsync(async () =>
        {
            if (notice.Kind == LearningNoticeKind.Comment)
            {
                _comments.Insert(0, notice);
            }
            else
            {
                _followUps = await WrapUps.OpenFollowUpsAsync(SignedInAgentId);
                Snackbar.Add($"{notice.From} marked the follow-up for {notice.CustomerName} done.", Severity.Info);
            }

            StateHasChanged();
        });
    }

    private int _checkingReminders;

    /// <summary>One look at the follow-ups at a time: ticks that come while one runs are dropped.</summary>
    private void OnReminderTick()
    {
        if (Interlocked.Exchange(ref _checkingReminders, 1) == 0)
        {
            _ = InvokeAsync(async () =>
            {
                try
                {
                    await CheckRemindersAsync();
                }
                finally
                {
                    Volatile.Write(ref _checkingReminders, 0);
                }
            });
        }
    }

    private async Task CheckRemindersAsync()
    {
        _now = Clock.GetUtcNow();
        _followUps = await WrapUps.OpenFollowUpsAsync(SignedInAgentId);
        foreach (var due in _followUps.Where(f => f.IsDue(_now) && _remindedFollowUps.Add(f.ConversationId)))
        {
            Snackbar.Add($"Follow-up due: {due.CustomerName} ({due.IssueSummary})", Severity.Warning);
        }

        StateHasChanged();
    }

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        _notices?.Dispose();
        _learning?.Dispose();
        if (_reminders is not null)
        {
            await _reminders.DisposeAsync();
        }

        try
        {
            if (_shortcuts is not null)
            {
                await _shortcuts.InvokeVoidAsync("dispose");
                await _shortcuts.DisposeAsync();
            }

            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The page is gone; so are its listeners.
        }

        _self?.Dispose();
    }
}
