using System.Net.Http.Json;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CoachConsole.Web.Tests.Browser;

public sealed class LearningBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task LeadCommentsAndShares_AgentReadsTheCommentAndPractisesFromTheMaskedExample()
    {
        using var connector = fixture.App.CreateConnectorClient();
        var started = await connector.PostAsJsonAsync("/api/v1/conversations", new { channel = "chat", customerName = "Maria Lopez", issueSummary = "charged twice on my bill", agentId = "ana" });
        var id = (await started.ReadJsonAsync())["id"]!.GetValue<Guid>();
        (await connector.AddTurnAsync(id, "customer", "This is Maria Lopez, I was charged twice and I'm furious! Mail me at maria@example.com")).EnsureSuccessStatusCode();
        (await connector.AddTurnAsync(id, "agent", "Maria, I'm so sorry, that sounds really frustrating.")).EnsureSuccessStatusCode();
        (await connector.PostAsync($"/api/v1/conversations/{id}/end", null)).EnsureSuccessStatusCode();

        var lead = await fixture.SignInAsync("leo", $"/review/{id}");
        await Assertions.Expect(lead.TestId("review-turn")).ToHaveCountAsync(2);
        await lead.Field("comment-text").FillAsync("Good apology; offer the refund sooner.");
        await lead.TestId("comment-send").ClickAsync();
        await Assertions.Expect(lead.TestId("comment")).ToContainTextAsync("offer the refund sooner");
        await lead.Field("example-note").FillAsync("Apologised before explaining anything.");
        await lead.TestId("example-share").ClickAsync();
        await Assertions.Expect(lead.TestId("review-example")).ToBeVisibleAsync();

        var agent = await fixture.SignInAsync("ana", "/reviews");
        await Assertions.Expect(agent.TestId("unread-comments")).ToHaveTextAsync("1 new");
        await agent.TestId("review-link").First.ClickAsync();
        await Assertions.Expect(agent.TestId("comment")).ToContainTextAsync("offer the refund sooner");

        await agent.GotoAsync("/examples");
        await agent.Locator("[data-interactive=true]").WaitForAsync();
        var example = agent.TestId("example");
        await Assertions.Expect(example).ToHaveCountAsync(1);
        await example.Locator("[data-testid=example-toggle]").ClickAsync();
        await Assertions.Expect(agent.TestId("example-transcript")).ToContainTextAsync("This is the customer, I was charged twice");
        await Assertions.Expect(agent.TestId("example-transcript")).Not.ToContainTextAsync("Maria");
        await Assertions.Expect(agent.TestId("example-transcript")).ToContainTextAsync("[email]");

        await example.Locator("[data-testid=example-practise]").ClickAsync();
        await Assertions.Expect(agent.TestId("practice-scenario")).ToContainTextAsync("From an example: charged twice on my bill");
        await Assertions.Expect(agent.TestId("turn").First).ToContainTextAsync("This is the customer, I was charged twice");
    }
}
