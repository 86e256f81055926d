using System.Text.Json;
using System.Text.Json.Serialization;
using CoachConsole.Core.Conversations;
using CoachConsole.Web.Tests.Infrastructure;
using StackExchange.Redis;

namespace CoachConsole.Web.Tests.ScaleOut;

/// <summary>
/// The relay's stream under a burst: what queues while an entry is on its way goes out together,
/// and every message still reaches the other instance once and in order; an entry of one message
/// (as instances wrote them before) is read too, and an entry appended twice is delivered once.
/// </summary>
public sealed class RelayEntryTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task TurnsQueuedWhileRedisIsAway_ReachTheOtherInstanceOnceAndInOrder_InFewerEntriesThanMessages()
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        using var apiA = cluster.A.CreateConnectorClient();
        var id = await apiA.StartConversationAsync();
        using var onB = new BusRecorder(cluster.B.Bus, id);
        await Eventually.HoldsAsync("the start on B's bus", () => onB.Updates.Count > 0);

        await cluster.Redis.StopAsync();
        var texts = Enumerable.Range(1, 24).Select(i => $"Message {i}: still waiting on the parcel").ToList();
        foreach (var text in texts)
        {
            (await apiA.AddTurnAsync(id, "customer", text)).EnsureSuccessStatusCode();
        }

        Assert.True(cluster.A.Relay.Pending >= texts.Count, $"{cluster.A.Relay.Pending} messages wait at A.");
        await cluster.Redis.StartAgainAsync();
        await using var again = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.Configuration);
        await Eventually.HoldsAsync("every queued turn on B's bus", () => onB.Turns.Count >= texts.Count);

        Assert.Equal(texts, onB.Turns);
        // Redis started again empty (nothing is saved to disk): the stream holds what was sent since.
        var entries = await again.GetDatabase().StreamLengthAsync("coach:relay");
        Assert.InRange(entries, 1, texts.Count - 1);
    }

    [Fact]
    public async Task AnEntryOfOneMessage_IsRead_AndAnEntryAppendedTwice_IsDeliveredOnce_WhileOneOfSeveralIsDeliveredInOrder()
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        using var apiA = cluster.A.CreateConnectorClient();
        var id = await apiA.StartConversationAsync();
        using var onA = new BusRecorder(cluster.A.Bus, id);
        (await apiA.AddTurnAsync(id, "customer", "The invoice is wrong.")).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync("the turn on A's bus", () => onA.Turns.Count == 1);
        var update = onA.Updates.Last(u => u.Turn is not null);
        using var onB = new BusRecorder(cluster.B.Bus, id);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.Configuration);
        var stream = redis.GetDatabase();

        // As another instance writes them: its id, the sequence number of its last message, then kind and payload for each.
        NameValueEntry[] Entry(long sequence, params string[] texts) =>
        [
            new("instance", "elsewhere"),
            new("seq", sequence),
            .. texts.SelectMany(text => new NameValueEntry[]
            {
                new("kind", "update"),
                new("payload", JsonSerializer.SerializeToUtf8Bytes(update with { Turn = Saying(update.Turn!, text) }, Json)),
            }),
        ];

        await stream.StreamAddAsync("coach:relay", Entry(1, "one alone"));
        await stream.StreamAddAsync("coach:relay", Entry(1, "one alone"));
        await stream.StreamAddAsync("coach:relay", Entry(3, "two", "three"));
        await Eventually.HoldsAsync("the entries on B's bus", () => onB.Turns.Contains("three"));

        Assert.Equal(["one alone", "two", "three"], onB.Turns.Where(t => t != "The invoice is wrong.").ToList());
        Assert.All(onB.Updates, u => Assert.True(u.Remote));
    }

    private static Turn Saying(Turn turn, string text) => new()
    {
        Id = Guid.NewGuid(),
        ConversationId = turn.ConversationId,
        Sequence = turn.Sequence,
        Speaker = turn.Speaker,
        Text = text,
        At = turn.At,
        StageAfter = turn.StageAfter,
    };
}
