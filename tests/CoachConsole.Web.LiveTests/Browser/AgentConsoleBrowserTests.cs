using System.Globalization;
using Microsoft.Playwright;

namespace CoachConsole.Web.Tests.Browser;

public sealed class AgentConsoleBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ThreeChatsAtOnce_AbuseInOneBringsUpTheLadder_AndTheKeyboardAnswersIt()
    {
        var agent = await fixture.SignInAsync("ana", "/console");
        var maria = await fixture.StartChatAsync("ana", "Maria Lopez", "a broken blender", "Hello, my blender stopped working.");
        var tom = await fixture.StartChatAsync("ana", "Tom Reed", "a double charge", "I was charged twice this month.");
        var sara = await fixture.StartChatAsync("ana", "Sara Kim", "a late parcel", "Where is my parcel?");

        await Assertions.Expect(agent.TestId("conversation-item")).ToHaveCountAsync(3);
        // Maria's opening message tells her issue, so her conversation has moved on to the details.
        await Assertions.Expect(agent.TestId("stage")).ToHaveTextAsync("Clarifying");
        var selectedTranscript = await agent.TestId("transcript").InnerTextAsync();

        await sara.SendAsCustomerAsync("You're useless, you idiot. Useless!");

        var saraItem = agent.Locator("[data-testid=conversation-item][data-customer='Sara Kim']");
        await Assertions.Expect(saraItem.Locator("[data-testid=item-stage]")).ToHaveTextAsync("Boundary setting");
        await Assertions.Expect(saraItem.Locator("[data-testid=unread]")).ToHaveTextAsync("2");
        Assert.Equal(selectedTranscript, await agent.TestId("transcript").InnerTextAsync());

        await saraItem.ClickAsync();
        await Assertions.Expect(agent.TestId("ladder")).ToBeVisibleAsync();
        await Assertions.Expect(agent.TestId("ladder-current")).ToHaveTextAsync("1");
        var script = (await agent.TestId("ladder-text").InnerTextAsync()).Trim();

        await agent.Keyboard.PressAsync("Alt+1");
        await Assertions.Expect(agent.Field("composer")).ToHaveValueAsync(script);
        await agent.TestId("send").ClickAsync();

        await Assertions.Expect(sara.TestId("transcript")).ToContainTextAsync(script);
        await Assertions.Expect(maria.TestId("transcript")).Not.ToContainTextAsync(script);
        await Assertions.Expect(tom.TestId("transcript")).Not.ToContainTextAsync(script);
        await Assertions.Expect(agent.TestId("stage")).ToHaveTextAsync("Boundary setting");

        // Step 1 is stated, so further abuse climbs to step 2 and brings up its script.
        await sara.SendAsCustomerAsync("Still useless. You're a moron.");
        await Assertions.Expect(agent.TestId("ladder-current")).ToHaveTextAsync("2");
        await Assertions.Expect(agent.TestId("ladder-step-label")).ToContainTextAsync("Step 2 of 3");
        await Assertions.Expect(agent.TestId("ladder-text")).Not.ToHaveTextAsync(script);
    }

    [Fact]
    public async Task PhraseToAvoid_IsMarkedInTheDraft_AndReplacedBeforeSending()
    {
        var agent = await fixture.SignInAsync("ben", "/console");
        var customer = await fixture.StartChatAsync("ben", "Lee Chan", "a missing refund", "Where is my refund?!");
        await Assertions.Expect(agent.TestId("conversation-item")).ToHaveCountAsync(1);

        // Every text the page writes into the field is noted: while the agent types, there must be none.
        await agent.Field("composer").EvaluateAsync("""
            field => {
                const own = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value");
                field.written = [];
                Object.defineProperty(field, "value", { get() { return own.get.call(this); }, set(text) { this.written.push(text); own.set.call(this, text); } });
            }
            """);
        await agent.Field("composer").PressSequentiallyAsync("Please calm down, I am checking it now.");
        await Assertions.Expect(agent.TestId("avoid-finding")).ToContainTextAsync("calm down");
        Assert.Empty(await agent.Field("composer").EvaluateAsync<string[]>("field => field.written"));
        await agent.TestId("avoid-replace").ClickAsync();

        await Assertions.Expect(agent.TestId("avoid-finding")).ToHaveCountAsync(0);
        var draft = await agent.Field("composer").InputValueAsync();
        Assert.DoesNotContain("calm down", draft, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("I am checking it now.", draft, StringComparison.Ordinal);
        Assert.DoesNotContain(".,", draft, StringComparison.Ordinal);
        await agent.Keyboard.PressAsync("Enter");
        await Assertions.Expect(customer.TestId("transcript")).ToContainTextAsync("I am checking it now.");
        await Assertions.Expect(customer.TestId("transcript")).Not.ToContainTextAsync("calm down");
        await Assertions.Expect(agent.Field("composer")).ToHaveValueAsync("");

        // What is sent is the text as the agent sees it, even the last keys the server has not had yet.
        await agent.Field("composer").PressSequentiallyAsync("One moment");
        await Assertions.Expect(agent.TestId("send")).ToBeEnabledAsync();
        await agent.Field("composer").EvaluateAsync("(field, more) => { field.value = field.value + more; }", ", the refund left us on Monday.");
        await agent.TestId("send").ClickAsync();
        await Assertions.Expect(customer.TestId("transcript")).ToContainTextAsync("One moment, the refund left us on Monday.");
        await Assertions.Expect(agent.Field("composer")).ToHaveValueAsync("");
    }
}

public sealed class WrapUpBrowserTests(ClockedBrowserFixture fixture) : IClassFixture<ClockedBrowserFixture>
{
    /// <summary>Ana works from Kathmandu (UTC+5:45), far from the server's clock: she types and reads times on her own.</summary>
    [Fact]
    public async Task WrapUp_CreatesAFollowUp_ThatComesDueWithAReminder()
    {
        const string AnasZone = "Asia/Kathmandu";
        var anas = TimeZoneInfo.FindSystemTimeZoneById(AnasZone);
        Assert.NotEqual(anas.BaseUtcOffset, TimeZoneInfo.Local.BaseUtcOffset);
        var agent = await fixture.SignInAsync("ana", "/console", timeZone: AnasZone, locale: "en-US");
        var customer = await fixture.StartChatAsync("ana", "Maria Lopez", "a replacement blender", "Please call me when the replacement ships.", timeZone: "America/Lima");
        await Assertions.Expect(agent.TestId("conversation-item")).ToHaveCountAsync(1);
        var saidAt = fixture.Clock.GetUtcNow();
        await Assertions.Expect(agent.TestId("transcript")).ToContainTextAsync(TimeZoneInfo.ConvertTime(saidAt, anas).ToString("HH:mm:ss", CultureInfo.CurrentCulture));
        var marias = TimeZoneInfo.FindSystemTimeZoneById("America/Lima");
        await Assertions.Expect(customer.TestId("transcript")).ToContainTextAsync(TimeZoneInfo.ConvertTime(saidAt, marias).ToString("HH:mm:ss", CultureInfo.CurrentCulture));

        await agent.TestId("end").ClickAsync();
        await Assertions.Expect(customer.TestId("chat-ended")).ToBeVisibleAsync();
        await agent.Field("outcome-followup").ClickAsync();
        var due = TimeZoneInfo.ConvertTime(fixture.Clock.GetUtcNow(), anas).AddHours(1);
        await agent.Field("followup-due").FillAsync(due.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        await agent.Field("followup-note").FillAsync("Call when it ships");
        await agent.TestId("wrap-up-submit").ClickAsync();

        var followUp = agent.TestId("followup");
        await Assertions.Expect(followUp).ToHaveAttributeAsync("data-due", "false");
        await Assertions.Expect(followUp).ToContainTextAsync("Call when it ships");
        // Written as her browser's language writes a date and time.
        await Assertions.Expect(followUp).ToContainTextAsync(due.ToString("g", CultureInfo.GetCultureInfo("en-US")));

        fixture.Clock.Advance(TimeSpan.FromHours(2));

        await Assertions.Expect(followUp).ToHaveAttributeAsync("data-due", "true");
        await Assertions.Expect(agent.TestId("followups-due")).ToHaveTextAsync("1 due");
        await Assertions.Expect(agent.Locator(".mud-snackbar")).ToContainTextAsync("Follow-up due: Maria Lopez");
    }
}
