using CoachConsole.Web.Realtime;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CoachConsole.Web.Tests.ScaleOut;

/// <summary>One instance of the product on Kestrel, on the database of a shared folder, relaying through Redis.</summary>
public sealed class ScaleOutInstance(string directory, string redis, IReadOnlyDictionary<string, string>? settings = null, FakeTimeProvider? clock = null) : CoachFactory(new CoachHostOptions
{
    Kestrel = true,
    Directory = directory,
    Settings = WithRedis(redis, settings),
    Clock = clock,
})
{
    /// <summary>The Redis to relay through, then the test's own settings over it.</summary>
    private static Dictionary<string, string?> WithRedis(string redis, IReadOnlyDictionary<string, string>? settings)
    {
        var all = new Dictionary<string, string?> { [ClusterConnection.ConfigurationKey] = redis };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return all;
    }

    public ConversationEventBus Bus => Services.GetRequiredService<ConversationEventBus>();

    public ClusterRelay Relay => Services.GetRequiredService<ClusterRelay>();
}

/// <summary>A real Redis and two real instances, A and B, sharing one database, as behind a load balancer.</summary>
public sealed class ScaleOutCluster : IAsyncDisposable
{
    private readonly string _directory;

    private ScaleOutCluster(RedisServer redis, string directory, IReadOnlyDictionary<string, string>? settings, FakeTimeProvider? clock)
    {
        Redis = redis;
        _directory = directory;
        A = new ScaleOutInstance(directory, redis.Configuration, settings, clock);
        B = new ScaleOutInstance(directory, redis.Configuration, settings, clock);
    }

    public RedisServer Redis { get; }

    public ScaleOutInstance A { get; }

    public ScaleOutInstance B { get; }

    /// <param name="settings">Configuration both instances get, on top of the test host's.</param>
    /// <param name="clock">One clock both instances read, moved by the test; the system clock when null.</param>
    public static async Task<ScaleOutCluster> StartAsync(IReadOnlyDictionary<string, string>? settings = null, FakeTimeProvider? clock = null)
    {
        var redis = await RedisServer.StartAsync();
        var cluster = new ScaleOutCluster(redis, Directory.CreateTempSubdirectory("coachconsole-scaleout-").FullName, settings, clock);

        _ = cluster.A.ServerAddress;
        _ = cluster.B.ServerAddress;
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Redis.DisposeAsync();
        TestDatabase.Remove(_directory);
    }
}

/// <summary>What one instance's conversation bus (the consoles' source) carried for one conversation.</summary>
public sealed class BusRecorder : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ConversationUpdate> _updates = [];
    private readonly IDisposable _subscription;

    public BusRecorder(ConversationEventBus bus, Guid conversationId)
    {
        _subscription = bus.SubscribeConversation(conversationId, u =>
        {
            lock (_gate)
            {
                _updates.Add(u);
            }
        });
    }

    public IReadOnlyList<ConversationUpdate> Updates
    {
        get
        {
            lock (_gate)
            {
                return [.. _updates];
            }
        }
    }

    /// <summary>The texts of the turns carried, in the order they came.</summary>
    public IReadOnlyList<string> Turns => Updates.Where(u => u.Turn is not null).Select(u => u.Turn!.Text).ToList();

    public void Dispose() => _subscription.Dispose();
}
