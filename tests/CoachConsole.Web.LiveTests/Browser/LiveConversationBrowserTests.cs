using Microsoft.Playwright;

namespace CoachConsole.Web.Tests.Browser;

public sealed class LiveConversationBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task CustomerSendsAngryMessage_AgentSeesStageAndCard_AgentAnswerReachesCustomer()
    {
        var agent = await fixture.SignInAsync("ana", "/console");
        await Assertions.Expect(agent.TestId("no-conversations")).ToBeVisibleAsync();
        var customer = await fixture.StartChatAsync("ana", "Maria Lopez", "a broken blender", "This is RIDICULOUS!!! I'm furious, it broke after two days");

        await Assertions.Expect(agent.TestId("stage")).ToHaveTextAsync("Listening");
        await Assertions.Expect(agent.TestId("heat")).ToContainTextAsync("Angry");
        await Assertions.Expect(agent.TestId("transcript")).ToContainTextAsync("RIDICULOUS!!!");
        // Empathy leads; the cards include an apology and a sign of listening, all for the Listening stage.
        await Assertions.Expect(agent.TestId("card")).ToHaveCountAsync(3);
        await Assertions.Expect(agent.TestId("card").First).ToContainTextAsync("1 · Empathy");
        await Assertions.Expect(agent.TestId("card").Filter(new() { HasText = "Listening cue" })).ToHaveCountAsync(1);
        await Assertions.Expect(agent.TestId("card-why")).ToContainTextAsync(new[] { "Listening", "Listening", "Listening" });

        await agent.Field("composer").FillAsync("I'm so sorry, Maria. I understand how frustrating that is.");
        await agent.TestId("send").ClickAsync();

        await Assertions.Expect(customer.TestId("transcript")).ToContainTextAsync("I understand how frustrating that is");
        await Assertions.Expect(agent.TestId("stage")).ToHaveTextAsync("Clarifying");
        await Assertions.Expect(agent.TestId("card").First).ToBeVisibleAsync();
    }
}
