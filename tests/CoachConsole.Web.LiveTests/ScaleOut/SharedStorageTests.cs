using System.Net;
using CoachConsole.Web.Data;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.ScaleOut;

/// <summary>Two real instances on one database, as behind a load balancer: one conversation's turns arrive at both.</summary>
public sealed class SharedStorageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coachconsole-shared-").FullName;

    [Fact]
    public async Task TurnsOfOneConversation_ThroughTwoInstancesAtOnce_AreStoredOnceEachInOneOrder()
    {
        await using var first = new RestartableCoachFactory(_directory);
        using var a = first.CreateConnectorClient();
        var id = await a.StartConversationAsync();
        await using var second = new RestartableCoachFactory(_directory);
        using var b = second.CreateConnectorClient();

        // Each instance now keeps what it knows of the conversation; each turn the other takes makes that stale.
        Assert.Equal(HttpStatusCode.Created, (await b.AddTurnAsync(id, "customer", "My order never came.", turnId: "t0")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await a.AddTurnAsync(id, "agent", "I'm sorry, let me check that for you.", turnId: "t1")).StatusCode);

        var turns = Enumerable.Range(2, 30)
            .Select(i => (i % 2 == 0 ? a : b).AddTurnAsync(id, i % 3 == 0 ? "agent" : "customer", $"message {i}", turnId: $"t{i}"));
        // A client retrying through the other instance while the first try is still in flight.
        var retries = Enumerable.Range(2, 10)
            .Select(i => (i % 2 == 0 ? b : a).AddTurnAsync(id, i % 3 == 0 ? "agent" : "customer", $"message {i}", turnId: $"t{i}"));
        var responses = await Task.WhenAll(turns.Concat(retries));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)r.StatusCode}: {r.Content.ReadAsStringAsync().Result}"));
        Assert.Equal(30, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var reader in new[] { a, b })
        {
            var state = await reader.GetConversationAsync(id);
            var transcript = state["transcript"]!.AsArray();
            Assert.Equal(Enumerable.Range(1, 32), transcript.Select(t => t!["sequence"]!.GetValue<int>()));
            Assert.Equal(32, transcript.Select(t => t!["turnId"]!.GetValue<string>()).Distinct().Count());
            Assert.Equal(32, state["conversation"]!["turnCount"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task TwoInstancesStartingTogether_OnANewDatabase_BothServe_AndTheDatabaseIsSeededOnce()
    {
        // Two processes, as on two machines: both migrate and seed the same empty database at the same moment.
        var storage = TestDatabase.For(_directory);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_CONTENTROOT"] = AppContext.BaseDirectory,
            ["Storage__Provider"] = storage.Provider.ToString(),
            ["ConnectionStrings__Coach"] = storage.ConnectionString,
            ["Seed__DemoData"] = "true",
            ["Connectors__Keys__0__Name"] = "Test connector",
            ["Connectors__Keys__0__Key"] = CoachFactory.DemoKey,
            ["Connectors__Keys__0__Team"] = DatabaseSetup.DemoTeamId,
            ["Connectors__Keys__1__Name"] = "Other team's connector",
            ["Connectors__Keys__1__Key"] = CoachFactory.OtherTeamKey,
            ["Connectors__Keys__1__Team"] = "other-team",
        };
        var instances = await Task.WhenAll(RunningProduct.StartAsync(_directory, environment), RunningProduct.StartAsync(_directory, environment));
        try
        {
            foreach (var instance in instances)
            {
                using var client = new HttpClient { BaseAddress = instance.Address };
                client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", CoachFactory.DemoKey);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
                await client.StartConversationAsync();
            }
        }
        finally
        {
            foreach (var instance in instances)
            {
                instance.Dispose();
            }
        }

        var services = new ServiceCollection();
        storage.Register(services);
        await using var provider = services.BuildServiceProvider();
        await using var db = await provider.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        Assert.Equal(DatabaseSetup.DemoPeople.Count, await db.Users.CountAsync());
        Assert.Equal(1, await db.LibraryVersions.CountAsync());
        Assert.Equal(CoachConsole.Core.Phrases.DefaultLibrary.Load().Phrases.Count, await db.Phrases.CountAsync());
        Assert.Equal(1, await db.TeamLeads.CountAsync());
        Assert.Equal(2, await db.ConnectorKeys.CountAsync());
        Assert.Equal(2, await db.Conversations.CountAsync());
    }

    public void Dispose()
    {
        TestDatabase.Remove(_directory);
    }
}
