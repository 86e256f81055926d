using System.Net;
using CoachConsole.Web.Data;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Storage;

/// <summary>The host on its SQLite file, waiting at most a second for another writer.</summary>
public sealed class ShortTimeoutCoachFactory() : CoachFactory(new CoachHostOptions { ConnectionString = storage => storage.ConnectionString + ";Default Timeout=1" });

/// <summary>Storage that cannot be written while turns flow: a clear "try again later", nothing half-stored, and the retried turn stored once.</summary>
public sealed class StorageOutageTests(ShortTimeoutCoachFactory factory) : IClassFixture<ShortTimeoutCoachFactory>
{
    [Fact]
    public async Task AddTurn_WhileTheDatabaseIsLockedPastTheTimeout_Is503WithRetryAfter_AndTheRetryIsStoredOnce()
    {
        if (TestDatabase.OnPostgres)
        {
            // The lock held here is SQLite's; a stopped PostgreSQL server is answered by the same path.
            return;
        }

        var client = factory.CreateConnectorClient();
        var id = await client.StartConversationAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.AddTurnAsync(id, "customer", "Where is my parcel?", turnId: "t1")).StatusCode);

        HttpResponseMessage refused;
        await using (var holder = new SqliteConnection(factory.Storage.ConnectionString + ";Pooling=False"))
        {
            await holder.OpenAsync();
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE;";
                await begin.ExecuteNonQueryAsync();
            }

            refused = await client.AddTurnAsync(id, "agent", "I'm sorry, let me check that for you.", turnId: "t2");

            await using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After names a wait in seconds");
        Assert.Equal("Storage is unavailable", (await refused.ReadJsonAsync())["title"]!.GetValue<string>());
        Assert.Equal(0, await CountTurnsAsync(id, "t2"));
        Assert.Single((await client.GetConversationAsync(id))["transcript"]!.AsArray());

        var stored = await client.AddTurnAsync(id, "agent", "I'm sorry, let me check that for you.", turnId: "t2");
        var replayed = await client.AddTurnAsync(id, "agent", "I'm sorry, let me check that for you.", turnId: "t2");

        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(1, await CountTurnsAsync(id, "t2"));
        var transcript = (await client.GetConversationAsync(id))["transcript"]!.AsArray();
        Assert.Equal(["t1", "t2"], transcript.Select(t => t!["turnId"]!.GetValue<string>()));
        Assert.Equal([1, 2], transcript.Select(t => t!["sequence"]!.GetValue<int>()));
    }

    private async Task<int> CountTurnsAsync(Guid id, string turnId)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        return await db.Turns.CountAsync(t => t.ConversationId == id && t.ClientTurnId == turnId);
    }
}
