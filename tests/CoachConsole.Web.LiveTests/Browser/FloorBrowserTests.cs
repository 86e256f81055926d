using System.Net.Http.Json;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CoachConsole.Web.Tests.Browser;

public sealed class FloorBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AbusiveTurn_PutsTheRedTileOnTop_AndTheLeadsWhisperReachesTheAgent()
    {
        var lead = await fixture.SignInAsync("leo", "/floor");
        var agent = await fixture.SignInAsync("ana", "/console");
        using var connector = fixture.App.CreateConnectorClient();
        var ids = new List<Guid>();
        foreach (var customer in new[] { "Ann Calm", "Bo Angry", "Cy Calm" })
        {
            var response = await connector.PostAsJsonAsync("/api/v1/conversations", new { channel = "chat", customerName = customer, issueSummary = "an order", agentId = "ana" });
            ids.Add((await response.ReadJsonAsync())["id"]!.GetValue<Guid>());
        }

        await Assertions.Expect(lead.TestId("tile")).ToHaveCountAsync(3);
        (await connector.AddTurnAsync(ids[0], "customer", "I am FURIOUS, this is the worst service!!!")).EnsureSuccessStatusCode();
        await Assertions.Expect(lead.TestId("tile").First).ToHaveAttributeAsync("data-customer", "Ann Calm");

        (await connector.AddTurnAsync(ids[1], "customer", "You're useless, you idiot")).EnsureSuccessStatusCode();
        var top = lead.TestId("tile").First;
        await Assertions.Expect(top).ToHaveAttributeAsync("data-customer", "Bo Angry");
        await Assertions.Expect(top).ToHaveAttributeAsync("data-level", "red");
        await Assertions.Expect(top.Locator("[data-testid=tile-alert]")).ToContainTextAsync("Abuse");

        await top.ClickAsync();
        await Assertions.Expect(lead.TestId("drill-stage")).ToHaveTextAsync("Boundary setting");
        await lead.Field("whisper-text").FillAsync("Use the ladder, then offer the callback");
        await lead.TestId("whisper-send").ClickAsync();

        await agent.Locator("[data-testid=conversation-item][data-customer='Bo Angry']").ClickAsync();
        await Assertions.Expect(agent.TestId("lead-note")).ToContainTextAsync("Leo Park (lead): Use the ladder, then offer the callback");
        await Assertions.Expect(agent.TestId("ladder")).ToBeVisibleAsync();
    }
}
