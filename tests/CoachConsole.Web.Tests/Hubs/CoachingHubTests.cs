using System.Text.Json;
using System.Threading.Channels;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CoachConsole.Web.Tests.Hubs;

public sealed class CoachingHubTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    private static readonly TimeSpan Wait = Eventually.Timeout;

    [Fact]
    public async Task Subscriber_ReceivesTurnStageAndSuggestionEventsInOrder()
    {
        using var client = factory.CreateConnectorClient();
        var id = await client.StartConversationAsync();
        await using var hub = Connect(CoachFactory.DemoKey);
        var received = Channel.CreateUnbounded<(string Name, JsonElement Payload)>();
        foreach (var name in new[] { "TurnAdded", "StageChanged", "SuggestionsUpdated" })
        {
            hub.On<JsonElement>(name, payload => received.Writer.TryWrite((name, payload)));
        }

        await hub.StartAsync();
        var state = await hub.InvokeAsync<JsonElement>("SubscribeToConversation", id);
        Assert.Equal("opening", state.GetProperty("stage").GetString());

        (await client.AddTurnAsync(id, "customer", "I'm furious, this is the WORST service ever!!!")).EnsureSuccessStatusCode();

        var turn = await NextAsync(received);
        Assert.Equal("TurnAdded", turn.Name);
        Assert.Equal("customer", turn.Payload.GetProperty("turn").GetProperty("speaker").GetString());
        var stage = await NextAsync(received);
        Assert.Equal("StageChanged", stage.Name);
        Assert.Equal(("opening", "listening"), (stage.Payload.GetProperty("from").GetString(), stage.Payload.GetProperty("to").GetString()));
        var cards = await NextAsync(received);
        Assert.Equal("SuggestionsUpdated", cards.Name);
        Assert.Equal("listening", cards.Payload.GetProperty("stage").GetString());
        // An angry first turn: acknowledge the feeling first, apologise, and show you are listening.
        var moves = cards.Payload.GetProperty("suggestions").EnumerateArray().Select(s => s.GetProperty("category").GetString()!).ToList();
        Assert.Equal(["Empathy", "Apology", "ListeningCue"], moves, StringComparer.OrdinalIgnoreCase);

        // One stored change: the events of it carry one revision, newer than the state read at subscription.
        var revisions = new[] { turn, stage, cards }.Select(e => e.Payload.GetProperty("revision").GetInt32()).Distinct().ToList();
        Assert.True(Assert.Single(revisions) > state.GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task Subscribe_ToAnotherTeamsConversation_IsRefused()
    {
        using var client = factory.CreateConnectorClient();
        var id = await client.StartConversationAsync();
        await using var hub = Connect(CoachFactory.OtherTeamKey);
        await hub.StartAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("SubscribeToConversation", id));
        Assert.Contains("outside your reach", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SubscribeToTeam", "care-1"));
    }

    [Fact]
    public async Task Connect_WithoutKey_IsRejected()
    {
        await using var hub = Connect(key: null);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }

    private HubConnection Connect(string? key) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, "hubs/coaching"), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                if (key is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(key);
                }
            })
            .Build();

    private static async Task<(string Name, JsonElement Payload)> NextAsync(Channel<(string, JsonElement)> channel)
    {
        using var timeout = new CancellationTokenSource(Wait);
        return await channel.Reader.ReadAsync(timeout.Token);
    }
}
