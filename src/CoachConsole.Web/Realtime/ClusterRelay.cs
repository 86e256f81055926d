using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using CoachConsole.Web.Operations;
using StackExchange.Redis;

namespace CoachConsole.Web.Realtime;

/// <summary>
/// Carries the messages features register (<see cref="ClusterMessages"/>: conversation updates,
/// alerts, rule changes, library and cue publications, break suggestions) from this instance to
/// the others and theirs to this one, in order, through a Redis stream; it knows none of them.
/// Every instance appends what happened here and reads what the others appended after the last
/// entry it has seen, so an instance that lost Redis for a while catches up in order when it
/// returns. A pub/sub message wakes the readers at once; a short poll covers a lost wake-up. Appending happens off the per-turn path: local
/// messages wait in a bounded outbox (the oldest dropped beyond <see cref="OutboxCapacity"/>) and
/// go out in order as soon as Redis answers.
/// </summary>
public sealed class ClusterRelay(
    ClusterConnection cluster,
    ClusterMessages messages,
    IServiceProvider services,
    CoachMetrics metrics,
    ILogger<ClusterRelay> logger) : BackgroundService
{
    /// <summary>Local messages kept while Redis is unreachable, and the length the stream is trimmed to.</summary>
    public const int OutboxCapacity = 10_000;

    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private const int ReadBatch = 256;

    /// <summary>Most messages sent in one stream entry.</summary>
    private const int SendBatch = 32;
    private static readonly RedisKey StreamKey = "coach:relay";
    private static readonly RedisChannel WakeChannel = RedisChannel.Literal("relay");

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);
    // Never disposed: a wake-up may still arrive from Redis while the host shuts down.
    private readonly SemaphoreSlim _wake = new(0);
    private readonly List<IDisposable> _subscriptions = [];
    private Channel<Outgoing>? _outbox;
    private RedisValue? _position;
    private long _sequence;
    private int _pending;
    private int _dropping;

    /// <summary>Local messages not yet handed to Redis.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public bool IsConnected => cluster.IsConnected;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _outbox = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(OutboxCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true }, Dropped);
        metrics.ObserveRelayPending(() => Pending);
        _subscriptions.Add(messages.Connect(Enqueue, services));

        var redis = await cluster.ConnectAsync();
        redis.ConnectionRestored += (_, _) => Wake();
        if (redis.IsConnected)
        {
            try
            {
                // Read from what is there now: the database has everything older.
                _position = await TailAsync(redis.GetDatabase());
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning(ex, "Could not read the relay's position; it is read again when Redis answers");
            }
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var redis = await cluster.ConnectAsync();
        await Task.WhenAll(SendLoopAsync(redis, stoppingToken), ReceiveLoopAsync(redis, stoppingToken));
    }

    private void Enqueue(ClusterMessageKind kind, object payload)
    {
        Interlocked.Increment(ref _pending);
        if (!_outbox!.Writer.TryWrite(new Outgoing(kind, payload)))
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private void Dropped(Outgoing dropped)
    {
        Interlocked.Decrement(ref _pending);
        metrics.RelayMessageDropped(dropped.Kind.Name);
        if (Interlocked.Exchange(ref _dropping, 1) == 0)
        {
            logger.LogWarning("The relay's outbox is full ({Capacity} messages): the oldest are dropped until Redis answers again; other instances will miss them", OutboxCapacity);
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    private async Task SendLoopAsync(IConnectionMultiplexer redis, CancellationToken stoppingToken)
    {
        var database = redis.GetDatabase();
        var subscriber = redis.GetSubscriber();
        var batch = new List<Outgoing>(SendBatch);
        NameValueEntry[]? current = null;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (current is null)
                {
                    // What queued while the last entry was on its way goes out together, in one entry:
                    // one round trip to Redis for many messages, so a busy instance does not fall behind.
                    batch.Add(await _outbox!.Reader.ReadAsync(stoppingToken));
                    while (batch.Count < SendBatch && _outbox.Reader.TryRead(out var more))
                    {
                        batch.Add(more);
                    }

                    current = Entry(batch);
                }

                await cluster.WhenConnectedAsync(stoppingToken);
                await database.StreamAddAsync(StreamKey, current, maxLength: OutboxCapacity, useApproximateMaxLength: true);
                await subscriber.PublishAsync(WakeChannel, cluster.InstanceId, CommandFlags.FireAndForget);
                current = null;
                foreach (var sent in batch)
                {
                    Interlocked.Decrement(ref _pending);
                    metrics.MessageRelayed("sent", sent.Kind.Name);
                }

                batch.Clear();
                Volatile.Write(ref _dropping, 0);
                if (failing)
                {
                    failing = false;
                    logger.LogInformation("The relay sends again");
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                if (!failing)
                {
                    failing = true;
                    logger.LogWarning(ex, "The relay could not send; it keeps the message and tries again");
                }

                await Task.Delay(PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>
    /// One stream entry for messages sent together: the instance, the sequence number of the last
    /// of them (a retried entry is recognised by it), then each message's kind and payload in order.
    /// </summary>
    private NameValueEntry[] Entry(List<Outgoing> batch)
    {
        var fields = new NameValueEntry[2 + (2 * batch.Count)];
        var i = 2;
        foreach (var message in batch)
        {
            fields[i++] = new("kind", message.Kind.Name);
            fields[i++] = new("payload", JsonSerializer.SerializeToUtf8Bytes(message.Payload, message.Kind.PayloadType, Json));
        }

        _sequence += batch.Count;
        fields[0] = new("instance", cluster.InstanceId);
        fields[1] = new("seq", _sequence);
        return fields;
    }

    private async Task ReceiveLoopAsync(IConnectionMultiplexer redis, CancellationToken stoppingToken)
    {
        var database = redis.GetDatabase();
        var subscribed = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(PollInterval, stoppingToken);
                if (!redis.IsConnected)
                {
                    continue;
                }

                if (!subscribed)
                {
                    // Once: the connection subscribes again by itself after an outage.
                    await redis.GetSubscriber().SubscribeAsync(WakeChannel, (_, from) =>
                    {
                        if (from != cluster.InstanceId)
                        {
                            Wake();
                        }
                    });
                    subscribed = true;
                }

                _position ??= await TailAsync(database);
                StreamEntry[] entries;
                do
                {
                    entries = await database.StreamReadAsync(StreamKey, _position.Value, ReadBatch);
                    foreach (var entry in entries)
                    {
                        _position = entry.Id;
                        await ReceiveAsync(entry, stoppingToken);
                    }
                }
                while (entries.Length == ReadBatch);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogDebug(ex, "The relay could not read; it tries again");
            }
        }
    }

    private static async Task<RedisValue> TailAsync(IDatabase database)
    {
        var last = await database.StreamRangeAsync(StreamKey, "-", "+", count: 1, messageOrder: Order.Descending);
        return last.Length > 0 ? last[0].Id : "0-0";
    }

    private async Task ReceiveAsync(StreamEntry entry, CancellationToken stoppingToken)
    {
        string? instance = entry["instance"];
        if (instance is null || instance == cluster.InstanceId)
        {
            return;
        }

        // A send retried after a lost answer may have been appended twice: the sequence tells.
        var sequence = (long)entry["seq"];
        if (_seen.TryGetValue(instance, out var last) && sequence <= last)
        {
            return;
        }

        _seen[instance] = sequence;
        var fields = entry.Values;
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i].Name != "kind")
            {
                continue;
            }

            string? name = fields[i].Value;
            var payload = i + 1 < fields.Length && fields[i + 1].Name == "payload" ? (byte[]?)fields[++i].Value : null;
            await DeliverAsync(instance, name, payload, stoppingToken);
        }
    }

    private async Task DeliverAsync(string instance, string? name, byte[]? payload, CancellationToken stoppingToken)
    {
        var kind = name is null ? null : messages.Find(name);
        if (kind is null || payload is null)
        {
            logger.LogWarning("The relay ignored a message of unknown kind {Kind}", name);
            return;
        }

        object message;
        try
        {
            message = JsonSerializer.Deserialize(payload, kind.PayloadType, Json)
                ?? throw new JsonException("The message is empty.");
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "The relay could not read a {Kind} message from instance {Instance}", name, instance);
            return;
        }

        try
        {
            await kind.ReceiveAsync(services, message, stoppingToken);
            metrics.MessageRelayed("received", kind.Name);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && stoppingToken.IsCancellationRequested))
        {
            logger.LogError(ex, "Handling a {Kind} message from instance {Instance} failed", name, instance);
        }
    }

    private sealed record Outgoing(ClusterMessageKind Kind, object Payload);
}
