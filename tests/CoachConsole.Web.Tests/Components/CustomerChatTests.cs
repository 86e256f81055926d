using System.Net;
using Bunit;
using CoachConsole.Web.Components.Pages.Customer;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
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
        await chat.ClickAsync("[data-testid=start-chat]");
    }

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

        await chat.InvokeAsync(() => Field(chat, "customer-message").Input("hello\u0008\u0008\u0008 agent"));
        await chat.ClickAsync("[data-testid=customer-send]");

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
        }

        var refused = OpenChat();
        await StartAsync(refused, "Customer 3", "a broken blender");

        refused.WaitForAssertion(() => Assert.Equal(
            "Too many chats have been started from your address; at most 2 an hour. Please try again later.",
            refused.Find("[data-testid=chat-error]").TextContent.Trim()));
        Assert.Equal(2, await StoredConversationsAsync());

        _address.MoveTo("198.51.100.20");
        var elsewhere = OpenChat();
        await StartAsync(elsewhere, "Customer 4", "a broken blender");
        elsewhere.WaitForAssertion(() => Assert.Contains("You're chatting with", elsewhere.Markup, StringComparison.Ordinal));
        Assert.Equal(3, await StoredConversationsAsync());
    }

    [Fact]
    public async Task MessagesBeyondTheLimitAMinute_AreRefusedWithAMessage()
    {
        var chat = OpenChat();
        await StartAsync(chat, "Maria Lopez", "a broken blender");
        chat.WaitForAssertion(() => chat.Find("[data-testid=customer-message]"));

        // The limit counts in windows of a minute: seven messages in a row cross at most one window's
        // end, so one of the windows sees a fourth message, whatever the moment the test starts.
        var sent = 0;
        while (sent < 7 && chat.FindAll("[data-testid=chat-error]").Count == 0)
        {
            await chat.InvokeAsync(() => Field(chat, "customer-message").Input($"message {sent}"));
            await chat.ClickAsync("[data-testid=customer-send]");
            sent++;
        }

        chat.WaitForAssertion(() => Assert.Equal(
            "You are sending messages too quickly; at most 3 a minute. Please wait a moment and send again.",
            chat.Find("[data-testid=chat-error]").TextContent.Trim()));
        Assert.Equal(sent - 1, await StoredTurnsAsync());
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
