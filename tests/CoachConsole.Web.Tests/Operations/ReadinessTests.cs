using System.Net;
using CoachConsole.Web.Data;
using CoachConsole.Web.Operations;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CoachConsole.Web.Tests.Operations;

/// <summary><c>/health/ready</c> says whether this instance can write (whether Redis answers in time: <c>RedisReadinessTests</c>, with the scale-out tests).</summary>
public sealed class ReadinessTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    [Fact]
    public async Task Ready_WhileTheDatabaseTakesNoWrites_IsUnhealthy_AndHealthyAgainAfter()
    {
        using var client = factory.CreateClient();
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await ReadyAsync(client));

        await using (await WritesStopped.OnAsync(factory.Storage))
        {
            // Reading still works all along: only a write tells.
            await Eventually.HoldsAsync("ready to report Unhealthy while writes fail", async () => await ReadyAsync(client) == (HttpStatusCode.ServiceUnavailable, "Unhealthy"));
        }

        await Eventually.HoldsAsync("ready to report Healthy once writes work again", async () => await ReadyAsync(client) == (HttpStatusCode.OK, "Healthy"));
    }

    internal static async Task<(HttpStatusCode, string)> ReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// A database that reads but takes no writes, as with a full disk: SQLite locked by another
    /// process's exclusive transaction; PostgreSQL with every new session read-only.
    /// </summary>
    internal sealed class WritesStopped : IAsyncDisposable
    {
        private readonly Func<Task> _undo;

        private WritesStopped(Func<Task> undo) => _undo = undo;

        public static async Task<WritesStopped> OnAsync(StorageSettings storage)
        {
            if (storage.Provider == StorageProvider.Sqlite)
            {
                var holder = new SqliteConnection(storage.ConnectionString + ";Pooling=False");
                await holder.OpenAsync();
                await ExecuteAsync(holder, "BEGIN EXCLUSIVE;");
                return new WritesStopped(async () =>
                {
                    await ExecuteAsync(holder, "ROLLBACK;");
                    await holder.DisposeAsync();
                });
            }

            var database = new NpgsqlConnectionStringBuilder(storage.ConnectionString).Database!;
            var admin = new NpgsqlConnectionStringBuilder(storage.ConnectionString) { Database = "postgres", Pooling = false }.ToString();
            await AlterAsync(admin, $"ALTER DATABASE \"{database}\" SET default_transaction_read_only = on;");
            return new WritesStopped(() => AlterAsync(admin, $"ALTER DATABASE \"{database}\" RESET default_transaction_read_only;"));
        }

        public async ValueTask DisposeAsync() => await _undo();

        private static async Task AlterAsync(string connectionString, string sql)
        {
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await ExecuteAsync(connection, sql);
            }

            // The setting holds for new sessions: let go of the pooled ones.
            NpgsqlConnection.ClearAllPools();
        }

        private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>The write probe's answer is kept for a few seconds, so a load balancer's frequent probes cost one write.</summary>
public sealed class ReadinessKeptTests(ClockedKestrelCoachFactory factory) : IClassFixture<ClockedKestrelCoachFactory>
{
    [Fact]
    public async Task Ready_KeepsItsAnswer_UntilTheClockHasMovedOn()
    {
        using var client = new HttpClient { BaseAddress = factory.ServerAddress };
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await ReadinessTests.ReadyAsync(client));

        await using (await ReadinessTests.WritesStopped.OnAsync(factory.Storage))
        {
            Assert.Equal((HttpStatusCode.OK, "Healthy"), await ReadinessTests.ReadyAsync(client));
            factory.Clock.Advance(StorageWriteProbe.KeepFor);
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await ReadinessTests.ReadyAsync(client));
        }

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await ReadinessTests.ReadyAsync(client));
        factory.Clock.Advance(StorageWriteProbe.KeepFor);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await ReadinessTests.ReadyAsync(client));
    }
}
