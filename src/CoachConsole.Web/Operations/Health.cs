using System.Data.Common;
using CoachConsole.Web.Data;
using CoachConsole.Web.Realtime;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace CoachConsole.Web.Operations;

/// <summary>Ready when the database takes a write (see <see cref="StorageWriteProbe"/>); live as long as the process serves requests.</summary>
public sealed class DatabaseHealthCheck(StorageWriteProbe probe) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        probe.CheckAsync(cancellationToken);
}

/// <summary>
/// Whether this instance can write: a row of its own inserted into the teams table and deleted
/// again in one transaction (no one else ever sees it), committed, so a locked, read-only or full
/// database, or one that does not answer, makes the instance not ready. It waits for the database
/// at most <see cref="WaitAtMost"/>, and an answer is kept for <see cref="KeepFor"/> so frequent
/// probes from a load balancer stay cheap.
/// </summary>
public sealed class StorageWriteProbe
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan WaitAtMost = TimeSpan.FromSeconds(3);

    private readonly StorageSettings _storage;
    private readonly TimeProvider _time;
    private readonly string _connectionString;
    private readonly string _rowId = "~ready-probe-" + Guid.NewGuid().ToString("N")[..16];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Answer? _last;

    public StorageWriteProbe(StorageSettings storage, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
        _time = time;
        var seconds = (int)WaitAtMost.TotalSeconds;
        // A pool of its own, with short waits: a write that waits longer counts as one that fails.
        _connectionString = storage.Provider == StorageProvider.Sqlite
            ? new SqliteConnectionStringBuilder(storage.ConnectionString) { DefaultTimeout = seconds }.ToString()
            : new NpgsqlConnectionStringBuilder(storage.ConnectionString) { Timeout = seconds, CommandTimeout = seconds }.ToString();
    }

    public async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        if (Kept() is { } kept)
        {
            return kept;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Kept() is { } meanwhile)
            {
                return meanwhile;
            }

            var result = await WriteAsync(cancellationToken);
            _last = new Answer(_time.GetUtcNow(), result);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private HealthCheckResult? Kept() =>
        _last is { } last && _time.GetUtcNow() - last.At < KeepFor ? last.Result : null;

    private sealed record Answer(DateTimeOffset At, HealthCheckResult Result);

    private async Task<HealthCheckResult> WriteAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(WaitAtMost * 2);
        try
        {
            await using DbConnection connection = _storage.Provider == StorageProvider.Sqlite
                ? new SqliteConnection(_connectionString)
                : new NpgsqlConnection(_connectionString);
            await connection.OpenAsync(deadline.Token);
            if (connection is SqliteConnection)
            {
                await ExecuteAsync(connection, null, $"PRAGMA busy_timeout = {(int)WaitAtMost.TotalMilliseconds};", deadline.Token);
            }

            await using var transaction = await connection.BeginTransactionAsync(deadline.Token);
            await ExecuteAsync(connection, transaction, "INSERT INTO \"Teams\" (\"Id\", \"Name\") VALUES (@id, 'readiness probe');", deadline.Token);
            await ExecuteAsync(connection, transaction, "DELETE FROM \"Teams\" WHERE \"Id\" = @id;", deadline.Token);
            await transaction.CommitAsync(deadline.Token);
            return HealthCheckResult.Healthy("The database takes writes.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The database does not take writes (locked, read-only, full or not answering).", ex);
        }
    }

    private async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var id = command.CreateParameter();
        id.ParameterName = "id";
        id.Value = _rowId;
        if (sql.Contains("@id", StringComparison.Ordinal))
        {
            command.Parameters.Add(id);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>
/// With several instances: degraded, not unhealthy, while Redis is unreachable or does not answer a
/// ping within <see cref="PingTimeout"/> (a frozen server keeps its connections open), since this
/// instance still serves its own consoles and keeps its messages for the others until Redis returns.
/// </summary>
public sealed class ClusterHealthCheck(ClusterRelay relay, ClusterConnection cluster) : IHealthCheck
{
    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["pending"] = relay.Pending };
        if (!relay.IsConnected)
        {
            return Degraded("is unreachable");
        }

        var ping = (await cluster.ConnectAsync()).GetDatabase().PingAsync();
        try
        {
            await ping.WaitAsync(PingTimeout, cancellationToken);
            return HealthCheckResult.Healthy("Redis answers.", data);
        }
        catch (Exception ex) when (ex is TimeoutException or StackExchange.Redis.RedisException)
        {
            // The ping may still end (or fail) later; nobody waits for it.
            _ = ping.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return Degraded($"does not answer a ping within {PingTimeout.TotalSeconds:0} s");
        }

        HealthCheckResult Degraded(string how) =>
            HealthCheckResult.Degraded($"Redis {how}: this instance serves its own consoles; {relay.Pending} messages wait for the other instances.", data: data);
    }
}

public static class Health
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapCoachHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        return app;
    }
}
