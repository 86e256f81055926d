using CoachConsole.Core.Conversations;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Realtime;
using CoachConsole.Web.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;

namespace CoachConsole.Web.Components.Pages.Agent;

/// <summary>
/// The agent's console: live conversations, the selected transcript with a composer, and the
/// coach panel. Updates arrive from the in-process event bus and re-render only this page.
/// </summary>
public sealed partial class AgentConsole
{
    private readonly List<ConversationView> _conversations = [];
    private readonly Dictionary<Guid, List<TurnView>> _transcripts = [];
    private readonly Dictionary<Guid, int> _unread = [];
    private IDisposable? _subscription;
    private Guid _selectedId;
    private string _draft = "";
    private string? _usedPhraseId;
    private string? _error;

    [Inject]
    private ConversationService Conversations { get; set; } = default!;

    [Inject]
    private ConversationEventBus Events { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>The signed-in agent whose console this is.</summary>
    private string SignedInAgentId { get; set; } = "";

    private string AgentName { get; set; } = "";

    private ConversationView? Selected => _conversations.FirstOrDefault(c => c.Id == _selectedId);

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        SignedInAgentId = user.UserId() ?? throw new InvalidOperationException("The console needs a signed-in agent.");
        AgentName = user.DisplayNameOf();
        // Subscribe before loading, so nothing that happens in between is missed; Apply merges.
        if (RendererInfo.IsInteractive)
        {
            _subscription = Events.Subscribe(OnUpdate);
        }

        foreach (var live in await Conversations.LiveForAgentAsync(SignedInAgentId))
        {
            if (_conversations.All(c => c.Id != live.Id))
            {
                _conversations.Add(live);
            }
        }

        if (_conversations.Count > 0)
        {
            await SelectAsync(_conversations[0].Id);
        }
    }

    private IReadOnlyList<TurnView> TurnsOf(Guid id) => _transcripts.TryGetValue(id, out var turns) ? turns : [];

    private void OnUpdate(ConversationUpdate update)
    {
        if (update.Conversation.AgentId != SignedInAgentId)
        {
            return;
        }

        _ = InvokeAsync(() =>
        {
            Apply(update);
            StateHasChanged();
        });
    }

    private void Apply(ConversationUpdate update)
    {
        var view = update.Conversation;
        var index = _conversations.FindIndex(c => c.Id == view.Id);
        if (index < 0)
        {
            if (view.IsEnded)
            {
                return;
            }

            _conversations.Add(view);
            _transcripts[view.Id] = [];
            if (_conversations.Count == 1)
            {
                _selectedId = view.Id;
            }
        }
        else
        {
            _conversations[index] = view;
        }

        if (update.Turn is not { } turn)
        {
            return;
        }

        if (_transcripts.TryGetValue(view.Id, out var turns))
        {
            if (turns.Any(t => t.Id == turn.Id))
            {
                return;
            }

            turns.Add(turn);
        }

        if (view.Id != _selectedId && turn.Speaker == Speaker.Customer)
        {
            _unread[view.Id] = _unread.GetValueOrDefault(view.Id) + 1;
        }
    }

    private async Task SelectAsync(Guid id)
    {
        _selectedId = id;
        _unread.Remove(id);
        _draft = "";
        _usedPhraseId = null;
        _error = null;
        var details = await Conversations.GetAsync(id);
        if (details.Conversation.AgentId != SignedInAgentId)
        {
            return;
        }

        _transcripts[id] = [.. details.Transcript];
        var index = _conversations.FindIndex(c => c.Id == id);
        if (index >= 0)
        {
            _conversations[index] = details.Conversation;
        }
    }

    private void UseCardAsync(SuggestionView card)
    {
        _draft = card.Text;
        _usedPhraseId = card.PhraseId;
    }

    private async Task OnComposerKeyDown(KeyboardEventArgs e)
    {
        if (e.Key == "Enter" && !e.ShiftKey)
        {
            await SendAsync();
        }
    }

    private async Task SendAsync()
    {
        if (Selected is not { } conversation || string.IsNullOrWhiteSpace(_draft))
        {
            return;
        }

        var text = _draft.Trim();
        if (text.Length > Conversations.MaxTextLength)
        {
            _error = $"The answer is longer than {Conversations.MaxTextLength} characters.";
            return;
        }

        _error = null;
        try
        {
            var accepted = await Conversations.AddTurnAsync(conversation.Id, new AddTurn(Speaker.Agent, text, null, null, _usedPhraseId));
            Apply(new ConversationUpdate(UpdateKind.TurnAdded, accepted.Conversation, accepted.Turn, accepted.StageChanges, true));
            _draft = "";
            _usedPhraseId = null;
        }
        catch (ConversationEndedException)
        {
            _error = "This conversation has ended.";
        }
    }

    private async Task EscalateAsync()
    {
        if (Selected is { } conversation)
        {
            var view = await Conversations.EscalateAsync(conversation.Id, "the agent raised a hand");
            Apply(new ConversationUpdate(UpdateKind.StageChanged, view, null, [], true));
        }
    }

    private async Task EndAsync()
    {
        if (Selected is { } conversation)
        {
            var view = await Conversations.EndAsync(conversation.Id);
            Apply(new ConversationUpdate(UpdateKind.Ended, view, null, [], true));
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
