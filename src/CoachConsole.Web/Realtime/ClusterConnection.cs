using StackExchange.Redis;

namespace CoachConsole.Web.Realtime;

/// <summary>
/// The one Redis connection of this instance, for the relay of the messages features register
/// and the access announcements. Connecting never fails start-up: while Redis is unreachable the connection
/// keeps trying in the background and <see cref="IsConnected"/> is false.
/// </summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    /// <summary>A StackExchange.Redis configuration string; absent for a single instance.</summary>
    public const string ConfigurationKey = "Redis:Configuration";

    /// <summary>How often a wait for the connection looks again.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);

    private readonly ILogger<ClusterConnection> _logger;
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection;

    public ClusterConnection(string configuration, ILogger<ClusterConnection> logger)
    {
        _logger = logger;
        Options = ConfigurationOptions.Parse(configuration);
        Options.AbortOnConnectFail = false;
        Options.ChannelPrefix = RedisChannel.Literal("coach:");
        _connection = new Lazy<Task<IConnectionMultiplexer>>(ConnectAsyncCore);
    }

    public ConfigurationOptions Options { get; }

    /// <summary>This process among the instances; messages carry it so an instance ignores its own.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    public bool IsConnected =>
        _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully && _connection.Value.Result.IsConnected;

    public Task<IConnectionMultiplexer> ConnectAsync() => _connection.Value;

    /// <summary>Returns once Redis answers again (at once when it does).</summary>
    public async Task WhenConnectedAsync(CancellationToken cancellationToken)
    {
        var redis = await ConnectAsync();
        while (!redis.IsConnected)
        {
            await Task.Delay(RetryInterval, cancellationToken);
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsyncCore()
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(Options);
        redis.ConnectionFailed += (_, e) => _logger.LogWarning("Redis at {Endpoint} is unreachable ({FailureType}); this instance serves its own consoles until it returns", e.EndPoint, e.FailureType);
        redis.ConnectionRestored += (_, e) => _logger.LogInformation("Redis at {Endpoint} answers again ({ConnectionType})", e.EndPoint, e.ConnectionType);
        if (!redis.IsConnected)
        {
            _logger.LogWarning("Redis is unreachable at start-up; this instance serves its own consoles until it answers");
        }

        return redis;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            var redis = await _connection.Value;
            await redis.DisposeAsync();
        }
    }
}
