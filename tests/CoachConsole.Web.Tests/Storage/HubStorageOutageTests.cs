using System.Text.Json;
using CoachConsole.Web.Hubs;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace CoachConsole.Web.Tests.Storage;

/// <summary>The host on Kestrel, its database commands given up after two seconds.</summary>
public sealed class ShortCommandTimeoutCoachFactory() : CoachFactory(new CoachHostOptions
{
    Kestrel = true,
    ConnectionString = storage => storage.ConnectionString + (TestDatabase.OnPostgres ? ";Command Timeout=2" : ";Default Timeout=1"),
});

/// <summary>A hub call while storage cannot answer: a clear "storage is unavailable, try again", and the connection still works once it can.</summary>
public sealed class HubStorageOutageTests(ShortCommandTimeoutCoachFactory factory) : IClassFixture<ShortCommandTimeoutCoachFactory>
{
    [Fact]
    public async Task Subscribe_WhileTheConversationsAreLockedPastTheTimeout_AnswersStorageUnavailable_AndWorksOnceTheLockIsGone()
    {
        if (!TestDatabase.OnPostgres)
        {
            // SQLite's write-ahead log never makes a reader wait for a writer, so a subscription reads on
            // through any lock; a PostgreSQL table lock is what keeps a hub call from its data.
            return;
        }

        using var api = factory.CreateConnectorClient();
        var id = await api.StartConversationAsync();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.ServerAddress, "hubs/coaching"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.AccessTokenProvider = () => Task.FromResult<string?>(CoachFactory.DemoKey);
            })
            .Build();
        await hub.StartAsync();
        // The key is checked (and its answer kept a few seconds) before the lock is taken.
        await hub.InvokeAsync("SubscribeToTeam", Data.DatabaseSetup.DemoTeamId);

        HubException refused;
        await using (var holder = new NpgsqlConnection(factory.Storage.ConnectionString))
        {
            await holder.OpenAsync();
            await using var transaction = await holder.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE \"Conversations\" IN ACCESS EXCLUSIVE MODE", holder, transaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("SubscribeToConversation", id));
            await transaction.RollbackAsync();
        }

        Assert.Contains(HubAccessFilter.StorageUnavailable, refused.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, hub.State);
        var state = await hub.InvokeAsync<JsonElement>("SubscribeToConversation", id);
        Assert.Equal(id, state.GetProperty("id").GetGuid());
    }
}

/// <summary>The host on Kestrel and a PostgreSQL server of its own, which a test may stop and start again.</summary>
public sealed class OwnPostgresKestrelCoachFactory(PostgresServer server) : CoachFactory(new CoachHostOptions
{
    Kestrel = true,
    Settings = new Dictionary<string, string?>
    {
        ["Storage:Provider"] = nameof(Data.StorageProvider.PostgreSql),
        ["ConnectionStrings:Coach"] = server.ConnectionString(Database),
    },
})
{
    public const string Database = "coach_hub_outage";
}

/// <summary>A hub call while PostgreSQL is stopped: "storage is unavailable, try again", and the same call works once it is back.</summary>
public sealed class HubPostgresOutageTests
{
    [Fact]
    public async Task Subscribe_WhilePostgresIsStopped_AnswersStorageUnavailable_AndWorksWhenItIsBack()
    {
        if (!TestDatabase.OnPostgres)
        {
            // SQLite's counterpart is the lock above; this one needs the PostgreSQL server installed.
            return;
        }

        using var server = PostgresServer.StartOwn();
        await using var factory = new OwnPostgresKestrelCoachFactory(server);
        using var api = factory.CreateConnectorClient();
        var id = await api.StartConversationAsync();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.ServerAddress, "hubs/coaching"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.AccessTokenProvider = () => Task.FromResult<string?>(CoachFactory.DemoKey);
            })
            .Build();
        await hub.StartAsync();
        await hub.InvokeAsync("SubscribeToTeam", Data.DatabaseSetup.DemoTeamId);

        server.StopNow();
        HubException refused;
        try
        {
            refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("SubscribeToConversation", id));
        }
        finally
        {
            server.StartAgain();
        }

        Assert.Contains(HubAccessFilter.StorageUnavailable, refused.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, hub.State);
        // Retried as the answer asks: the first tries after the restart may still meet a connection of the old server.
        await Eventually.HoldsAsync("the subscription to work once PostgreSQL is back", async () =>
        {
            try
            {
                var state = await hub.InvokeAsync<JsonElement>("SubscribeToConversation", id);
                Assert.Equal(id, state.GetProperty("id").GetGuid());
                return true;
            }
            catch (HubException ex) when (ex.Message.Contains(HubAccessFilter.StorageUnavailable, StringComparison.Ordinal))
            {
                return false;
            }
        });
    }
}
