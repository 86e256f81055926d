using CoachConsole.Web.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CoachConsole.Web.Tests.Browser;

/// <summary>The agent's console under pressure: its dialogs from the keyboard, and what is in view without scrolling.</summary>
public sealed class ConsoleGlanceBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AltX_FocusesTheReason_EscapeCloses_AndNoShortcutOpensASecondDialog()
    {
        var agent = await fixture.SignInAsync("ana", "/console");
        await fixture.StartChatAsync("ana", "Maria Lopez", "a broken blender", "Hello, my blender stopped working.");
        await Assertions.Expect(agent.TestId("conversation-item")).ToHaveCountAsync(1);
        var dialogs = agent.Locator(".mud-dialog");

        // What the agent types straight after Alt+X is the reason.
        await agent.Keyboard.PressAsync("Alt+x");
        await Assertions.Expect(agent.Field("escalate-reason")).ToBeFocusedAsync();
        await agent.Keyboard.TypeAsync("He says he will go to the press");
        await Assertions.Expect(agent.Field("escalate-reason")).ToHaveValueAsync("He says he will go to the press");

        // Help waits while the escalation is open; Escape closes it.
        await agent.Keyboard.PressAsync("Alt+h");
        await Assertions.Expect(dialogs).ToHaveCountAsync(1);
        await Assertions.Expect(agent.TestId("shortcut-help")).ToHaveCountAsync(0);
        await agent.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialogs).ToHaveCountAsync(0);

        // And the other way round: the help open, Alt+X opens nothing on top; Escape closes the help.
        await agent.Keyboard.PressAsync("Alt+h");
        await Assertions.Expect(agent.TestId("shortcut-help")).ToBeVisibleAsync();
        await agent.Keyboard.PressAsync("Alt+x");
        await Assertions.Expect(dialogs).ToHaveCountAsync(1);
        await Assertions.Expect(agent.Field("escalate-reason")).ToHaveCountAsync(0);
        await agent.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialogs).ToHaveCountAsync(0);

        // The reason typed reaches the lead.
        await agent.Keyboard.PressAsync("Alt+x");
        await Assertions.Expect(agent.Field("escalate-reason")).ToBeFocusedAsync();
        await agent.Field("escalate-reason").FillAsync("He says he will go to the press");
        await agent.TestId("escalate-confirm").ClickAsync();
        await Assertions.Expect(agent.TestId("stage")).ToHaveTextAsync("Escalating");
        var conversations = fixture.App.Services.GetRequiredService<ConversationService>();
        var live = Assert.Single(await conversations.LiveForAgentAsync("ana"));
        var details = await conversations.GetAsync(live.Id);
        Assert.Equal("the agent raised a hand: He says he will go to the press", details.StagePath[^1].Reason);
    }
}
