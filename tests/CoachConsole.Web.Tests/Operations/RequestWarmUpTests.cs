using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Operations;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoachConsole.Web.Tests.Operations;

/// <summary>
/// The warm-up an instance runs on itself once it listens: its own hub connections and requests
/// first, every other client's connection held until it is done, its key good for nothing else.
/// </summary>
public sealed class RequestWarmUpTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private const string Key = "connector-key-for-the-warm-up-test";

    [Fact]
    public async Task AClientsConnection_WaitsUntilTheDoorsOpen_AndOneThatLeavesMeanwhileGoesNoFurther()
    {
        var warmUp = new RequestWarmUp(new ServerAt(), NullLogger<RequestWarmUp>.Instance);
        var waiting = new DefaultConnectionContext { RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 50123) };
        using var leaves = new CancellationTokenSource();
        var leaving = new DefaultConnectionContext { RemoteEndPoint = new IPEndPoint(IPAddress.Parse("192.0.2.7"), 40000), ConnectionClosed = leaves.Token };

        var letIn = warmUp.LetInAsync(waiting);
        var gone = warmUp.LetInAsync(leaving);
        leaves.Cancel();

        Assert.False(await gone.WaitAsync(Deadline));
        Assert.False(letIn.IsCompleted);
        warmUp.Open();
        Assert.True(await letIn.WaitAsync(Deadline));
        Assert.True(await warmUp.LetInAsync(new DefaultConnectionContext { RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 50124) }).WaitAsync(Deadline));
    }

    [Theory]
    [InlineData("https://127.0.0.1:5001")]
    [InlineData("http://192.0.2.7:5000")]
    public async Task WithNoPlainHttpAddressOnTheLoopback_TheDoorsOpenAtOnce(string address)
    {
        var warmUp = new RequestWarmUp(new ServerAt(address), NullLogger<RequestWarmUp>.Instance);

        await warmUp.RunAsync(CancellationToken.None).WaitAsync(Deadline);

        Assert.True(warmUp.IsOpen);
    }

    [Fact]
    public void ItsIdentity_IsGivenToNoOtherConnection_AndToNoneOnceTheDoorsAreOpen()
    {
        var warmUp = new RequestWarmUp(new ServerAt(), NullLogger<RequestWarmUp>.Instance);
        var stranger = new DefaultHttpContext();
        stranger.Connection.RemoteIpAddress = IPAddress.Loopback;
        stranger.Connection.RemotePort = 50200;

        // A connection the warm-up did not open is a stranger, whatever key it shows.
        Assert.Null(warmUp.Recognise("warm_anything", stranger.Connection, ApiKeyAuthenticationHandler.SchemeName));
        warmUp.Open();
        Assert.Null(warmUp.Recognise("warm_anything", stranger.Connection, ApiKeyAuthenticationHandler.SchemeName));
    }

    [Fact]
    public async Task AnIdentityClaimingToBeTheWarmUp_MayNotAct_OnAnInstanceThatLetsClientsIn()
    {
        var claimed = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "warm-up"),
            new Claim(ClaimTypes.Role, CoachClaims.ConnectorRole),
            new Claim(RequestWarmUp.ClaimType, "true"),
        ], ApiKeyAuthenticationHandler.SchemeName));

        Assert.True(factory.Services.GetRequiredService<RequestWarmUp>().IsOpen);
        Assert.False(await factory.Services.GetRequiredService<AccessGuard>().MayActAsync(claimed));
    }

    [Fact]
    public async Task AFreshInstance_WarmsItsRequestPathUpOnItself_ThenAnswersItsFirstClient_AndStoresNothing()
    {
        var directory = Directory.CreateTempSubdirectory("coachconsole-warm-").FullName;
        var database = Path.Combine(directory, "coach.db");
        var product = await RunningProduct.StartAsync(directory, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_CONTENTROOT"] = AppContext.BaseDirectory,
            ["ConnectionStrings__Coach"] = $"Data Source={database}",
            ["Seed__DemoData"] = "false",
            ["WarmUp__UntilOptimised"] = "true",
            ["Connectors__Keys__0__Name"] = "Chat connector",
            ["Connectors__Keys__0__Key"] = Key,
            ["Connectors__Keys__0__Team"] = "care-1",
        });
        try
        {
            // Connected as soon as the instance listens: answered once its warm-up lets it in.
            using var client = new HttpClient { BaseAddress = product.Address, Timeout = Deadline };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            using var response = await client.GetAsync(new Uri("/api/v1/instance", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            // Every one of its hub connections and requests was taken as its own.
            var done = await product.OutputLineAsync(line => line.Contains("Warmed the request path up", StringComparison.Ordinal)).WaitAsync(Deadline);
            Assert.Contains($"{RequestWarmUp.Clients * RequestWarmUp.Rounds} hub connections", done, StringComparison.Ordinal);
            Assert.DoesNotContain(product.Output, line => line.Contains("did not finish", StringComparison.Ordinal));

            // Its key is not a key: the same hub connections and requests from a client are refused.
            using var stranger = new HttpClient { BaseAddress = product.Address };
            stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "warm_" + new string('a', 43));
            using var refused = await stranger.GetAsync(new Uri("/api/v1/instance", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
            await connection.OpenAsync();
            foreach (var table in new[] { "Conversations", "Turns", "CardEvents", "StageChanges" })
            {
                await using var count = connection.CreateCommand();
                count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
                Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
            }
        }
        finally
        {
            product.Dispose();
            RunningProduct.DeleteFolder(directory);
        }
    }

    /// <summary>A server that listens at the addresses given (none: not Kestrel).</summary>
    private sealed class ServerAt : IServer
    {
        public ServerAt(params string[] addresses)
        {
            var listed = new ServerAddressesFeature();
            foreach (var address in addresses)
            {
                listed.Addresses.Add(address);
            }

            Features.Set<IServerAddressesFeature>(listed);
        }

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
