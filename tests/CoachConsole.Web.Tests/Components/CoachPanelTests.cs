using System.Security.Claims;
using Bunit;
using CoachConsole.Core.Conversations;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Components.Pages.Agent;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Realtime;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Components;

/// <summary>The console's panels, fed by the real conversation path and event bus.</summary>
public sealed class CoachPanelTests : ComponentTestContext
{
    public CoachPanelTests() => SignInAs("ana", "Ana Ruiz", "Agent");

    private ConversationService Conversations => Services.GetRequiredService<ConversationService>();

    private async Task<ConversationView> StartAsync(Channel channel = Channel.Chat, string customer = "Maria Lopez") =>
        await Conversations.StartAsync(new StartConversation(channel, customer, "a broken blender", "ana", null, ["a replacement", "a full refund"]));

    private Task SayAsync(Guid id, Speaker speaker, string text, string? turnId = null) =>
        Conversations.AddTurnAsync(id, new AddTurn(speaker, text, turnId, null, null));

    /// <summary>The input or text area of a MudBlazor field marked with a test id (the id lands on the element or its wrapper).</summary>
    private static AngleSharp.Dom.IElement Field(IRenderedComponent<AgentConsole> console, string testId) =>
        console.Find($"textarea[data-testid={testId}], input[data-testid={testId}], [data-testid={testId}] textarea, [data-testid={testId}] input");

    private IRenderedComponent<AgentConsole> RenderConsole()
    {
        RenderProviders();
        var console = Render<AgentConsole>();
        console.WaitForAssertion(() => Assert.NotEmpty(console.FindAll("[data-testid=conversation-item]")));
        return console;
    }

    [Fact]
    public async Task Abuse_BringsUpTheLadderCard_AndEachFurtherAbuseClimbsIt()
    {
        var c = await StartAsync();
        var console = RenderConsole();
        Assert.Empty(console.FindAll("[data-testid=ladder]"));

        await SayAsync(c.Id, Speaker.Customer, "You're useless, you idiot");
        console.WaitForAssertion(() =>
        {
            Assert.Equal("1", console.Find("[data-testid=ladder-current]").TextContent.Trim());
            Assert.Contains("Step 1 of 3", console.Find("[data-testid=ladder-step-label]").TextContent, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(console.Find("[data-testid=ladder-text]").TextContent));
        });

        // Abuse again before the agent has stated the step: the ladder waits at it.
        await SayAsync(c.Id, Speaker.Customer, "Shut up, you moron");
        console.WaitForAssertion(() => Assert.Contains("Shut up, you moron", console.Find("[data-testid=transcript]").TextContent, StringComparison.Ordinal));
        Assert.Equal("1", console.Find("[data-testid=ladder-current]").TextContent.Trim());

        // The agent states it; the next abuse climbs to step 2, and its script replaces step 1's.
        var stepOne = console.Find("[data-testid=ladder-text]").TextContent.Trim();
        await SayAsync(c.Id, Speaker.Agent, "I want to help, but please keep this respectful.");
        await SayAsync(c.Id, Speaker.Customer, "Whatever, you're still a moron");
        console.WaitForAssertion(() =>
        {
            Assert.Equal("2", console.Find("[data-testid=ladder-current]").TextContent.Trim());
            Assert.Contains("Step 2 of 3", console.Find("[data-testid=ladder-step-label]").TextContent, StringComparison.Ordinal);
            Assert.NotEqual(stepOne, console.Find("[data-testid=ladder-text]").TextContent.Trim());
        });
        Assert.Equal(["Opening", "Boundary setting"], console.FindAll("[data-testid=stage-path] .mud-chip").Select(e => e.TextContent.Trim()));
    }

    [Fact]
    public async Task QuietMode_HidesCardsButNotTheLadder()
    {
        var c = await StartAsync();
        var console = RenderConsole();
        console.WaitForAssertion(() => Assert.NotEmpty(console.FindAll("[data-testid=card]")));

        await console.InvokeAsync(() => console.Instance.OnShortcut("quiet"));

        console.WaitForAssertion(() =>
        {
            Assert.Empty(console.FindAll("[data-testid=card]"));
            Assert.Contains("hidden", console.Find("[data-testid=quiet-note]").TextContent, StringComparison.Ordinal);
        });
        await SayAsync(c.Id, Speaker.Customer, "You're useless, you idiot");
        console.WaitForAssertion(() => Assert.NotNull(console.Find("[data-testid=ladder]")));
    }

    [Fact]
    public async Task HeatTrend_HasAPointPerCustomerTurn()
    {
        var c = await StartAsync();
        var console = RenderConsole();

        await SayAsync(c.Id, Speaker.Customer, "Hi, my blender broke.");
        await SayAsync(c.Id, Speaker.Agent, "I'm sorry to hear that.");
        await SayAsync(c.Id, Speaker.Customer, "This is RIDICULOUS!!! I'm furious");

        console.WaitForAssertion(() => Assert.Equal("2", console.Find("[data-testid=heat-trend]").GetAttribute("data-points")));
        Assert.NotNull(console.Find("[data-testid=heat-trend] polyline"));
    }

    [Fact]
    public async Task Composer_MarksAPhraseToAvoid_AndReplacesItWithTheBetterPhrasing()
    {
        await StartAsync();
        var console = RenderConsole();

        console.WaitForAssertion(() => Field(console, "composer"));
        await console.InvokeAsync(() => Field(console, "composer").Change("Please calm down, we will fix it"));

        console.WaitForAssertion(() => Assert.Contains("calm down", console.Find("[data-testid=avoid-finding]").TextContent, StringComparison.Ordinal));
        await console.ClickAsync("[data-testid=avoid-replace]");
        console.WaitForAssertion(() =>
        {
            var value = Field(console, "composer").GetAttribute("value") ?? Field(console, "composer").TextContent;
            Assert.DoesNotContain("calm down", value, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("we will fix it", value, StringComparison.Ordinal);
            Assert.Empty(console.FindAll("[data-testid=avoid-finding]"));
        });
    }

    [Fact]
    public async Task Composer_TakesTheTypedTextFromTheBrowser_AndDropsTypingIntoATextItHasSinceReplaced()
    {
        var browser = JSInterop.SetupModule("./js/console.js");
        browser.Mode = JSRuntimeMode.Loose;
        var c = await StartAsync();
        var console = RenderConsole();
        console.WaitForAssertion(() => Field(console, "composer"));
        var composer = console.FindComponent<CoachConsole.Web.Components.Shared.Composer>();
        console.WaitForAssertion(() => Assert.NotEmpty(browser.Invocations["watchDraft"]));
        var typedInto = Assert.IsType<int>(browser.Invocations["watchDraft"][^1].Arguments[2]);

        // The browser reports what the agent typed; the server takes it without writing it back into the field.
        await console.InvokeAsync(() => composer.Instance.OnTypedAsync("Thanks for waiting, Maria", typedInto));
        console.WaitForAssertion(() => Assert.False(console.Find("[data-testid=send]").HasAttribute("disabled")));
        Assert.NotEqual("Thanks for waiting, Maria", Field(console, "composer").GetAttribute("value"));

        await console.ClickAsync("[data-testid=send]");
        console.WaitForAssertion(() => Assert.Contains("Thanks for waiting, Maria", console.Find("[data-testid=transcript]").TextContent, StringComparison.Ordinal));
        console.WaitForAssertion(() => Assert.Equal("", Assert.Single(browser.Invocations["showDraft"]).Arguments[1]));
        var afterSend = Assert.IsType<int>(browser.Invocations["showDraft"][0].Arguments[2]);
        Assert.NotEqual(typedInto, afterSend);

        // A key typed into the sent answer, reported after it was cleared, brings nothing back.
        await console.InvokeAsync(() => composer.Instance.OnTypedAsync("Thanks for waiting, Maria!", typedInto));
        Assert.True(console.Find("[data-testid=send]").HasAttribute("disabled"));

        await console.InvokeAsync(() => composer.Instance.OnTypedAsync("The new blender ships today.", afterSend));
        console.WaitForAssertion(() => Assert.False(console.Find("[data-testid=send]").HasAttribute("disabled")));
        await using var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Turns.CountAsync(t => t.ConversationId == c.Id && t.Speaker == Speaker.Agent));
    }

    [Fact]
    public async Task ShortcutCardOne_PutsTheCardInTheComposer_AndSendingRecordsItsUse()
    {
        var c = await StartAsync();
        var console = RenderConsole();
        console.WaitForAssertion(() => Assert.NotEmpty(console.FindAll("[data-testid=card]")));
        var first = console.FindAll("[data-testid=card-text]")[0].TextContent.Trim();

        await console.InvokeAsync(() => console.Instance.OnShortcut("card1"));
        console.WaitForAssertion(() => Assert.Contains(first, Field(console, "composer").GetAttribute("value") ?? "", StringComparison.Ordinal));
        await console.ClickAsync("[data-testid=send]");

        console.WaitForAssertion(() => Assert.DoesNotContain(console.FindAll("[data-testid=card-text]"), e => e.TextContent.Trim() == first));
        await using var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.CardEvents.CountAsync(e => e.ConversationId == c.Id && e.Action == CardAction.Used));
    }

    [Fact]
    public async Task VoiceCall_SaidIt_RetiresTheCard_AndFeedbackIsRecorded()
    {
        var c = await StartAsync(Channel.Voice);
        var console = RenderConsole();
        console.WaitForAssertion(() => Assert.True(console.FindAll("[data-testid=card]").Count >= 2));
        var first = console.FindAll("[data-testid=card-text]")[0].TextContent.Trim();
        Assert.Contains("Said it", console.FindAll("[data-testid=use-card]")[0].TextContent, StringComparison.Ordinal);

        await console.ClickAsync("[data-testid=use-card]");
        console.WaitForAssertion(() => Assert.DoesNotContain(console.FindAll("[data-testid=card-text]"), e => e.TextContent.Trim() == first));
        console.WaitForAssertion(() => Assert.NotEmpty(console.FindAll("[data-testid=rate-tone]")));
        await console.ClickAsync("[data-testid=rate-tone]");

        // The thanks shows at once; the rating is stored as the click's handler goes on.
        console.WaitForAssertion(() => Assert.NotNull(console.Find("[data-testid=rated]")));
        await Eventually.PassesAsync("the use and the rating to be stored", async () =>
        {
            await using var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
            var events = await db.CardEvents.Where(e => e.ConversationId == c.Id).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync();
            Assert.Equal([CardAction.Used, CardAction.WrongTone], events);
        });
    }

    [Fact]
    public async Task PartialUtterance_IsShownThenReplacedByTheFinalTurn()
    {
        var c = await StartAsync(Channel.Voice);
        var console = RenderConsole();

        await Conversations.PartialAsync(c.Id, Speaker.Customer, "I have been waiting for", "utt-1");
        console.WaitForAssertion(() => Assert.Contains("I have been waiting for", console.Find("[data-testid=partial]").TextContent, StringComparison.Ordinal));
        Assert.Empty(console.FindAll("[data-testid=turn]"));

        await SayAsync(c.Id, Speaker.Customer, "I have been waiting for three weeks", turnId: "utt-1");

        console.WaitForAssertion(() =>
        {
            Assert.Empty(console.FindAll("[data-testid=partial]"));
            Assert.Contains("three weeks", Assert.Single(console.FindAll("[data-testid=turn]")).TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task LeadWhisperAndJoin_ShowInTheCoachPanelMarkedAsTheLeads()
    {
        var c = await StartAsync();
        var console = RenderConsole();
        var leo = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "leo"), new Claim(ClaimTypes.Name, "leo"), new Claim(CoachClaims.DisplayName, "Leo Park"), new Claim(ClaimTypes.Role, Roles.TeamLead), new Claim(CoachClaims.Leads, DatabaseSetup.DemoTeamId)],
            "test"));
        var lead = Services.GetRequiredService<LeadActions>();

        await lead.WhisperAsync(c.Id, leo, "Offer the refund straight away");
        console.WaitForAssertion(() => Assert.Contains("Leo Park (lead): Offer the refund straight away", console.Find("[data-testid=lead-note]").TextContent, StringComparison.Ordinal));

        await lead.JoinAsync(c.Id, leo, takeOver: false);
        console.WaitForAssertion(() =>
        {
            Assert.Contains(console.FindAll("[data-testid=lead-note]"), e => e.TextContent.Contains("Leo Park has joined", StringComparison.Ordinal));
            Assert.Equal("Supervisor engaged", console.Find("[data-testid=stage]").TextContent.Trim());
        });
    }

    [Fact]
    public async Task LeadTakesOver_TheAgentObservesWithoutAComposer()
    {
        var c = await StartAsync();
        var console = RenderConsole();
        console.WaitForAssertion(() => Assert.NotNull(console.Find("[data-testid=send]")));
        var leo = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "leo"), new Claim(ClaimTypes.Name, "leo"), new Claim(CoachClaims.DisplayName, "Leo Park"), new Claim(ClaimTypes.Role, Roles.TeamLead), new Claim(CoachClaims.Leads, DatabaseSetup.DemoTeamId)],
            "test"));

        await Services.GetRequiredService<LeadActions>().JoinAsync(c.Id, leo, takeOver: true);

        console.WaitForAssertion(() =>
        {
            Assert.NotNull(console.Find("[data-testid=observing]"));
            Assert.Empty(console.FindAll("[data-testid=send]"));
            Assert.Contains(console.FindAll("[data-testid=lead-note]"), e => e.TextContent.Contains("has taken over", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task WrapUp_WithFollowUp_PutsItInTheQueue_AndItComesDueOnTheClock()
    {
        var c = await StartAsync();
        var console = RenderConsole();
        await Conversations.EndAsync(c.Id);
        console.WaitForAssertion(() => Assert.NotNull(console.Find("[data-testid=wrap-up]")));

        await console.InvokeAsync(() => Field(console, "outcome-followup").Click());
        console.WaitForAssertion(() => Field(console, "followup-due"));
        var due = Clock.GetLocalNow().AddHours(2);
        await console.InvokeAsync(() => Field(console, "followup-due").Change(due.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
        await console.InvokeAsync(() => Field(console, "followup-note").Change("Check the replacement arrived"));
        await console.ClickAsync("[data-testid=wrap-up-submit]");

        console.WaitForAssertion(() =>
        {
            Assert.Empty(console.FindAll("[data-testid=wrap-up]"));
            Assert.Equal("false", Assert.Single(console.FindAll("[data-testid=followup]")).GetAttribute("data-due"));
        });

        Clock.Advance(TimeSpan.FromHours(3));

        console.WaitForAssertion(() =>
        {
            Assert.Equal("true", console.Find("[data-testid=followup]").GetAttribute("data-due"));
            Assert.Contains("1 due", console.Find("[data-testid=followups-due]").TextContent, StringComparison.Ordinal);
        });
        await using var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        var wrapUp = await db.WrapUps.SingleAsync(w => w.ConversationId == c.Id);
        Assert.Equal(Outcome.FollowUpNeeded, wrapUp.Outcome);
        Assert.Equal("Check the replacement arrived", wrapUp.FollowUpNote);
    }

    [Fact]
    public async Task AnOlderViewArrivingLate_DoesNotReopenAnEndedConversation()
    {
        var c = await StartAsync();
        var console = RenderConsole();
        var readBeforeTheEnd = (await Conversations.GetAsync(c.Id)).Conversation;
        var ended = await Conversations.EndAsync(c.Id);
        console.WaitForAssertion(() => Assert.NotNull(console.Find("[data-testid=wrap-up]")));
        Assert.True(ended.Revision > readBeforeTheEnd.Revision);

        // Views relayed from other instances, or read while an update was on the way, can come late.
        var renders = console.RenderCount;
        Services.GetRequiredService<ConversationEventBus>().Publish(new ConversationUpdate(UpdateKind.StageChanged, readBeforeTheEnd, null, [], false));

        console.WaitForAssertion(() =>
        {
            Assert.True(console.RenderCount > renders);
            Assert.NotNull(console.Find("[data-testid=wrap-up]"));
            Assert.Empty(console.FindAll("[data-testid=end]"));
        });
    }

    [Fact]
    public async Task WrapUp_AfterAbuse_OffersABreak()
    {
        var c = await StartAsync();
        await SayAsync(c.Id, Speaker.Customer, "You're useless, you idiot");
        await Conversations.EndAsync(c.Id);
        var console = RenderConsole();
        console.WaitForAssertion(() => Assert.NotNull(console.Find("[data-testid=wrap-up]")));

        await console.ClickAsync("[data-testid=wrap-up-submit]");

        console.WaitForAssertion(() => Assert.Contains("your lead has been told", console.Find("[data-testid=break-offer]").TextContent, StringComparison.Ordinal));
        await using var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        Assert.Equal(Outcome.EndedForAbuse, (await db.WrapUps.SingleAsync(w => w.ConversationId == c.Id)).Outcome);
    }

    [Fact]
    public async Task HeatStripAndStagePath_SayWhatTheyShow_AndEveryStageColourIsInTheLegend()
    {
        var c = await StartAsync();
        await SayAsync(c.Id, Speaker.Customer, "My blender broke after two days.");
        await SayAsync(c.Id, Speaker.Customer, "This is RIDICULOUS, I'm furious!!!");
        var console = RenderConsole();

        console.WaitForAssertion(() =>
        {
            Assert.Equal("2", console.Find("[data-testid=heat-trend]").GetAttribute("data-points"));
            var label = console.Find("[data-testid=heat-trend-label]").TextContent;
            Assert.Contains("Heat, last 2 messages", label, StringComparison.Ordinal);
            Assert.Contains("hot ≥60% · warm ≥30% · calm", label, StringComparison.Ordinal);
        });

        var legend = console.FindAll("[data-testid=stage-legend-item]");
        Assert.Equal(
            ["listen, acknowledge", "boundary", "escalate", "close", "other"],
            legend.Select(i => i.TextContent.Trim()));
        // Each colour a live stage can show has its words, once.
        var colours = legend.Select(i => i.QuerySelector("svg")!.ClassList.First(k => k.EndsWith("-text", StringComparison.Ordinal))).ToList();
        Assert.Equal(colours.Count, colours.Distinct().Count());
        foreach (var stage in Enum.GetValues<Stage>().Where(s => s != Stage.Ended))
        {
            Assert.Contains($"mud-{CoachConsole.Web.Components.Shared.Display.Colour(stage).ToString().ToLowerInvariant()}-text", colours);
        }
    }
}
