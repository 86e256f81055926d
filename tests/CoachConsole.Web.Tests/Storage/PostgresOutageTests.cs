using System.Net;
using CoachConsole.Web.Data;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Storage;

/// <summary>The host on a PostgreSQL server of its own, which a test may stop and start again.</summary>
public sealed class OwnPostgresCoachFactory(PostgresServer server) : CoachFactory(new CoachHostOptions
{
    Settings = new Dictionary<string, string?>
    {
        ["Storage:Provider"] = nameof(StorageProvider.PostgreSql),
        ["ConnectionStrings:Coach"] = server.ConnectionString(Database),
    },
})
{
    public const string Database = "coach_outage";
}

/// <summary>
/// PostgreSQL stopped while turns flow: a clear "try again later", nothing half-stored, and the
/// retried turn stored once when it is back. The server is the test's own: the run's shared one
/// is never stopped.
/// </summary>
public sealed class PostgresOutageTests
{
    [Fact]
    public async Task AddTurn_WhilePostgresIsStopped_Is503WithRetryAfter_AndTheRetryAfterItIsBackIsStoredOnce()
    {
        if (!TestDatabase.OnPostgres)
        {
            // SQLite's path is StorageOutageTests'; this one needs the PostgreSQL server installed.
            return;
        }

        using var server = PostgresServer.StartOwn();
        await using var factory = new OwnPostgresCoachFactory(server);
        using var client = factory.CreateConnectorClient();
        var id = await client.StartConversationAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.AddTurnAsync(id, "customer", "Where is my parcel?", turnId: "t1")).StatusCode);

        server.StopNow();
        var refused = await client.AddTurnAsync(id, "agent", "I'm sorry, let me check that for you.", turnId: "t2");
        var refusedAgain = await client.AddTurnAsync(id, "agent", "I'm sorry, let me check that for you.", turnId: "t2");
        server.StartAgain();

        foreach (var answer in new[] { refused, refusedAgain })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            Assert.True(answer.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After names a wait in seconds");
            Assert.Equal("Storage is unavailable", (await answer.ReadJsonAsync())["title"]!.GetValue<string>());
        }

        Assert.Equal(0, await CountTurnsAsync(factory, id, "t2"));

        var stored = await client.AddTurnAsync(id, "agent", "I'm sorry, let me check that for you.", turnId: "t2");
        var replayed = await client.AddTurnAsync(id, "agent", "I'm sorry, let me check that for you.", turnId: "t2");

        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(1, await CountTurnsAsync(factory, id, "t2"));
        var transcript = (await client.GetConversationAsync(id))["transcript"]!.AsArray();
        Assert.Equal(["t1", "t2"], transcript.Select(t => t!["turnId"]!.GetValue<string>()));
        Assert.Equal([1, 2], transcript.Select(t => t!["sequence"]!.GetValue<int>()));
    }

    private static async Task<int> CountTurnsAsync(CoachFactory factory, Guid id, string turnId)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        return await db.Turns.CountAsync(t => t.ConversationId == id && t.ClientTurnId == turnId);
    }
}
