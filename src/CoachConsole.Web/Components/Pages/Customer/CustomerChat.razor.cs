using CoachConsole.Core.Conversations;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace CoachConsole.Web.Components.Pages.Customer;

/// <summary>
/// The built-in customer chat: the embedded connector that stands in for a chat platform.
/// The customer sees the messages only, never the coaching.
/// </summary>
public sealed partial class CustomerChat
{
    private IDisposable? _subscription;

    /// <summary>The chat once started: what the customer sees of it (messages and who joined, never the coaching).</summary>
    private LiveConversation? _live;
    private string _name = "";
    private string _issue = "";
    private string _message = "";
    private string? _error;

    [Inject]
    private ConversationService Conversations { get; set; } = default!;

    /// <summary>For demonstrations: chat with this agent instead of the least busy one.</summary>
    [SupplyParameterFromQuery(Name = "agent")]
    public string? AgentId { get; set; }

    [Inject]
    private ConversationEventBus Events { get; set; } = default!;

    [Inject]
    private CustomerChatGate Gate { get; set; } = default!;

    [Inject]
    private Microsoft.AspNetCore.Http.IHttpContextAccessor Http { get; set; } = default!;

    /// <summary>Where the customer connects from: the chat's limits count per address.</summary>
    private System.Net.IPAddress? _clientAddress;

    /// <summary>A start or a send is under way: a second click meanwhile is not a second chat or message.</summary>
    private bool _busy;

    protected override void OnInitialized() =>
        _clientAddress = Http.HttpContext?.Connection.RemoteIpAddress;

    private async Task StartAsync()
    {
        if (!Gate.Settings.Enabled || _live is not null || _busy)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(_name) || string.IsNullOrWhiteSpace(_issue))
        {
            _error = "Please give your name and what the chat is about.";
            return;
        }

        // The same rules as the API's customerName and issueSummary, in the form's own words.
        var problems = ConversationInput.CheckStart(_name, _issue, "Your name", "What the chat is about");
        if (problems.Count > 0)
        {
            _error = string.Join(" ", problems.Values.SelectMany(p => p));
            return;
        }

        if (Gate.TryStart(_clientAddress) is { } limited)
        {
            _error = limited;
            return;
        }

        _error = null;
        _busy = true;
        try
        {
            // Its id is known only once it has started, and no update after the start may be missed: all are followed, this one's kept.
            _subscription ??= Events.SubscribeAll(new RendererDelivery(InvokeAsync, DispatchExceptionAsync).To<ConversationUpdate>(OnUpdate));
            var agent = string.IsNullOrWhiteSpace(AgentId) ? null : AgentId;
            _live = new LiveConversation(await Conversations.StartAsync(new StartConversation(Channel.Chat, _name, _issue, agent, Gate.Settings.Team, null)));
        }
        catch (InputRejectedException ex) when (ex.Field == "agentId")
        {
            _error = "That agent cannot take this chat.";
        }
        catch (AccessDeniedException)
        {
            _error = "That agent cannot take this chat.";
        }
        catch (InputRejectedException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private void OnUpdate(ConversationUpdate update)
    {
        if (_live is not { } live || LiveConversation.ConversationOf(update).Id != live.Id)
        {
            return;
        }

        if (live.Apply(update).Any)
        {
            StateHasChanged();
        }
    }

    /// <summary>A supervisor who joined or took over is announced to the customer, once each.</summary>
    private IReadOnlyList<string> Notices =>
        _live?.Notes.Where(n => n.Type is Data.LeadNoteKind.Joined or Data.LeadNoteKind.TookOver)
            .Select(n => $"A supervisor, {n.LeadName}, has joined the chat.").ToList() ?? [];

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter" && !e.ShiftKey)
        {
            await SendAsync();
        }
    }

    private async Task SendAsync()
    {
        if (_live?.View is not { } conversation || string.IsNullOrWhiteSpace(_message) || _busy)
        {
            return;
        }

        var text = _message.Trim();
        if (text.Length > Conversations.MaxTextLength)
        {
            _error = $"Your message is longer than {Conversations.MaxTextLength} characters; please shorten it.";
            return;
        }

        var problems = ConversationInput.CheckText(text, Conversations.MaxTextLength, "Your message");
        if (problems.Count > 0)
        {
            _error = string.Join(" ", problems.Values.SelectMany(p => p));
            return;
        }

        if (Gate.TrySend(_clientAddress) is { } limited)
        {
            _error = limited;
            return;
        }

        _error = null;
        _busy = true;
        try
        {
            var accepted = await Conversations.AddTurnAsync(conversation.Id, new AddTurn(Speaker.Customer, text, null, null, null));
            _live.Accept(accepted);

            _message = "";
        }
        catch (ConversationEndedException)
        {
            _error = "This chat has ended.";
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
