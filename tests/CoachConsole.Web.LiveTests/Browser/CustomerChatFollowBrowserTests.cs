using System.Security.Claims;
using CoachConsole.Core.Conversations;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CoachConsole.Web.Tests.Browser;

/// <summary>What the customer sees of the conversation as it goes on: new messages in view, the agent typing.</summary>
public sealed class CustomerChatFollowBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Messages = "[data-testid=chat-messages]";

    private static readonly ClaimsPrincipal Leo = new(new ClaimsIdentity(
        [
            new(ClaimTypes.NameIdentifier, "leo"), new(ClaimTypes.Name, "leo"), new(CoachConsole.Web.Auth.CoachClaims.DisplayName, "Leo Park"),
            new(ClaimTypes.Role, Roles.TeamLead), new(CoachConsole.Web.Auth.CoachClaims.Leads, DatabaseSetup.DemoTeamId),
        ],
        "test"));

    private async Task<Guid> ConversationOfAsync(string customer)
    {
        await using var db = await fixture.App.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        return (await db.Conversations.SingleAsync(c => c.CustomerName == customer)).Id;
    }

    /// <summary>Waits until the message list shows <paramref name="text"/> and is scrolled to its end.</summary>
    private static Task AtTheEndWithAsync(IPage page, string text) =>
        page.WaitForFunctionAsync(
            "([selector, text]) => { const l = document.querySelector(selector); return !!l && l.textContent.includes(text) && l.scrollHeight - l.scrollTop - l.clientHeight <= 2; }",
            new object[] { Messages, text });

    [Fact]
    public async Task NewMessagesAndNotices_ScrollIntoView_UnlessTheCustomerReadsEarlierOnes()
    {
        var customer = await fixture.StartChatAsync("ana", "Nora Vance", "a missing parcel", "Hello, where is my parcel?");
        var id = await ConversationOfAsync("Nora Vance");
        var conversations = fixture.App.Services.GetRequiredService<ConversationService>();
        for (var i = 1; i <= 25; i++)
        {
            await conversations.AddTurnAsync(id, new AddTurn(Speaker.Agent, $"Answer number {i} about the parcel.", null, null, null));
        }

        await AtTheEndWithAsync(customer, "Answer number 25");
        Assert.True(await customer.EvalOnSelectorAsync<bool>(Messages, "l => l.scrollHeight > l.clientHeight + 100"), "The messages overflow their list.");

        await fixture.App.Services.GetRequiredService<LeadActions>().JoinAsync(id, Leo, takeOver: false);
        await AtTheEndWithAsync(customer, "A supervisor, Leo Park, has joined the chat.");
        await Assertions.Expect(customer.TestId("chat-new-messages")).ToBeHiddenAsync();

        // The customer scrolls up to read; the scroll has reached the page's script once a frame has been drawn.
        await customer.EvalOnSelectorAsync(Messages, "l => { l.scrollTop = 0; }");
        await customer.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        await conversations.AddTurnAsync(id, new AddTurn(Speaker.Agent, "Your parcel is at the depot.", null, null, null));

        await Assertions.Expect(customer.TestId("chat-new-messages")).ToBeVisibleAsync();
        await Assertions.Expect(customer.TestId("transcript")).ToContainTextAsync("Your parcel is at the depot.");
        Assert.Equal(0, await customer.EvalOnSelectorAsync<double>(Messages, "l => l.scrollTop"));

        await customer.TestId("chat-new-messages").ClickAsync();
        await AtTheEndWithAsync(customer, "Your parcel is at the depot.");
        await Assertions.Expect(customer.TestId("chat-new-messages")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task TheAgentTypingOnTheConsole_ShowsOnTheCustomersChat()
    {
        var customer = await fixture.StartChatAsync("ana", "Omar Hale", "a late refund", "Hi, my refund is late");
        var agent = await fixture.SignInAsync("ana", $"/console?conversation={await ConversationOfAsync("Omar Hale")}");
        await Assertions.Expect(agent.TestId("transcript")).ToContainTextAsync("my refund is late");
        await Assertions.Expect(customer.TestId("chat-typing")).ToHaveCountAsync(0);

        await agent.Field("composer").PressSequentiallyAsync("Let me check");

        await Assertions.Expect(customer.TestId("chat-typing")).ToHaveTextAsync("Ana is typing…");
        await agent.TestId("send").ClickAsync();
        await Assertions.Expect(customer.TestId("transcript")).ToContainTextAsync("Let me check");
        await Assertions.Expect(customer.TestId("chat-typing")).ToHaveCountAsync(0);
    }
}
