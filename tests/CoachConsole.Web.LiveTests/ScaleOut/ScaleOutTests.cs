using System.Diagnostics.Metrics;
using System.Text.Json;
using CoachConsole.Core.Conversations;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Operations;
using CoachConsole.Web.Realtime;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CoachConsole.Web.Tests.ScaleOut;

/// <summary>Two real instances and a real Redis: what one instance ingests, the other shows.</summary>
public sealed class ScaleOutTests
{
    private const string Furious = "I'm furious, this is the WORST service ever!!!";
    private const string Sorry = "I'm so sorry, that must be really frustrating.";
    private const string Third = "It's the third time I'm calling about this.";

    [Fact]
    public async Task TurnOnOneInstance_ReachesHubClientsAndConsolesOfTheOther_ExactlyOnce()
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        using var apiA = cluster.A.CreateConnectorClient();
        var id = await apiA.StartConversationAsync();
        using var onA = new BusRecorder(cluster.A.Bus, id);
        using var onB = new BusRecorder(cluster.B.Bus, id);
        var hubTurns = new List<string>();
        await using var hubB = new HubConnectionBuilder()
            .WithUrl(new Uri(cluster.B.ServerAddress, "hubs/coaching"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(CoachFactory.DemoKey))
            .Build();
        hubB.On<JsonElement>("TurnAdded", payload =>
        {
            if (payload.GetProperty("conversationId").GetGuid() == id)
            {
                lock (hubTurns)
                {
                    hubTurns.Add(payload.GetProperty("turn").GetProperty("text").GetString()!);
                }
            }
        });
        await hubB.StartAsync();
        await hubB.InvokeAsync<JsonElement>("SubscribeToConversation", id);

        (await apiA.AddTurnAsync(id, "customer", Furious)).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync("the turn at B's hub client", () => HubTurns().Contains(Furious));
        await Eventually.HoldsAsync("the turn on B's bus", () => onB.Turns.Contains(Furious));

        // A second turn behind the first: once it has arrived, a duplicate of the first would have too.
        (await apiA.AddTurnAsync(id, "agent", Sorry)).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync("the second turn at B's hub client", () => HubTurns().Contains(Sorry));
        await Eventually.HoldsAsync("the second turn on B's bus", () => onB.Turns.Contains(Sorry));

        Assert.Equal([Furious, Sorry], HubTurns());
        Assert.Equal([Furious, Sorry], onB.Turns);
        Assert.All(onB.Updates, u => Assert.True(u.Remote));
        Assert.Equal([Furious, Sorry], onA.Turns);
        Assert.All(onA.Updates, u => Assert.False(u.Remote));
        var relayed = onB.Updates.First(u => u.Turn?.Text == Furious);
        var local = onA.Updates.First(u => u.Turn?.Text == Furious);
        Assert.Equal(local.Conversation.Stage, relayed.Conversation.Stage);
        Assert.Equal(local.Conversation.Suggestions.Select(s => s.PhraseId), relayed.Conversation.Suggestions.Select(s => s.PhraseId));
        Assert.Equal(local.StageChanges, relayed.StageChanges);
        Assert.Equal(local.Turn!.Signals, relayed.Turn!.Signals);

        List<string> HubTurns()
        {
            lock (hubTurns)
            {
                return [.. hubTurns];
            }
        }
    }

    [Fact]
    public async Task RedisOutage_EachInstanceKeepsServingItsOwn_AndTheOtherCatchesUpInOrderWhenItReturns()
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        using var apiA = cluster.A.CreateConnectorClient();
        using var readyA = new HttpClient { BaseAddress = cluster.A.ServerAddress };
        var id = await apiA.StartConversationAsync();
        using var onA = new BusRecorder(cluster.A.Bus, id);
        using var onB = new BusRecorder(cluster.B.Bus, id);
        (await apiA.AddTurnAsync(id, "customer", Furious)).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync("the first turn on B's bus", () => onB.Turns.Contains(Furious));

        await cluster.Redis.StopAsync();
        await Eventually.HoldsAsync("A's ready health to report degraded", async () => await ReadyAsync(readyA) == "Degraded");

        (await apiA.AddTurnAsync(id, "agent", Sorry)).EnsureSuccessStatusCode();
        (await apiA.AddTurnAsync(id, "customer", Third)).EnsureSuccessStatusCode();
        Assert.Equal([Furious, Sorry, Third], onA.Turns);
        Assert.Equal([Furious], onB.Turns);
        Assert.True(cluster.A.Relay.Pending >= 2, $"{cluster.A.Relay.Pending} messages wait at A.");

        await cluster.Redis.StartAgainAsync();
        await Eventually.HoldsAsync("the missed turns on B's bus", () => onB.Turns.Count >= 3);
        await Eventually.HoldsAsync("A's ready health to recover", async () => await ReadyAsync(readyA) == "Healthy");
        await Eventually.HoldsAsync("A's outbox to empty", () => cluster.A.Relay.Pending == 0);

        const string After = "Fine, what can you do?";
        (await apiA.AddTurnAsync(id, "customer", After)).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync("a turn after the outage on B's bus", () => onB.Turns.Contains(After));
        Assert.Equal([Furious, Sorry, Third, After], onB.Turns);
        // The recorders began after the start (B may have caught it since): compare from the first turn on.
        Assert.Equal(Steps(onA), Steps(onB));

        static IEnumerable<(string Kind, int TurnCount)> Steps(BusRecorder recorder) =>
            recorder.Updates.SkipWhile(u => u.Turn is null).Select(u => (u.Kind.ToString(), u.Conversation.TurnCount));
    }

    [Fact]
    public async Task InstanceStartsWithoutRedis_TakesTurnsForItsConsoles_ReportsDegraded_AndKeepsTheLatestMessages()
    {
        long dropped = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == CoachMetrics.MeterName && instrument.Name == "coach.relay.dropped")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref dropped, value));
        listener.Start();
        var directory = Directory.CreateTempSubdirectory("coachconsole-scaleout-").FullName;
        try
        {
            await using var alone = new ScaleOutInstance(directory, $"127.0.0.1:{LoopbackPort.Free()}");
            using var api = alone.CreateConnectorClient();
            using var ready = new HttpClient { BaseAddress = alone.ServerAddress };
            var id = await api.StartConversationAsync();
            using var consoles = new BusRecorder(alone.Bus, id);

            (await api.AddTurnAsync(id, "customer", Furious)).EnsureSuccessStatusCode();

            Assert.Equal([Furious], consoles.Turns);
            Assert.Equal("Degraded", await ReadyAsync(ready));

            // A long outage: the outbox keeps the latest messages (one more may be in hand) and counts what it drops.
            var partial = consoles.Updates[^1] with { Kind = UpdateKind.Partial, Turn = null, Partial = new PartialView("p-1", Speaker.Customer, "and") };
            for (var i = 0; i < ClusterRelay.OutboxCapacity + 5; i++)
            {
                alone.Bus.Publish(partial);
            }

            Assert.InRange(alone.Relay.Pending, ClusterRelay.OutboxCapacity, ClusterRelay.OutboxCapacity + 1);
            Assert.True(Interlocked.Read(ref dropped) >= 5, $"{Interlocked.Read(ref dropped)} messages counted as dropped.");
        }
        finally
        {
            TestDatabase.Release(TestDatabase.For(directory));
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<string> ReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task TimersOfAConversation_WhoseInstanceStopped_AreFiredByTheOther()
    {
        var pause = TimeSpan.FromSeconds(10);
        var takeOver = TimeSpan.FromSeconds(5);
        // One clock for both instances, moved by the test: A stops while no time passes, so its timer
        // is still ahead of it however slow the machine is. A whole second, as every database keeps it.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var cluster = await ScaleOutCluster.StartAsync(
            new Dictionary<string, string>
            {
                ["Coaching:PauseAfterVenting"] = pause.ToString(),
                ["Coaching:TakeOverTimersAfter"] = takeOver.ToString(),
            },
            clock);
        using var apiA = cluster.A.CreateConnectorClient();
        using var apiB = cluster.B.CreateConnectorClient();
        var id = await apiA.StartConversationAsync(channel: "voice");
        using var onB = new BusRecorder(cluster.B.Bus, id);
        var vented = await (await apiA.AddTurnAsync(id, "customer", Furious)).ReadJsonAsync();
        var ventedAt = vented["turn"]!["at"]!.GetValue<DateTimeOffset>();
        Assert.Equal(clock.GetUtcNow(), ventedAt);
        Assert.Equal("listening", vented["conversation"]!["stage"]!.GetValue<string>());
        await Eventually.HoldsAsync("the turn on B's bus", () => onB.Turns.Contains(Furious));
        var liveOnB = cluster.B.Services.GetRequiredService<LiveConversations>();
        await Eventually.HoldsAsync("B holding A's timer, to fire it only a take-over delay after A's time", () =>
            liveOnB.All.Any(e => e.Conversation.Id == id && e.TimerDue == ventedAt + pause + takeOver));

        // A stops while the caller is silent, before the pause is long enough to move the call on.
        await cluster.A.DisposeAsync();

        // A's time comes and goes: B leaves it to A for the take-over delay.
        clock.Advance(pause);
        Assert.DoesNotContain(id, liveOnB.DueAt(clock.GetUtcNow()));

        clock.Advance(takeOver);
        await Eventually.HoldsAsync("B moving the silent call on", async () =>
            (await apiB.GetConversationAsync(id))["conversation"]!["stage"]!.GetValue<string>() == "acknowledging");
        var move = (await apiB.GetConversationAsync(id))["stagePath"]!.AsArray()[^1]!;
        Assert.Equal(nameof(Trigger.CustomerPaused), move["trigger"]!.GetValue<string>());
        Assert.Equal(ventedAt + pause + takeOver, move["at"]!.GetValue<DateTimeOffset>());
    }
}
