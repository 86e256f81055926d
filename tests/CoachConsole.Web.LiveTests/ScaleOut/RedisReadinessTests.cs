using System.Net;
using CoachConsole.Web.Tests.Infrastructure;

namespace CoachConsole.Web.Tests.ScaleOut;

/// <summary><c>/health/ready</c> says whether Redis answers in time.</summary>
public sealed class RedisReadinessTests
{
    [Fact]
    public async Task Ready_WhileRedisIsFrozen_IsDegraded_AndHealthyAgainWhenItGoesOn()
    {
        var directory = Directory.CreateTempSubdirectory("coachconsole-ready-").FullName;
        await using var redis = await RedisServer.StartAsync();
        try
        {
            await using var instance = new ScaleOutInstance(directory, redis.Configuration);
            using var client = new HttpClient { BaseAddress = instance.ServerAddress };
            await Eventually.HoldsAsync("ready to report Healthy with Redis answering", async () => await ReadyAsync(client) == (HttpStatusCode.OK, "Healthy"));

            redis.Freeze();
            try
            {
                await Eventually.HoldsAsync("ready to report Degraded while Redis is frozen", async () => await ReadyAsync(client) == (HttpStatusCode.OK, "Degraded"));
            }
            finally
            {
                redis.Thaw();
            }

            await Eventually.HoldsAsync("ready to report Healthy once Redis goes on", async () => await ReadyAsync(client) == (HttpStatusCode.OK, "Healthy"));
        }
        finally
        {
            TestDatabase.Remove(directory);
        }
    }

    private static async Task<(HttpStatusCode, string)> ReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
