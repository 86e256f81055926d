using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachConsole.Web.Tests.Infrastructure;

namespace CoachConsole.Web.Tests.Storage;

/// <summary>
/// The product as an operator runs it, killed without warning (SIGKILL) in the middle of taking
/// turns, then started again on the same SQLite file: every turn it accepted is there, in order,
/// and a connector retrying a turn it never heard back about gets the stored one, not a second.
/// Run alone: two cold starts of the product would otherwise take the CPU other tests wait on.
/// </summary>
[Collection(KilledProcessCollection.Name)]
public sealed class KilledProcessTests
{
    private static readonly TimeSpan StartsWithin = TimeSpan.FromSeconds(120);

    private const string Key = "connector-key-for-the-kill-test";

    [Fact]
    public async Task EveryAcceptedTurn_SurvivesTheProcessBeingKilled_AndARetryAfterTheRestartIsStoredOnce()
    {
        var directory = Directory.CreateTempSubdirectory("coachconsole-kill-").FullName;
        var database = Path.Combine(directory, "coach.db");
        Guid id;
        var accepted = new List<string>();

        using (var first = await StartAsync(directory, database))
        {
            using var client = Client(first.Address);
            id = await client.StartConversationAsync(customer: "Zoë Ávila", issue: "a router that drops every evening");

            // Turns go on arriving while the process is killed: the ones answered 201 before it must all be kept.
            using var stop = new CancellationTokenSource();
            var sending = Task.Run(async () =>
            {
                for (var i = 1; !stop.IsCancellationRequested; i++)
                {
                    var text = i % 2 == 1 ? $"Message {i}: the router dropped again — third time tonight" : $"Reply {i}: I'm sorry, let me check the line for you";
                    try
                    {
                        using var response = await client.AddTurnAsync(id, i % 2 == 1 ? "customer" : "agent", text, $"turn-{i}");
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            lock (accepted)
                            {
                                accepted.Add(text);
                            }
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return;
                    }
                }
            });

            await Eventually.HoldsAsync("twenty turns to be accepted", () =>
            {
                lock (accepted)
                {
                    return accepted.Count >= 20;
                }
            }, StartsWithin);
            first.Process.Kill();
            await first.Process.WaitForExitAsync();
            await stop.CancelAsync();
            await sending;
        }

        using var second = await StartAsync(directory, database);
        using var again = Client(second.Address);
        var transcript = (await again.GetFromJsonAsync<JsonObject>($"/api/v1/conversations/{id}"))!["transcript"]!.AsArray();
        var stored = transcript.Select(t => (string)t!["text"]!).ToList();

        // Every accepted turn, in the order sent; at most the one in flight when the process died besides.
        Assert.Equal(accepted, stored.Take(accepted.Count));
        Assert.InRange(stored.Count, accepted.Count, accepted.Count + 1);

        // The connector never heard back about the turn after the last accepted one: retried, it is stored once.
        var retried = accepted.Count + 1;
        var retriedText = retried % 2 == 1 ? $"Message {retried}: the router dropped again — third time tonight" : $"Reply {retried}: I'm sorry, let me check the line for you";
        using (var retry = await again.AddTurnAsync(id, retried % 2 == 1 ? "customer" : "agent", retriedText, $"turn-{retried}"))
        {
            Assert.Contains(retry.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK });
        }

        var after = (await again.GetFromJsonAsync<JsonObject>($"/api/v1/conversations/{id}"))!["transcript"]!.AsArray();
        Assert.Equal(accepted.Count + 1, after.Count);
        Assert.Equal(1, after.Count(t => (string)t!["text"]! == retriedText));
    }

    private static HttpClient Client(Uri address)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return client;
    }

    private static Task<RunningProduct> StartAsync(string directory, string database) =>
        RunningProduct.StartAsync(directory, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_CONTENTROOT"] = AppContext.BaseDirectory,
            ["ConnectionStrings__Coach"] = $"Data Source={database}",
            ["RateLimiting__ConnectorPermitsPerMinute"] = "1000000",
            ["Connectors__Keys__0__Name"] = "Chat connector",
            ["Connectors__Keys__0__Key"] = Key,
            ["Connectors__Keys__0__Team"] = "care-1",
        });
}

/// <summary>Tests that run no other test beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KilledProcessCollection
{
    public const string Name = "The product killed and started again";
}
