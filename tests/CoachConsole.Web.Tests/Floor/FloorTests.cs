using System.Security.Claims;
using Bunit;
using CoachConsole.Core.Conversations;
using FloorPage = CoachConsole.Web.Components.Pages.Lead.Floor;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Floor;
using CoachConsole.Web.Realtime;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Floor;

public sealed class FloorTests : ComponentTestContext
{
    public FloorTests()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("leo");
        auth.SetRoles(Roles.TeamLead);
        auth.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, "leo"),
            new Claim(CoachConsole.Web.Auth.CoachClaims.DisplayName, "Leo Park"),
            new Claim(CoachConsole.Web.Auth.CoachClaims.Leads, DatabaseSetup.DemoTeamId));
    }

    private ConversationService Conversations => Services.GetRequiredService<ConversationService>();

    /// <summary>Moves the floor's render clock until the assertion holds (alerts arrive from a background queue).</summary>
    private Task RenderUntilAsync(Action assertion) =>
        Eventually.PassesAsync("the floor, rendered as its clock moves, to show what the test expects", () =>
        {
            Clock.Advance(FloorPage.RenderInterval);
            assertion();
        });

    [Fact]
    public async Task ManyConversations_RenderInThrottledBatches_TroubleOnTop()
    {
        RenderProviders();
        var floor = Render<FloorPage>();
        floor.WaitForAssertion(() => floor.Find("[data-testid=floor-empty]"));
        // Counted on the renderer's own thread, after the render that showed the empty floor has finished.
        var rendersBefore = await floor.InvokeAsync(() => floor.Instance.RenderCount);

        var started = new List<ConversationView>();
        for (var i = 0; i < 150; i++)
        {
            started.Add(await Conversations.StartAsync(new StartConversation(i % 3 == 0 ? Channel.Voice : Channel.Chat, $"Customer {i:000}", "an order", i % 2 == 0 ? "ana" : "ben", null, null)));
        }

        await Conversations.AddTurnAsync(started[77].Id, new AddTurn(Speaker.Customer, "You're useless, you idiot", null, null, null));
        // The bus handed every update to the floor before the calls returned; the floor takes them in on the
        // renderer's thread, in order, so this count comes after all of them: none has rendered yet.
        Assert.Equal(rendersBefore, await floor.InvokeAsync(() => floor.Instance.RenderCount));

        Clock.Advance(FloorPage.RenderInterval);

        floor.WaitForAssertion(() => Assert.Equal(150, floor.FindAll("[data-testid=tile]").Count));
        Assert.InRange(floor.Instance.RenderCount - rendersBefore, 1, 2);
        var top = floor.FindAll("[data-testid=tile]")[0];
        Assert.Equal("Customer 077", top.GetAttribute("data-customer"));
        Assert.Equal("red", top.GetAttribute("data-level"));
    }

    [Fact]
    public async Task DrillIn_KeepsTheNewestState_AndEachTurnOnce_WhenAnOlderUpdateArrivesLate()
    {
        var c = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a refund", "ana", null, null));
        var bus = Services.GetRequiredService<ConversationEventBus>();
        ConversationUpdate? first = null;
        using (bus.SubscribeConversation(c.Id, u => first ??= u.Turn is null ? null : u))
        {
            await Conversations.AddTurnAsync(c.Id, new AddTurn(Speaker.Customer, "Where is my refund?", null, null, null));
        }

        RenderProviders();
        var drill = Render<CoachConsole.Web.Components.Pages.Lead.DrillIn>(p => p.Add(d => d.ConversationId, c.Id));
        drill.WaitForAssertion(() => Assert.Single(drill.FindAll("[data-testid=turn]")));

        await Conversations.AddTurnAsync(c.Id, new AddTurn(Speaker.Customer, "You're useless, you idiot", null, null, null));
        drill.WaitForAssertion(() => Assert.Equal("Boundary setting", drill.Find("[data-testid=drill-stage]").TextContent.Trim()));

        // The first turn's update relayed again, late, as from another instance.
        var renders = drill.RenderCount;
        bus.Publish(first! with { Remote = true });

        drill.WaitForAssertion(() =>
        {
            Assert.True(drill.RenderCount > renders);
            Assert.Equal("Boundary setting", drill.Find("[data-testid=drill-stage]").TextContent.Trim());
            Assert.Equal(["Where is my refund?", "You're useless, you idiot"], drill.FindAll("[data-testid=turn]").Select(t => t.QuerySelector(".bubble-text")!.TextContent.Trim()));
        });
    }

    [Fact]
    public async Task AQuietConversation_IsFlaggedByTheTimedSweep_OncePastTheTeamsSilenceLimit()
    {
        var raiser = Services.GetRequiredService<AlertService>();
        var alerts = Services.GetRequiredService<AlertFeed>();
        await raiser.StartAsync(CancellationToken.None);
        var team = new HashSet<string> { DatabaseSetup.DemoTeamId };
        var c = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a refund", "ana", null, null));
        await Conversations.AddTurnAsync(c.Id, new AddTurn(Speaker.Customer, "Hello, I am waiting for a refund.", null, null, null));

        // The alert queue works in order: once an alert raised by a later update shows, the work queued before it is done.
        async Task WitnessAsync(string customer)
        {
            var witness = await Conversations.StartAsync(new StartConversation(Channel.Chat, customer, "a manager", "ben", null, null));
            await Conversations.AddTurnAsync(witness.Id, new AddTurn(Speaker.Customer, "I want to speak to your manager right now", null, null, null));
            await Eventually.HoldsAsync($"the alert on {customer}'s conversation", async () => (await alerts.ForTeamsAsync(team)).Any(a => a.ConversationId == witness.Id));
        }

        // The sweep's clock is set once the queue runs.
        await WitnessAsync("Ann Witness");

        // A minute of quiet is within the default limit of two: the sweeps it brings pass over the conversation.
        Clock.Advance(TimeSpan.FromSeconds(60));
        await WitnessAsync("Bo Witness");
        Assert.DoesNotContain(await alerts.ForTeamsAsync(team), a => a.ConversationId == c.Id && a.Kind == AlertKind.LongSilence);

        IReadOnlyList<AlertView> raised = [];
        await Eventually.HoldsAsync("the timed sweep to flag the quiet conversation", async () =>
        {
            Clock.Advance(AlertService.SweepInterval);
            raised = await alerts.ForTeamsAsync(team);
            return raised.Any(a => a.ConversationId == c.Id && a.Kind == AlertKind.LongSilence);
        });

        var silence = Assert.Single(raised, a => a.ConversationId == c.Id && a.Kind == AlertKind.LongSilence);
        Assert.StartsWith("No message for ", silence.Detail, StringComparison.Ordinal);
        await raiser.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AlertAcknowledgedByOneLead_ShowsAcknowledgedOnEveryFloor()
    {
        var alerts = Services.GetRequiredService<AlertService>();
        await alerts.StartAsync(CancellationToken.None);
        RenderProviders();
        var first = Render<FloorPage>();
        var second = Render<FloorPage>();
        var c = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a refund", "ana", null, null));

        await Conversations.AddTurnAsync(c.Id, new AddTurn(Speaker.Customer, "I want to speak to your manager right now", null, null, null));
        await RenderUntilAsync(() => Assert.Equal("true", first.Find("[data-testid=alert]").GetAttribute("data-open")));
        await RenderUntilAsync(() => Assert.Single(second.FindAll("[data-testid=alert]")));

        await first.ClickAsync("[data-testid=acknowledge]");

        await RenderUntilAsync(() =>
        {
            Assert.Equal("false", second.Find("[data-testid=alert]").GetAttribute("data-open"));
            Assert.Contains("Acknowledged by Leo Park", second.Find("[data-testid=acknowledged-by]").TextContent, StringComparison.Ordinal);
        });
        await alerts.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task RosterRaisedHands_AgreeWithTheOpenRaisedHandAlertsOnTheFloor()
    {
        var alerts = Services.GetRequiredService<AlertService>();
        await alerts.StartAsync(CancellationToken.None);
        RenderProviders();
        var floor = Render<FloorPage>();
        floor.WaitForAssertion(() => floor.Find("[data-testid=no-alerts]"));
        await floor.InvokeAsync(() => floor.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Roster", StringComparison.Ordinal)).Click());
        floor.WaitForAssertion(() => Assert.Equal("0", floor.Find("[data-testid=raised-hands][data-agent=ana]").TextContent.Trim()));
        var c = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a refund", "ana", null, null));

        await Conversations.EscalateAsync(c.Id, "needs a refund approval");

        await RenderUntilAsync(() =>
        {
            var alert = Assert.Single(floor.FindAll("[data-testid=alert]"));
            Assert.Equal("true", alert.GetAttribute("data-open"));
            Assert.Contains("Ana Ruiz raised a hand with Maria Lopez", alert.TextContent, StringComparison.Ordinal);
            Assert.Equal("1", floor.Find("[data-testid=raised-hands][data-agent=ana]").TextContent.Trim());
        });

        await floor.ClickAsync("[data-testid=acknowledge]");

        await RenderUntilAsync(() =>
        {
            Assert.Equal("false", floor.Find("[data-testid=alert]").GetAttribute("data-open"));
            Assert.Equal("0", floor.Find("[data-testid=raised-hands][data-agent=ana]").TextContent.Trim());
        });
        await alerts.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ACustomerAtSixtyEightPercentAndRising_IsNotACalmTile()
    {
        var alerts = Services.GetRequiredService<AlertService>();
        await alerts.StartAsync(CancellationToken.None);
        RenderProviders();
        var floor = Render<FloorPage>();
        floor.WaitForAssertion(() => floor.Find("[data-testid=floor-empty]"));
        var c = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a bill", "ana", null, null));
        await Conversations.AddTurnAsync(c.Id, new AddTurn(Speaker.Customer, "Hi, I need help with a bill.", null, null, null));
        await RenderUntilAsync(() => Assert.Equal("calm", floor.Find("[data-testid=tile]").GetAttribute("data-level")));

        var warmer = await Conversations.AddTurnAsync(c.Id, new AddTurn(Speaker.Customer, "I was overcharged again, this is frustrating.", null, null, null));

        Assert.InRange(warmer.Conversation.Heat, 0.6, 0.75);
        Assert.NotEqual(CoachConsole.Core.Signals.Mood.Angry, warmer.Conversation.Mood);
        await RenderUntilAsync(() =>
        {
            var tile = floor.Find("[data-testid=tile]");
            Assert.Contains("68%", tile.TextContent, StringComparison.Ordinal);
            Assert.Equal("amber", tile.GetAttribute("data-level"));
        });
        await alerts.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AlertRulesTab_RefusesARisingHeatOfOneTurn_SayingTheRange_AndSavesNothing()
    {
        RenderProviders();
        var snackbar = Render<MudBlazor.MudSnackbarProvider>();
        var floor = Render<FloorPage>();
        floor.WaitForAssertion(() => floor.Find("[data-testid=floor-empty]"));
        await floor.InvokeAsync(() => floor.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Alert rules", StringComparison.Ordinal)).Click());
        floor.WaitForAssertion(() => floor.Find("input[data-testid=rule-heat-rising], [data-testid=rule-heat-rising] input"));

        await floor.InvokeAsync(() => floor.Find("input[data-testid=rule-heat-rising], [data-testid=rule-heat-rising] input").Change("1"));
        await floor.ClickAsync("[data-testid=rules-save]");

        snackbar.WaitForAssertion(() => Assert.Contains("Rising heat is 2 to 20 customer turns", snackbar.Markup, StringComparison.Ordinal));
        await using var db = await Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        var stored = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(db.AlertRules, r => r.TeamId == DatabaseSetup.DemoTeamId);
        Assert.True(stored is null || stored.HeatRisingTurns == new TeamAlertRules { TeamId = DatabaseSetup.DemoTeamId }.HeatRisingTurns, "the refused rules were saved");
        Assert.Equal(3, (await Services.GetRequiredService<AlertRulesStore>().ForTeamAsync(DatabaseSetup.DemoTeamId)).HeatRisingTurns);
    }
}
