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

        // Escape closes it wherever the focus is, even outside the dialog.
        await agent.EvaluateAsync("() => document.activeElement?.blur()");
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

    [Fact]
    public async Task At1280x720_EveryCardsUseAndEscalateAreInView_AndAt768TheTranscriptKeepsItsRoom()
    {
        var agent = await fixture.SignInAsync("ben", "/console");
        await fixture.StartChatAsync("ben", "Lee Chan", "a missing refund", "This is RIDICULOUS!!! Where is my refund? I'm furious");
        await Assertions.Expect(agent.TestId("conversation-item")).ToHaveCountAsync(1);
        var conversations = fixture.App.Services.GetRequiredService<ConversationService>();
        var live = Assert.Single(await conversations.LiveForAgentAsync("ben"));
        var leo = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [
                new(System.Security.Claims.ClaimTypes.NameIdentifier, "leo"), new(System.Security.Claims.ClaimTypes.Name, "leo"), new(CoachConsole.Web.Auth.CoachClaims.DisplayName, "Leo Park"),
                new(System.Security.Claims.ClaimTypes.Role, CoachConsole.Web.Data.Roles.TeamLead), new(CoachConsole.Web.Auth.CoachClaims.Leads, CoachConsole.Web.Data.DatabaseSetup.DemoTeamId),
            ],
            "test"));
        await fixture.App.Services.GetRequiredService<LeadActions>().WhisperAsync(live.Id, leo, "Offer the refund straight away, and say when it lands on the card.");
        await Assertions.Expect(agent.TestId("lead-note")).ToBeVisibleAsync();
        await Assertions.Expect(agent.TestId("card")).ToHaveCountAsync(3);

        await agent.SetViewportSizeAsync(1280, 720);
        foreach (var target in (await agent.TestId("use-card").AllAsync()).Append(agent.TestId("escalate")))
        {
            await AssertInViewAsync(target, 1280, 720);
        }

        // The reason is one click away.
        await Assertions.Expect(agent.TestId("card-why").First).ToBeHiddenAsync();
        await agent.TestId("card-why-toggle").First.ClickAsync();
        await Assertions.Expect(agent.TestId("card-why").First).ToBeVisibleAsync();

        await agent.SetViewportSizeAsync(768, 1024);
        await Assertions.Expect(agent.TestId("transcript")).ToContainTextAsync("Where is my refund?");
        var transcript = await agent.TestId("transcript").BoundingBoxAsync();
        var answer = await agent.Field("composer").BoundingBoxAsync();
        Assert.True(transcript is { Width: >= 360, Height: >= 200 }, $"transcript {transcript?.Width}x{transcript?.Height}");
        Assert.True(answer is { Width: >= 300 }, $"answer box {answer?.Width}");
        await AssertInViewAsync(agent.TestId("escalate"), 768, 1024);
        await AssertInViewAsync(agent.TestId("send"), 768, 1024);
        Assert.True(await agent.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 768"), "the page scrolls sideways at 768 px");
    }

    private static async Task AssertInViewAsync(ILocator target, int width, int height)
    {
        await Assertions.Expect(target).ToBeVisibleAsync();
        var box = await target.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.Y >= 0 && box.X + box.Width <= width && box.Y + box.Height <= height, $"{box.X},{box.Y} {box.Width}x{box.Height} is outside {width}x{height}");
    }
}
