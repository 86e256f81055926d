using System.Net;
using Bunit;
using CoachConsole.Web.Components.Pages.Customer;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Components;

/// <summary>The customer's address as the chat page reads it from its connection.</summary>
public sealed class FixedClientAddress : IHttpContextAccessor
{
    public HttpContext? HttpContext { get; set; } = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse("203.0.113.7") } };

    public void MoveTo(string address) => HttpContext!.Connection.RemoteIpAddress = IPAddress.Parse(address);
}

/// <summary>
/// The built-in customer chat as a production deployment configures it: one team, a few chats an
/// hour and messages a minute per address, and the API's rules for every field.
/// </summary>
public sealed class CustomerChatTests : ComponentTestContext
{
    private readonly FixedClientAddress _address = new();
    private bool _providers;

    public CustomerChatTests()
    {
        Services.AddSingleton(new CustomerChatSettings(Enabled: true, Team: DatabaseSetup.DemoTeamId, ChatsPerHour: 2, MessagesPerMinute: 3));
        Services.AddSingleton<CustomerChatGate>();
        Services.AddSingleton<IHttpContextAccessor>(_address);
        Services.AddDataProtection();
        Services.AddScoped<Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage.ProtectedLocalStorage>();
    }

    private static AngleSharp.Dom.IElement Field(IRenderedComponent<CustomerChat> chat, string testId) =>
        chat.Find($"textarea[data-testid={testId}], input[data-testid={testId}], [data-testid={testId}] textarea, [data-testid={testId}] input");

    private IRenderedComponent<CustomerChat> OpenChat(string? agent = null)
    {
        if (!_providers)
        {
            RenderProviders();
            _providers = true;
        }

        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo(agent is null ? "/chat" : $"/chat?agent={Uri.EscapeDataString(agent)}");
        return Render<CustomerChat>();
    }

    private static async Task StartAsync(IRenderedComponent<CustomerChat> chat, string name, string issue)
    {
        await chat.InvokeAsync(() => Field(chat, "customer-name").Change(name));
        await chat.InvokeAsync(() => Field(chat, "customer-issue").Change(issue));
        await chat.InvokeAsync(() => chat.Find("[data-testid=start-chat]").ClickAsync(new MouseEventArgs()));
    }

    /// <summary>
    /// Types a message and clicks send, and returns once the page has finished handling the click
    /// (its send stored or refused): the next message is never typed while one is being sent.
    /// </summary>
    private static async Task SendAsync(IRenderedComponent<CustomerChat> chat, string text)
    {
        await chat.InvokeAsync(() => Field(chat, "customer-message").Input(text));
        await chat.InvokeAsync(() => chat.Find("[data-testid=customer-send]").ClickAsync(new MouseEventArgs()));
    }

    private static string Error(IRenderedComponent<CustomerChat> chat) =>
        chat.Find("[data-testid=chat-error]").TextContent.Trim();

    private async Task<int> StoredConversationsAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        return await db.Conversations.CountAsync();
    }

    private async Task<int> StoredTurnsAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        return await db.Turns.CountAsync();
    }

    [Fact]
    public async Task AChat_GoesToAnAgentOfTheConfiguredTeam()
    {
        var chat = OpenChat();

        await StartAsync(chat, "Maria Lopez", "a broken blender");

        chat.WaitForAssertion(() => Assert.Contains("You're chatting with", chat.Markup, StringComparison.Ordinal));
        await using var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        Assert.Equal(DatabaseSetup.DemoTeamId, Assert.Single(await db.Conversations.ToListAsync()).TeamId);
    }

    [Fact]
    public async Task AnAgentOfAnotherTeam_IsRefused_AndNothingIsStored()
    {
        await using (var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync())
        {
            db.Teams.Add(new Team { Id = "care-2", Name = "Care two" });
            await db.SaveChangesAsync();
        }

        using (var scope = Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CoachUser>>();
            var zoe = new CoachUser { Id = "zoe", UserName = "zoe", DisplayName = "Zoe Park", TeamId = "care-2" };
            Assert.True((await users.CreateAsync(zoe, "Strong-Password-1")).Succeeded);
            Assert.True((await users.AddToRoleAsync(zoe, Roles.Agent)).Succeeded);
        }

        var chat = OpenChat(agent: "zoe");
        await StartAsync(chat, "Maria Lopez", "a broken blender");

        chat.WaitForAssertion(() => Assert.Equal("That agent cannot take this chat.", chat.Find("[data-testid=chat-error]").TextContent.Trim()));
        Assert.Equal(0, await StoredConversationsAsync());
    }

    [Fact]
    public async Task ASupervisorJoining_IsAnnouncedOnce_EvenWhenItsUpdateIsRelayedAgain()
    {
        var chat = OpenChat(agent: "ana");
        await StartAsync(chat, "Maria Lopez", "a broken blender");
        chat.WaitForAssertion(() => Assert.Contains("You're chatting with", chat.Markup, StringComparison.Ordinal));
        Guid id;
        await using (var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync())
        {
            id = (await db.Conversations.SingleAsync()).Id;
        }

        var bus = Services.GetRequiredService<CoachConsole.Web.Realtime.ConversationEventBus>();
        CoachConsole.Web.Realtime.ConversationUpdate? joined = null;
        var leo = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [
                new(System.Security.Claims.ClaimTypes.NameIdentifier, "leo"), new(System.Security.Claims.ClaimTypes.Name, "leo"), new(CoachConsole.Web.Auth.CoachClaims.DisplayName, "Leo Park"),
                new(System.Security.Claims.ClaimTypes.Role, Roles.TeamLead), new(CoachConsole.Web.Auth.CoachClaims.Leads, DatabaseSetup.DemoTeamId),
            ],
            "test"));
        using (bus.SubscribeAll(u => joined = u.Note is null ? joined : u))
        {
            await Services.GetRequiredService<LeadActions>().JoinAsync(id, leo, takeOver: false);
        }

        chat.WaitForAssertion(() => Assert.Single(chat.FindAll("[data-testid=system-line]")));

        // The same update relayed again, late, as from another instance; the bus delivers in order, so once the agent's answer shows it has been seen.
        bus.Publish(joined! with { Remote = true });
        await Services.GetRequiredService<ConversationService>().AddTurnAsync(id, new AddTurn(CoachConsole.Core.Conversations.Speaker.Agent, "Hello Maria, my lead is with us.", null, null, null));

        chat.WaitForAssertion(() => Assert.Contains("my lead is with us", chat.Find("[data-testid=transcript]").TextContent, StringComparison.Ordinal));
        Assert.Equal("A supervisor, Leo Park, has joined the chat.", Assert.Single(chat.FindAll("[data-testid=system-line]")).TextContent.Trim());
    }

    [Fact]
    public async Task AfterATakeOver_TheLeadsMessagesAndTheHeader_NameTheLead_AndTheAgentsStillNameTheAgent()
    {
        var chat = OpenChat(agent: "ana");
        await StartAsync(chat, "Maria Lopez", "a broken blender");
        chat.WaitForAssertion(() => Assert.Equal("You're chatting with Ana Ruiz.", chat.Find("[data-testid=chatting-with]").TextContent.Trim()));
        Guid id;
        await using (var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync())
        {
            id = (await db.Conversations.SingleAsync()).Id;
        }

        var leo = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [
                new(System.Security.Claims.ClaimTypes.NameIdentifier, "leo"), new(System.Security.Claims.ClaimTypes.Name, "leo"), new(CoachConsole.Web.Auth.CoachClaims.DisplayName, "Leo Park"),
                new(System.Security.Claims.ClaimTypes.Role, Roles.TeamLead), new(CoachConsole.Web.Auth.CoachClaims.Leads, DatabaseSetup.DemoTeamId),
            ],
            "test"));
        await Services.GetRequiredService<ConversationService>().AddTurnAsync(id, new AddTurn(CoachConsole.Core.Conversations.Speaker.Agent, "Hello Maria, I'm looking into it.", null, null, null));
        var lead = Services.GetRequiredService<LeadActions>();
        await lead.JoinAsync(id, leo, takeOver: true);
        await lead.ReplyAsync(id, leo, "Maria, I'm the team lead and I'll finish this with you.");

        chat.WaitForAssertion(() =>
        {
            Assert.Equal("You're chatting with Leo Park.", chat.Find("[data-testid=chatting-with]").TextContent.Trim());
            var agentSide = chat.FindAll("[data-testid=turn][data-speaker=agent]").Select(t => t.QuerySelector(".bubble-meta")!.TextContent.Trim()).ToList();
            Assert.Equal(2, agentSide.Count);
            Assert.StartsWith("Ana Ruiz ·", agentSide[0], StringComparison.Ordinal);
            Assert.StartsWith("Leo Park ·", agentSide[1], StringComparison.Ordinal);
        });
    }

    public static TheoryData<string, string, string> RefusedStarts => new()
    {
        { new string('n', 5000), "a broken blender", "Your name is longer than 200 characters." },
        { "Maria Lopez", new string('i', 5000), "What the chat is about is longer than 1000 characters." },
        { "Maria\u0007 Lopez", "a broken blender", "Your name must not contain control characters (U+0007)." },
        { "Maria Lopez", "a broken\u001b[2J blender", "What the chat is about must not contain control characters (U+001B)." },
        { "Maria\0Lopez", "a broken blender", "Your name must not contain the character U+0000." },
    };

    [Theory]
    [MemberData(nameof(RefusedStarts))]
    public async Task ANameOrIssueTheApiWouldRefuse_IsRefusedWithAMessage_AndNothingIsStored(string name, string issue, string message)
    {
        var chat = OpenChat();

        await StartAsync(chat, name, issue);

        chat.WaitForAssertion(() => Assert.Equal(message, chat.Find("[data-testid=chat-error]").TextContent.Trim()));
        Assert.NotEmpty(chat.FindAll("[data-testid=start-chat]"));
        Assert.Equal(0, await StoredConversationsAsync());
    }

    [Fact]
    public async Task AMessageWithAControlCharacter_IsRefused_AndNotStored()
    {
        var chat = OpenChat();
        await StartAsync(chat, "Maria Lopez", "a broken blender");
        chat.WaitForAssertion(() => chat.Find("[data-testid=customer-message]"));

        await SendAsync(chat, "hello\u0008\u0008\u0008 agent");

        chat.WaitForAssertion(() => Assert.Equal("Your message must not contain control characters (U+0008).", chat.Find("[data-testid=chat-error]").TextContent.Trim()));
        Assert.Equal(0, await StoredTurnsAsync());
    }

    [Fact]
    public async Task ChatsFromOneAddress_BeyondTheHourlyLimit_AreRefused_WhileAnotherAddressMayStart()
    {
        for (var i = 0; i < 2; i++)
        {
            var allowed = OpenChat();
            await StartAsync(allowed, $"Customer {i}", "a broken blender");
            allowed.WaitForAssertion(() => Assert.Contains("You're chatting with", allowed.Markup, StringComparison.Ordinal));
            Assert.Equal(i + 1, await StoredConversationsAsync());
        }

        var refused = OpenChat();
        await StartAsync(refused, "Customer 3", "a broken blender");

        refused.WaitForAssertion(() => Assert.Equal(
            "Too many chats have been started from your address; at most 2 an hour. Please try again in 60 minutes.",
            Error(refused)));
        Assert.NotEmpty(refused.FindAll("[data-testid=start-chat]"));
        Assert.Equal(2, await StoredConversationsAsync());

        _address.MoveTo("198.51.100.20");
        var elsewhere = OpenChat();
        await StartAsync(elsewhere, "Customer 4", "a broken blender");
        elsewhere.WaitForAssertion(() => Assert.Contains("You're chatting with", elsewhere.Markup, StringComparison.Ordinal));
        Assert.Equal(3, await StoredConversationsAsync());
    }

    [Fact]
    public async Task TheHourlyLimit_LetsTheAddressStartAgain_OnceItsHourIsOver()
    {
        for (var i = 0; i < 2; i++)
        {
            var allowed = OpenChat();
            await StartAsync(allowed, $"Customer {i}", "a broken blender");
            allowed.WaitForAssertion(() => Assert.Contains("You're chatting with", allowed.Markup, StringComparison.Ordinal));
        }

        Clock.Advance(TimeSpan.FromMinutes(59));
        var early = OpenChat();
        await StartAsync(early, "Customer 3", "a broken blender");
        early.WaitForAssertion(() => Assert.Equal(
            "Too many chats have been started from your address; at most 2 an hour. Please try again in a minute.",
            Error(early)));
        Assert.Equal(2, await StoredConversationsAsync());

        Clock.Advance(TimeSpan.FromMinutes(1));
        await early.InvokeAsync(() => early.Find("[data-testid=start-chat]").ClickAsync(new MouseEventArgs()));

        early.WaitForAssertion(() => Assert.Contains("You're chatting with", early.Markup, StringComparison.Ordinal));
        Assert.Empty(early.FindAll("[data-testid=chat-error]"));
        Assert.Equal(3, await StoredConversationsAsync());
    }

    [Fact]
    public async Task MessagesBeyondTheLimitAMinute_AreRefusedWithAMessage_AndNotStored()
    {
        var chat = OpenChat();
        await StartAsync(chat, "Maria Lopez", "a broken blender");
        chat.WaitForAssertion(() => chat.Find("[data-testid=customer-message]"));

        for (var i = 0; i < 3; i++)
        {
            await SendAsync(chat, $"message {i}");
            Assert.Equal(i + 1, await StoredTurnsAsync());
        }

        Assert.Empty(chat.FindAll("[data-testid=chat-error]"));
        await SendAsync(chat, "message 3");

        chat.WaitForAssertion(() => Assert.Equal(
            "You are sending messages too quickly; at most 3 a minute. Please wait 60 seconds and send again.",
            Error(chat)));
        Assert.Equal(3, await StoredTurnsAsync());
        Assert.DoesNotContain("message 3", chat.Find("[data-testid=transcript]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClicksWhileAChatIsStarting_StartNothingMore()
    {
        if (!TestDatabase.OnPostgres)
        {
            // SQLite's driver stores on the calling thread, the page's own: no click can come in
            // while a chat is being stored. PostgreSQL's waits without holding the page.
            return;
        }

        var chat = OpenChat();
        await chat.InvokeAsync(() => Field(chat, "customer-name").Change("Maria Lopez"));
        await chat.InvokeAsync(() => Field(chat, "customer-issue").Change("a broken blender"));

        var handled = new List<Task>();
        // While another writer holds the conversations table, the first start waits to store its chat.
        await using (var holder = await HoldConversationsAsync())
        {
            handled.Add(chat.InvokeAsync(() => chat.Find("[data-testid=start-chat]").ClickAsync(new MouseEventArgs())));
            chat.WaitForAssertion(() => Assert.True(chat.Find("[data-testid=start-chat]").HasAttribute("disabled")));

            // Whatever this does, it is handled before the table is let go: a second start would wait behind the first.
            handled.Add(chat.InvokeAsync(() => chat.Find("[data-testid=start-chat]").ClickAsync(new MouseEventArgs())));
            await chat.InvokeAsync(() => { });
            Assert.False(handled[0].IsCompleted);
        }

        await Task.WhenAll(handled).WaitAsync(TimeSpan.FromSeconds(30));
        chat.WaitForAssertion(() => Assert.Contains("You're chatting with", chat.Markup, StringComparison.Ordinal));
        Assert.Equal(1, await StoredConversationsAsync());
    }

    /// <summary>A PostgreSQL transaction of another connection that keeps every other writer out of the conversations table until disposed.</summary>
    private async Task<IAsyncDisposable> HoldConversationsAsync()
    {
        string connectionString;
        string table;
        await using (var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync())
        {
            connectionString = db.Database.GetConnectionString()!;
            table = db.Model.FindEntityType(typeof(CoachConsole.Core.Conversations.Conversation))!.GetTableName()!;
        }

        var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            // Readers go on; writers of new conversations wait.
            command.CommandText = $"LOCK TABLE \"{table}\" IN EXCLUSIVE MODE";
            await command.ExecuteNonQueryAsync();
        }

        return new Held(connection, transaction);
    }

    private sealed class Held(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task ClicksWhileAMessageIsBeingSent_SendNothingMore()
    {
        var chat = OpenChat();
        await StartAsync(chat, "Maria Lopez", "a broken blender");
        chat.WaitForAssertion(() => chat.Find("[data-testid=customer-message]"));
        Guid id;
        await using (var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync())
        {
            id = (await db.Conversations.SingleAsync()).Id;
        }

        var handled = new List<Task>();
        // While the conversation's gate is held, the first send waits at it: the page is mid-send.
        using (await Services.GetRequiredService<ConversationLocks>().AcquireAsync(id, CancellationToken.None))
        {
            await chat.InvokeAsync(() => Field(chat, "customer-message").Input("where is my refund"));
            handled.Add(chat.InvokeAsync(() => chat.Find("[data-testid=customer-send]").ClickAsync(new MouseEventArgs())));
            chat.WaitForAssertion(() => Assert.True(chat.Find("[data-testid=customer-send]").HasAttribute("disabled")));

            // Whatever these do, they are handled before the gate opens: a second send would wait behind the first.
            handled.Add(chat.InvokeAsync(() => chat.Find("[data-testid=customer-send]").ClickAsync(new MouseEventArgs())));
            handled.Add(chat.InvokeAsync(() => Field(chat, "customer-message").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" })));
            await chat.InvokeAsync(() => { });
            Assert.False(handled[0].IsCompleted);
        }

        await Task.WhenAll(handled).WaitAsync(TimeSpan.FromSeconds(30));
        chat.WaitForAssertion(() => Assert.Contains("where is my refund", chat.Find("[data-testid=transcript]").TextContent, StringComparison.Ordinal));
        Assert.Equal(1, await StoredTurnsAsync());
    }

    [Fact]
    public async Task AMessageRefusedByTheLimit_IsSent_OnceTheMinuteIsOver()
    {
        var chat = OpenChat();
        await StartAsync(chat, "Maria Lopez", "a broken blender");
        chat.WaitForAssertion(() => chat.Find("[data-testid=customer-message]"));
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(chat, $"message {i}");
        }

        Clock.Advance(TimeSpan.FromSeconds(59.5));
        await SendAsync(chat, "message 3");
        chat.WaitForAssertion(() => Assert.Equal(
            "You are sending messages too quickly; at most 3 a minute. Please wait a second and send again.",
            Error(chat)));
        Assert.Equal(3, await StoredTurnsAsync());

        Clock.Advance(TimeSpan.FromSeconds(0.5));
        // The refused message is still in the field: sending again sends it.
        await chat.InvokeAsync(() => chat.Find("[data-testid=customer-send]").ClickAsync(new MouseEventArgs()));

        chat.WaitForAssertion(() => Assert.Contains("message 3", chat.Find("[data-testid=transcript]").TextContent, StringComparison.Ordinal));
        Assert.Empty(chat.FindAll("[data-testid=chat-error]"));
        Assert.Equal(4, await StoredTurnsAsync());
    }
    private async Task<Guid> StoredConversationIdAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        return (await db.Conversations.SingleAsync()).Id;
    }

    [Fact]
    public async Task TheAgentTypingAnAnswer_ShowsOnTheChat_UntilAFewSecondsPassWithoutAKeystroke()
    {
        var chat = OpenChat(agent: "ana");
        await StartAsync(chat, "Maria Lopez", "a broken blender");
        chat.WaitForAssertion(() => chat.Find("[data-testid=customer-message]"));
        var id = await StoredConversationIdAsync();
        var typing = Services.GetRequiredService<ChatTyping>();
        Assert.Empty(chat.FindAll("[data-testid=chat-typing]"));

        DateTimeOffset? sent = null;
        typing.Typed(id, "Ana Ruiz", ref sent);
        chat.WaitForAssertion(() => Assert.Equal("Ana is typing…", chat.Find("[data-testid=chat-typing]").TextContent.Trim()));

        // Still typing a little later: the signal is kept alive from the newest keystroke.
        Clock.Advance(ChatTyping.Every);
        var renders = chat.RenderCount;
        typing.Typed(id, "Ana Ruiz", ref sent);
        chat.WaitForState(() => chat.RenderCount > renders);
        Clock.Advance(ChatTyping.Lasts - TimeSpan.FromSeconds(1));
        Assert.NotEmpty(chat.FindAll("[data-testid=chat-typing]"));

        Clock.Advance(TimeSpan.FromSeconds(1));
        chat.WaitForAssertion(() => Assert.Empty(chat.FindAll("[data-testid=chat-typing]")));
    }

    [Fact]
    public async Task TheAgentsAnswer_EndsTheTypingSign_AndAnotherChatsTypingNeverShows()
    {
        var chat = OpenChat(agent: "ana");
        await StartAsync(chat, "Maria Lopez", "a broken blender");
        chat.WaitForAssertion(() => chat.Find("[data-testid=customer-message]"));
        var id = await StoredConversationIdAsync();
        var typing = Services.GetRequiredService<ChatTyping>();

        DateTimeOffset? other = null;
        typing.Typed(Guid.NewGuid(), "Bob Stone", ref other);
        DateTimeOffset? sent = null;
        typing.Typed(id, "Ana Ruiz", ref sent);
        chat.WaitForAssertion(() => Assert.Equal("Ana is typing…", chat.Find("[data-testid=chat-typing]").TextContent.Trim()));

        await Services.GetRequiredService<ConversationService>().AddTurnAsync(id, new AddTurn(CoachConsole.Core.Conversations.Speaker.Agent, "Hello Maria, let me look.", null, null, null));

        chat.WaitForAssertion(() => Assert.Contains("let me look", chat.Find("[data-testid=transcript]").TextContent, StringComparison.Ordinal));
        Assert.Empty(chat.FindAll("[data-testid=chat-typing]"));
    }

    [Fact]
    public void TheConsole_SignalsTyping_AtMostOnceEveryTwoSeconds()
    {
        var typing = Services.GetRequiredService<ChatTyping>();
        var id = Guid.NewGuid();
        var seen = new List<AgentTyping>();
        using var subscription = typing.Subscribe(seen.Add);

        DateTimeOffset? sent = null;
        for (var i = 0; i < 5; i++)
        {
            typing.Typed(id, "Ana Ruiz", ref sent);
            Clock.Advance(TimeSpan.FromMilliseconds(300));
        }

        Assert.Single(seen);
        Clock.Advance(ChatTyping.Every - TimeSpan.FromMilliseconds(1500));
        typing.Typed(id, "Ana Ruiz", ref sent);
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public async Task AChat_IsKeptInTheBrowser_OnlyInAFormOtherBrowsersCannotMakeUp()
    {
        var stored = JSInterop.SetupVoid("localStorage.setItem", _ => true);
        stored.SetVoidResult();
        var chat = OpenChat(agent: "ana");
        await StartAsync(chat, "Maria Lopez", "a broken blender");
        chat.WaitForAssertion(() => chat.Find("[data-testid=customer-message]"));
        var id = await StoredConversationIdAsync();

        var write = Assert.Single(stored.Invocations);
        Assert.Equal(CustomerChat.StorageKey, write.Arguments[0]);
        var value = Assert.IsType<string>(write.Arguments[1]);
        Assert.DoesNotContain(id.ToString(), value, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(id.ToString("N"), value, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AStoredChat_IsResumedWithItsTranscript_WhileAMadeUpOneShowsTheForm()
    {
        var stored = JSInterop.SetupVoid("localStorage.setItem", _ => true);
        stored.SetVoidResult();
        var first = OpenChat(agent: "ana");
        await StartAsync(first, "Maria Lopez", "a broken blender");
        first.WaitForAssertion(() => first.Find("[data-testid=customer-message]"));
        var id = await StoredConversationIdAsync();
        await Services.GetRequiredService<ConversationService>().AddTurnAsync(id, new AddTurn(CoachConsole.Core.Conversations.Speaker.Agent, "Hello Maria, let me look.", null, null, null));
        var secret = (string)Assert.Single(stored.Invocations).Arguments[1]!;

        // Someone else's browser with the bare id (or anything it made up) under the same key.
        var reading = JSInterop.Setup<string>("localStorage.getItem", CustomerChat.StorageKey);
        reading.SetResult(System.Text.Json.JsonSerializer.Serialize(id));
        var guessed = OpenChat();
        await Eventually.HoldsAsync("the made-up chat to be forgotten", () => guessed.InvokeAsync(() => JSInterop.Invocations["localStorage.removeItem"].Count == 1));
        Assert.NotEmpty(guessed.FindAll("[data-testid=start-chat]"));
        Assert.DoesNotContain("let me look", guessed.Markup, StringComparison.Ordinal);

        JSInterop.Setup<string>("localStorage.getItem", CustomerChat.StorageKey).SetResult(secret);
        var resumed = OpenChat();
        resumed.WaitForAssertion(() => Assert.Contains("let me look", resumed.Find("[data-testid=transcript]").TextContent, StringComparison.Ordinal));
        Assert.Empty(resumed.FindAll("[data-testid=start-chat]"));
        await Services.GetRequiredService<ConversationService>().AddTurnAsync(id, new AddTurn(CoachConsole.Core.Conversations.Speaker.Agent, "Found your order.", null, null, null));
        resumed.WaitForAssertion(() => Assert.Contains("Found your order", resumed.Find("[data-testid=transcript]").TextContent, StringComparison.Ordinal));

        // Once the chat has ended, the stored chat is forgotten and a fresh form shows.
        await Services.GetRequiredService<ConversationService>().EndAsync(id);
        var after = OpenChat();
        await Eventually.HoldsAsync("the ended chat to be forgotten", () => after.InvokeAsync(() => JSInterop.Invocations["localStorage.removeItem"].Count == 2));
        Assert.NotEmpty(after.FindAll("[data-testid=start-chat]"));
    }

}

/// <summary>The chat's per-address windows, read on a clock the tests move.</summary>
public sealed class CustomerChatGateTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private CustomerChatGate Gate(int chatsPerHour = 2, int messagesPerMinute = 3) =>
        new(new CustomerChatSettings(Enabled: true, Team: DatabaseSetup.DemoTeamId, chatsPerHour, messagesPerMinute), _clock);

    [Fact]
    public void AWindow_OpensWithTheFirstMessage_AndClosesAMinuteLater()
    {
        var gate = Gate();
        var address = IPAddress.Parse("203.0.113.7");

        _clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Null(gate.TrySend(address));
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(gate.TrySend(address));
        Assert.Null(gate.TrySend(address));
        Assert.Equal(
            "You are sending messages too quickly; at most 3 a minute. Please wait 40 seconds and send again.",
            gate.TrySend(address));

        _clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Null(gate.TrySend(address));
    }

    [Fact]
    public void ChatsAndMessages_AreCountedApart()
    {
        var gate = Gate(chatsPerHour: 1, messagesPerMinute: 1);
        var address = IPAddress.Parse("203.0.113.7");

        Assert.Null(gate.TryStart(address));
        Assert.Null(gate.TrySend(address));
        Assert.NotNull(gate.TryStart(address));
        Assert.NotNull(gate.TrySend(address));
    }

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:0:0:9", true)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]
    [InlineData("203.0.113.7", "::ffff:203.0.113.7", true)]
    [InlineData("203.0.113.7", "203.0.113.8", false)]
    public void Addresses_ShareALimit_OnlyWhenTheyAreOneCustomersLine(string first, string second, bool shared)
    {
        var gate = Gate(chatsPerHour: 1);

        Assert.Null(gate.TryStart(IPAddress.Parse(first)));
        var refused = gate.TryStart(IPAddress.Parse(second));

        Assert.Equal(shared, refused is not null);
    }
}

/// <summary>A deployment that has not turned the chat on: the page says so and starts nothing.</summary>
public sealed class CustomerChatOffTests : ComponentTestContext
{
    public CustomerChatOffTests()
    {
        Services.AddSingleton(new CustomerChatSettings(Enabled: false, Team: null, ChatsPerHour: 10, MessagesPerMinute: 30));
        Services.AddSingleton<CustomerChatGate>();
        Services.AddSingleton<IHttpContextAccessor>(new FixedClientAddress());
        Services.AddDataProtection();
        Services.AddScoped<Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage.ProtectedLocalStorage>();
    }

    [Fact]
    public async Task TheChatOff_SaysItIsNotAvailable_AndOffersNoForm()
    {
        RenderProviders();
        var chat = Render<CustomerChat>();

        Assert.Equal("The chat is not available.", chat.Find("[data-testid=chat-unavailable]").TextContent.Trim());
        Assert.Empty(chat.FindAll("[data-testid=start-chat]"));
        await using var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Conversations.CountAsync());
    }

}
