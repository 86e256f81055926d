using CoachConsole.Core.Conversations;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;

namespace CoachConsole.Web.Components.Pages.Customer;

/// <summary>
/// The built-in customer chat: the embedded connector that stands in for a chat platform.
/// The customer sees the messages only, never the coaching.
/// </summary>
public sealed partial class CustomerChat
{
    /// <summary>
    /// Where this browser keeps the chat it has open, encrypted and signed with the product's Data
    /// Protection keys (kept in the database, so they outlive a restart): another browser cannot
    /// make one up for someone else's chat.
    /// </summary>
    public const string StorageKey = "coach-chat";

    private IDisposable? _subscription;
    private IDisposable? _typingSubscription;
    private ITimer? _typingTimer;
    private IJSObjectReference? _module;
    private ElementReference _list;
    private ElementReference _hint;
    private bool _following;

    /// <summary>Looking for the chat this browser had open; a start waits for it.</summary>
    private Task? _resuming;

    /// <summary>Who is typing an answer right now (first name), and until when that shows.</summary>
    private string? _typing;
    private DateTimeOffset _typingUntil;

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
    private ChatTyping Typing { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private ProtectedLocalStorage Storage { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILogger<CustomerChat> Logger { get; set; } = default!;

    [Inject]
    private Microsoft.AspNetCore.Http.IHttpContextAccessor Http { get; set; } = default!;

    /// <summary>Where the customer connects from: the chat's limits count per address.</summary>
    private System.Net.IPAddress? _clientAddress;

    /// <summary>A start or a send is under way: a second click meanwhile is not a second chat or message.</summary>
    private bool _busy;

    protected override void OnInitialized()
    {
        _clientAddress = Http.HttpContext?.Connection.RemoteIpAddress;
        if (RendererInfo.IsInteractive)
        {
            _typingSubscription = Typing.Subscribe(t => _ = InvokeAsync(() => OnTyping(t)));
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && Gate.Settings.Enabled)
        {
            _resuming = ResumeAsync();
            await _resuming;
        }

        if (_live is not null && !_following)
        {
            _following = true;
            try
            {
                _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/chat.js");
                await _module.InvokeVoidAsync("follow", _list, _hint);
            }
            catch (JSDisconnectedException)
            {
                // The page is gone.
            }
        }
    }

    /// <summary>
    /// Shows the chat this browser had open (after a reload or a restart of the product) with its
    /// transcript, if it is still live; an ended, unknown or unreadable one is forgotten and the form stays.
    /// </summary>
    private async Task ResumeAsync()
    {
        Guid id;
        try
        {
            var stored = await Storage.GetAsync<Guid>(StorageKey);
            if (!stored.Success || _live is not null)
            {
                return;
            }

            id = stored.Value;
        }
        catch (JSDisconnectedException)
        {
            return;
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or System.Text.Json.JsonException)
        {
            // Not written by this product (or by keys it no longer has): nothing to resume.
            Logger.LogInformation("A chat page held a stored chat that could not be read");
            await ForgetAsync();
            return;
        }

        // Updates are followed before the read, so none between the two is missed.
        _subscription ??= Events.SubscribeAll(new RendererDelivery(InvokeAsync, DispatchExceptionAsync).To<ConversationUpdate>(OnUpdate));
        var live = new LiveConversation(id);
        try
        {
            live.Load(await Conversations.GetAsync(id));
        }
        catch (ConversationNotFoundException)
        {
            await ForgetAsync();
            return;
        }

        if (live.IsEnded || live.View?.Channel != Channel.Chat || _live is not null)
        {
            await ForgetAsync();
            return;
        }

        _live = live;
        StateHasChanged();
    }

    private async Task ForgetAsync()
    {
        try
        {
            await Storage.DeleteAsync(StorageKey);
        }
        catch (JSDisconnectedException)
        {
            // The page is gone.
        }
    }

    private void OnTyping(AgentTyping typing)
    {
        if (_live is not { } live || typing.ConversationId != live.Id || live.IsEnded)
        {
            return;
        }

        _typing = FirstName(typing.Name);
        _typingUntil = Clock.GetUtcNow() + ChatTyping.Lasts;
        _typingTimer ??= Clock.CreateTimer(_ => _ = InvokeAsync(OnTypingTimer), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _typingTimer.Change(ChatTyping.Lasts, Timeout.InfiniteTimeSpan);
        StateHasChanged();
    }

    /// <summary>No keystroke for a while: the agent is no longer shown typing.</summary>
    private void OnTypingTimer()
    {
        if (_typing is null)
        {
            return;
        }

        var left = _typingUntil - Clock.GetUtcNow();
        if (left > TimeSpan.Zero)
        {
            _typingTimer?.Change(left, Timeout.InfiniteTimeSpan);
            return;
        }

        _typing = null;
        StateHasChanged();
    }

    private static string FirstName(string name)
    {
        var trimmed = name.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? trimmed[..space] : trimmed;
    }

    private async Task StartAsync()
    {
        if (_resuming is { IsCompleted: false } resuming)
        {
            await resuming;
        }

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
            await RememberAsync(_live.Id);
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

        var changes = live.Apply(update);
        if (changes.Turn?.Speaker == Speaker.Agent || changes.Has(LiveChange.Ended))
        {
            // The answer being typed has come.
            _typing = null;
        }

        if (changes.Any)
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

    /// <summary>This browser keeps the chat, to come back to it after a reload or a restart.</summary>
    private async Task RememberAsync(Guid id)
    {
        try
        {
            await Storage.SetAsync(StorageKey, id);
        }
        catch (JSDisconnectedException)
        {
            // The page is gone; the chat goes on without it.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        _typingSubscription?.Dispose();
        if (_typingTimer is not null)
        {
            await _typingTimer.DisposeAsync();
        }

        try
        {
            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The page is gone, and its modules with it.
        }
    }
}
