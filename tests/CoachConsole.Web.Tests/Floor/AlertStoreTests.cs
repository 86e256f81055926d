using System.Security.Claims;
using CoachConsole.Core.Conversations;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Floor;
using CoachConsole.Web.Realtime;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoachConsole.Web.Tests.Floor;

/// <summary>The alert rules store and the store of the live conversations' alerts, on the real database and event bus.</summary>
public sealed class AlertStoreTests : ComponentTestContext
{
    private static readonly ClaimsPrincipal Admin = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));
    private static readonly HashSet<string> Team = [DatabaseSetup.DemoTeamId];

    private ConversationService Conversations => Services.GetRequiredService<ConversationService>();

    private AlertFeed Feed => Services.GetRequiredService<AlertFeed>();

    [Theory]
    [InlineData("heatRisingTurns", -1, false)]
    [InlineData("heatRisingTurns", 0, true)]
    [InlineData("heatRisingTurns", 1, false)]
    [InlineData("heatRisingTurns", 2, true)]
    [InlineData("heatRisingTurns", 20, true)]
    [InlineData("heatRisingTurns", 21, false)]
    [InlineData("stuckMinutes", -1, false)]
    [InlineData("stuckMinutes", 0, true)]
    [InlineData("stuckMinutes", 1, true)]
    [InlineData("stuckMinutes", 240, true)]
    [InlineData("stuckMinutes", 241, false)]
    [InlineData("silenceSeconds", -1, false)]
    [InlineData("silenceSeconds", 0, true)]
    [InlineData("silenceSeconds", 9, false)]
    [InlineData("silenceSeconds", 10, true)]
    [InlineData("silenceSeconds", 3600, true)]
    [InlineData("silenceSeconds", 3601, false)]
    public async Task EachRuleLimit_IsCheckedAgainstExactlyTheRangeItsMessageStates(string field, int value, bool accepted)
    {
        var store = Services.GetRequiredService<AlertRulesStore>();
        var announced = new List<string>();
        using var subscription = store.SubscribeToChanges(announced.Add);
        var before = (await store.ForTeamAsync(DatabaseSetup.DemoTeamId)).Copy();
        var rules = before.Copy();
        rules.Abuse = !before.Abuse;
        Set(rules, field, value);

        if (accepted)
        {
            await store.SaveAsync(rules, Admin);
            var saved = await StoredRulesAsync();
            Assert.NotNull(saved);
            Assert.Equal(value, Get(saved, field));
            Assert.Equal(value, Get(await store.ForTeamAsync(DatabaseSetup.DemoTeamId), field));
            Assert.Equal([DatabaseSetup.DemoTeamId], announced);
            return;
        }

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => store.SaveAsync(rules, Admin));

        Assert.Equal(field, refused.Field);
        var (min, max) = field switch
        {
            "heatRisingTurns" => (2, 20),
            "stuckMinutes" => (1, 240),
            _ => (10, 3600),
        };
        Assert.Contains($"{min} to {max}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("0 to turn the rule off", refused.Message, StringComparison.Ordinal);
        var stored = await StoredRulesAsync();
        Assert.True(stored is null || (stored.Abuse == before.Abuse && Get(stored, field) == Get(before, field)), "the refused rules were saved");
        var cached = await store.ForTeamAsync(DatabaseSetup.DemoTeamId);
        Assert.Equal(before.Abuse, cached.Abuse);
        Assert.Equal(Get(before, field), Get(cached, field));
        Assert.Empty(announced);
    }

    [Fact]
    public async Task AnEndedConversationsAlerts_LeaveTheStore_SoMemoryFollowsOnlyTheLiveConversations()
    {
        var raiser = Services.GetRequiredService<AlertService>();
        var trends = Services.GetRequiredService<HeatTrends>();
        await raiser.StartAsync(CancellationToken.None);
        var started = new List<ConversationView>();
        for (var i = 0; i < 6; i++)
        {
            var c = await Conversations.StartAsync(new StartConversation(Channel.Chat, $"Customer {i}", "a refund", "ana", null, null));
            await Conversations.AddTurnAsync(c.Id, new AddTurn(Speaker.Customer, "I want to speak to your manager right now", null, null, null));
            started.Add(c);
        }

        await Eventually.HoldsAsync("an open alert on each conversation", async () => (await Feed.ForTeamsAsync(Team, acknowledged: 0)).Count == 6);
        foreach (var c in started.Skip(1))
        {
            await Conversations.EndAsync(c.Id);
        }

        await Eventually.HoldsAsync("the ended conversations to leave the store and the trends", async () =>
            (await Feed.ForTeamsAsync(Team, acknowledged: 0)).Count == 1 && Feed.ConversationsHeld == 1 && trends.Count == 1);
        var open = Assert.Single(await Feed.ForTeamsAsync(Team));
        Assert.Equal(started[0].Id, open.ConversationId);
        Assert.True(open.IsOpen);
        Assert.Equal(6, await AlertCountAsync(_ => true));

        // Read again from the database, as after a restart: only the live conversation's alerts come back.
        using var again = new AlertFeed(Services.GetRequiredService<ConversationEventBus>(), Services.GetRequiredService<IDbContextFactory<CoachDbContext>>(), Clock, NullLogger<AlertFeed>.Instance);
        Assert.Equal(open.Id, Assert.Single(await again.ForTeamsAsync(Team, acknowledged: 0)).Id);
        Assert.Equal(1, again.ConversationsHeld);

        // An alert raised late for a conversation that has ended is neither stored nor announced.
        var announced = new List<AlertView>();
        using var subscription = Feed.Subscribe(announced.Add);
        var ended = (await Conversations.GetAsync(started[1].Id)).Conversation;
        await Feed.RaiseAsync(new AlertCandidate(ended, AlertKind.Stuck, "stuck:late", "late"), CancellationToken.None);
        Assert.Empty(announced);
        Assert.Equal(0, await AlertCountAsync(a => a.Cause == "stuck:late"));
        Assert.Equal(1, Feed.ConversationsHeld);

        await raiser.StopAsync(CancellationToken.None);
    }

    private CoachDbContext Db() => Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContext();

    private async Task<int> AlertCountAsync(System.Linq.Expressions.Expression<Func<Alert, bool>> which)
    {
        await using var db = Db();
        return await db.Alerts.CountAsync(which);
    }

    private async Task<TeamAlertRules?> StoredRulesAsync()
    {
        await using var db = Db();
        return await db.AlertRules.AsNoTracking().FirstOrDefaultAsync(r => r.TeamId == DatabaseSetup.DemoTeamId);
    }

    private static void Set(TeamAlertRules rules, string field, int value)
    {
        switch (field)
        {
            case "heatRisingTurns": rules.HeatRisingTurns = value; break;
            case "stuckMinutes": rules.StuckMinutes = value; break;
            default: rules.SilenceSeconds = value; break;
        }
    }

    private static int Get(TeamAlertRules rules, string field) => field switch
    {
        "heatRisingTurns" => rules.HeatRisingTurns,
        "stuckMinutes" => rules.StuckMinutes,
        _ => rules.SilenceSeconds,
    };
}
