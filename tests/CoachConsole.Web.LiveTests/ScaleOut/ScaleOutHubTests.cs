using System.Text.Json;
using CoachConsole.Web.Data;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace CoachConsole.Web.Tests.ScaleOut;

/// <summary>Hub clients of two real instances through a Redis outage: every turn reaches them, in order, once.</summary>
public sealed class ScaleOutHubTests
{
    [Fact]
    public async Task RedisOutage_HubClientsOfTheOtherInstance_GetTheTurnsTakenMeanwhile_InOrderOnce_AndTheirOwnInstancesTurnsAtOnce()
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        using var apiA = cluster.A.CreateConnectorClient();
        using var apiB = cluster.B.CreateConnectorClient();
        using var readyA = new HttpClient { BaseAddress = cluster.A.ServerAddress };
        using var readyB = new HttpClient { BaseAddress = cluster.B.ServerAddress };
        var first = await apiA.StartConversationAsync(customer: "First");
        var second = await apiA.StartConversationAsync(customer: "Second");
        var third = await apiB.StartConversationAsync(customer: "Third");
        await using var hubB = await HubRecorder.ConnectAsync(cluster.B.ServerAddress);
        await hubB.Connection.InvokeAsync("SubscribeToTeam", DatabaseSetup.DemoTeamId);
        await using var hubA = await HubRecorder.ConnectAsync(cluster.A.ServerAddress);
        await hubA.Connection.InvokeAsync<JsonElement>("SubscribeToConversation", third);

        (await apiA.AddTurnAsync(first, "customer", "first 1")).EnsureSuccessStatusCode();
        (await apiB.AddTurnAsync(third, "customer", "third 1")).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync("A's turn at B's hub client", () => hubB.Texts(first).Contains("first 1"));
        await Eventually.HoldsAsync("B's turn at A's hub client", () => hubA.Texts(third).Contains("third 1"));

        await cluster.Redis.StopAsync();
        await Eventually.HoldsAsync("A to see Redis gone", async () => await ReadyAsync(readyA) == "Degraded");
        await Eventually.HoldsAsync("B to see Redis gone", async () => await ReadyAsync(readyB) == "Degraded");

        string[] takenAtA = ["first 2", "second 1", "first 3", "second 2", "first 4"];
        foreach (var text in takenAtA)
        {
            (await apiA.AddTurnAsync(text.StartsWith("first", StringComparison.Ordinal) ? first : second, text.EndsWith('2') ? "agent" : "customer", text)).EnsureSuccessStatusCode();
        }

        (await apiB.AddTurnAsync(third, "agent", "third 2")).EnsureSuccessStatusCode();

        // Without Redis each instance's hub clients still get that instance's own turns.
        await Eventually.HoldsAsync("B's turn at B's hub client while Redis is away", () => hubB.Texts(third).Contains("third 2"));
        Assert.Equal(["first 1"], hubB.Texts(first));
        Assert.Empty(hubB.Texts(second));
        Assert.Equal(["third 1"], hubA.Texts(third));

        await cluster.Redis.StartAgainAsync();
        await Eventually.HoldsAsync("A's turns taken during the outage at B's hub client", () => hubB.Texts(first).Count >= 4 && hubB.Texts(second).Count >= 2);
        await Eventually.HoldsAsync("B's turn taken during the outage at A's hub client", () => hubA.Texts(third).Count >= 2);

        // A turn behind the caught-up ones on each side: once it has arrived, a duplicate would have too.
        (await apiA.AddTurnAsync(first, "agent", "first 5")).EnsureSuccessStatusCode();
        (await apiB.AddTurnAsync(third, "customer", "third 3")).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync("a turn after the outage at B's hub client", () => hubB.Texts(first).Contains("first 5"));
        await Eventually.HoldsAsync("a turn after the outage at A's hub client", () => hubA.Texts(third).Contains("third 3"));

        Assert.Equal(["first 1", "first 2", "first 3", "first 4", "first 5"], hubB.Texts(first));
        Assert.Equal(["second 1", "second 2"], hubB.Texts(second));
        Assert.Equal(["third 1", "third 2", "third 3"], hubB.Texts(third));
        Assert.Equal(["third 1", "third 2", "third 3"], hubA.Texts(third));
        foreach (var id in new[] { first, second, third })
        {
            var revisions = hubB.Revisions(id);
            Assert.Equal(revisions.Order(), revisions);
            Assert.Equal(revisions.Distinct().Count(), revisions.Count);
        }

        Assert.Equal(hubB.Revisions(third), hubA.Revisions(third));
    }

    private static async Task<string> ReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A connector's hub client that keeps the <c>TurnAdded</c> events it receives, in the order they came.</summary>
    private sealed class HubRecorder : IAsyncDisposable
    {
        private readonly Lock _gate = new();
        private readonly List<(Guid Conversation, int Revision, string Text)> _turns = [];

        private HubRecorder(HubConnection connection)
        {
            Connection = connection;
            connection.On<JsonElement>("TurnAdded", payload =>
            {
                lock (_gate)
                {
                    _turns.Add((payload.GetProperty("conversationId").GetGuid(), payload.GetProperty("revision").GetInt32(), payload.GetProperty("turn").GetProperty("text").GetString()!));
                }
            });
        }

        public HubConnection Connection { get; }

        public static async Task<HubRecorder> ConnectAsync(Uri server)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(server, "hubs/coaching"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(CoachFactory.DemoKey))
                .Build();
            var recorder = new HubRecorder(connection);
            await connection.StartAsync();
            return recorder;
        }

        public IReadOnlyList<string> Texts(Guid conversation)
        {
            lock (_gate)
            {
                return _turns.Where(t => t.Conversation == conversation).Select(t => t.Text).ToList();
            }
        }

        public IReadOnlyList<int> Revisions(Guid conversation)
        {
            lock (_gate)
            {
                return _turns.Where(t => t.Conversation == conversation).Select(t => t.Revision).ToList();
            }
        }

        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }
}
