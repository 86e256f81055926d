using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoachConsole.Cli;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoachConsole.Web.Tests.Operations;

public sealed class LoadGeneratorTests(KestrelCoachFactory factory) : IClassFixture<KestrelCoachFactory>
{
    [Fact]
    public async Task CoachLoad_AgainstARealInstance_DeliversEveryTurnAndReportsLatency()
    {
        var output = new StringWriter();
        var errors = new StringWriter();

        var exit = await CoachCommand.RunAsync(
            ["load", "--url", factory.ServerAddress.ToString(), "--key", CoachFactory.DemoKey, "--conversations", "6", "--consoles", "3", "--turns", "4", "--pause-ms", "20", "--json"],
            TextReader.Null, output, errors);

        Assert.True(exit == 0, errors.ToString());
        var result = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal(24, result.GetProperty("turnsAccepted").GetInt32());
        Assert.Equal(24, result.GetProperty("delivered").GetInt32());
        Assert.Equal(0, result.GetProperty("lost").GetInt32());
        Assert.Equal(0, result.GetProperty("errors").GetInt32());
        Assert.Equal(3, result.GetProperty("consoles").GetInt32());
        var latency = result.GetProperty("latencyMs");
        Assert.True(latency.GetProperty("p50").GetDouble() > 0);
        Assert.True(latency.GetProperty("p99").GetDouble() >= latency.GetProperty("p50").GetDouble());
        var memory = result.GetProperty("memory");
        Assert.True(memory.GetProperty("heapWithConsolesMb").GetDouble() > 0);
    }

    [Fact]
    public async Task CoachLoad_WrongKey_EndsWithASentenceAndExitOne()
    {
        var errors = new StringWriter();

        var exit = await CoachCommand.RunAsync(["load", "--url", factory.ServerAddress.ToString(), "--key", "wrong", "--conversations", "1"], TextReader.Null, new StringWriter(), errors);

        Assert.Equal(1, exit);
        Assert.Contains("refused to start a conversation (401)", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstanceStatus_ReportsTheProcessCpuTime_WhichGrowsWithTheTurnsServed()
    {
        using var http = factory.CreateConnectorClient();
        async Task<double> CpuSecondsAsync() =>
            (await http.GetFromJsonAsync<JsonElement>("/api/v1/instance")).GetProperty("processCpuSeconds").GetDouble();

        var before = await CpuSecondsAsync();
        var id = await http.StartConversationAsync();
        for (var t = 0; t < 6; t++)
        {
            (await http.AddTurnAsync(id, t % 2 == 0 ? "customer" : "agent", "This is ridiculous, I've been waiting forever!!!")).EnsureSuccessStatusCode();
        }

        var after = await CpuSecondsAsync();

        Assert.True(before > 0, $"processCpuSeconds was {before}");
        Assert.True(after > before, $"processCpuSeconds went from {before} to {after} over six turns");
    }

    [Fact]
    public async Task CoachLoad_AgainstARealInstance_PrintsTheInstanceCpuPerAcceptedTurn()
    {
        var output = new StringWriter();
        var errors = new StringWriter();

        var exit = await CoachCommand.RunAsync(
            ["load", "--url", factory.ServerAddress.ToString(), "--key", CoachFactory.DemoKey, "--conversations", "3", "--turns", "4", "--pause-ms", "0"],
            TextReader.Null, output, errors);

        Assert.True(exit == 0, errors.ToString());
        var line = Assert.Single(output.ToString().Split('\n'), l => l.StartsWith("instance CPU:", StringComparison.Ordinal));
        var match = System.Text.RegularExpressions.Regex.Match(line, @"^instance CPU: ([0-9.]+) s during the run, ([0-9.]+) ms per accepted turn");
        Assert.True(match.Success, line);
        Assert.True(double.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, line);
    }

    [Fact]
    public async Task CoachLoad_AtASetRate_DeliversEveryTurnAndReportsTheRateAndTheCpuPerTurn()
    {
        var output = new StringWriter();
        var errors = new StringWriter();

        var exit = await CoachCommand.RunAsync(
            ["load", "--url", factory.ServerAddress.ToString(), "--key", CoachFactory.DemoKey, "--conversations", "4", "--consoles", "2", "--turns", "5", "--rate", "40", "--json"],
            TextReader.Null, output, errors);

        Assert.True(exit == 0, errors.ToString());
        var result = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal(40, result.GetProperty("rate").GetDouble());
        Assert.Equal(20, result.GetProperty("turnsAccepted").GetInt32());
        Assert.Equal(20, result.GetProperty("delivered").GetInt32());
        Assert.Equal(0, result.GetProperty("lost").GetInt32());
        Assert.True(result.GetProperty("latencyMs").GetProperty("p50").GetDouble() > 0);
        var cpu = result.GetProperty("serverCpu");
        Assert.True(cpu.GetProperty("seconds").GetDouble() > 0, cpu.ToString());
        // Both figures are rounded to three places: the seconds to the millisecond, so 0.5 ms over 20 turns.
        Assert.Equal(cpu.GetProperty("seconds").GetDouble() * 1000 / 20, cpu.GetProperty("msPerAcceptedTurn").GetDouble(), tolerance: 0.03);
    }

    [Fact]
    public async Task CoachLoad_AtASetRate_SendsEveryTurnWithoutWaitingForEarlierAnswers()
    {
        // A server that answers no turn until all twelve are in it at once: only an open loop
        // gets there; a client that waits for each answer stalls at one turn per conversation.
        await using var server = await HeldTurnsServer.StartAsync(expected: 12);
        var output = new StringWriter();
        var errors = new StringWriter();

        var exit = await CoachCommand.RunAsync(
            ["load", "--url", server.Address.ToString(), "--key", "any", "--conversations", "3", "--turns", "4", "--rate", "100", "--json"],
            TextReader.Null, output, errors);

        Assert.True(exit == 0, errors.ToString());
        Assert.Equal(12, server.MostHeldAtOnce);
        var result = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal(12, result.GetProperty("turnsAccepted").GetInt32());
        Assert.Equal(12, result.GetProperty("delivered").GetInt32());

        // The first turn was due at the start and waited for the last: its latency holds that wait.
        Assert.True(result.GetProperty("latencyMs").GetProperty("max").GetDouble() >= server.FirstHeldForMs, $"max latency {result.GetProperty("latencyMs")}, first turn held {server.FirstHeldForMs} ms");
    }

    [Fact]
    public async Task CoachLoad_TwiceAgainstAServerWithoutCpuTime_SaysSoInOneLineAndSendsNewTurnsEachRun()
    {
        // Like the floor the product is compared with: the same API, an instance endpoint with the heap
        // only, and every turn id it has seen taken as a repeat. Two runs against it: the second's turns are new.
        await using var server = await HeldTurnsServer.StartAsync(expected: 1);
        var output = new StringWriter();
        var errors = new StringWriter();

        var exit = await CoachCommand.RunAsync(
            ["load", "--url", server.Address.ToString(), "--key", "any", "--conversations", "2", "--turns", "2", "--pause-ms", "0"],
            TextReader.Null, output, errors);
        var jsonOutput = new StringWriter();
        var jsonErrors = new StringWriter();
        var jsonExit = await CoachCommand.RunAsync(
            ["load", "--url", server.Address.ToString(), "--key", "any", "--conversations", "2", "--turns", "2", "--pause-ms", "0", "--json"],
            TextReader.Null, jsonOutput, jsonErrors);

        Assert.True(exit == 0, errors.ToString());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var cpuLine = Assert.Single(lines, l => l.Contains("CPU", StringComparison.Ordinal));
        Assert.Equal("instance CPU: the instance does not report processCpuSeconds in GET /api/v1/instance; CPU per turn left out", cpuLine.TrimEnd());
        Assert.Contains(lines, l => l.StartsWith("2 conversations, 2 consoles: 4/4 turns accepted", StringComparison.Ordinal));

        Assert.True(jsonExit == 0, jsonErrors.ToString());
        var result = JsonDocument.Parse(jsonOutput.ToString()).RootElement;
        Assert.Equal(JsonValueKind.Null, result.GetProperty("serverCpu").ValueKind);
        Assert.Equal(4, result.GetProperty("delivered").GetInt32());
        Assert.Contains("does not report processCpuSeconds", jsonErrors.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The product's public contract and nothing else, as the floor in the performance folder has it
    /// (create, turn, end, an instance endpoint with the managed heap only, the hub's
    /// <c>SubscribeToConversation</c> then <c>TurnAdded</c>, a turn id seen before answered as a
    /// repeat with no update), except that it answers no load turn until <c>expected</c> of them are
    /// in it at once.
    /// </summary>
    private sealed class HeldTurnsServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly int _expected;
        private readonly TaskCompletionSource _allIn = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);
        private long _firstArrived;
        private int _held;
        private int _mostHeld;

        private HeldTurnsServer(WebApplication app, int expected)
        {
            _app = app;
            _expected = expected;
        }

        public Uri Address { get; private set; } = null!;

        public int MostHeldAtOnce => Volatile.Read(ref _mostHeld);

        /// <summary>How long the first load turn waited for the last one to arrive.</summary>
        public double FirstHeldForMs { get; private set; }

        public static async Task<HeldTurnsServer> StartAsync(int expected)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            builder.Services.AddSignalR();
            var app = builder.Build();
            var server = new HeldTurnsServer(app, expected);
            app.MapPost("/api/v1/conversations", () => Results.Json(new { id = Guid.NewGuid() }, statusCode: 201));
            app.MapPost("/api/v1/conversations/{id:guid}/turns", (Guid id, HeldTurn turn, IHubContext<HeldHub> hub) => server.TurnAsync(id, turn, hub));
            app.MapPost("/api/v1/conversations/{id:guid}/end", (Guid id) => Results.Ok(new { id }));
            app.MapGet("/api/v1/instance", () => Results.Ok(new { managedHeapBytes = GC.GetTotalMemory(false) }));
            app.MapHub<HeldHub>("/hubs/coaching");
            await app.StartAsync();
            server.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return server;
        }

        private async Task<IResult> TurnAsync(Guid id, HeldTurn turn, IHubContext<HeldHub> hub)
        {
            var turnId = turn.TurnId ?? Guid.NewGuid().ToString();
            if (!_seen.TryAdd(turnId, 0))
            {
                return Results.Ok(new { turnId });
            }

            if (turnId.StartsWith("load-", StringComparison.Ordinal))
            {
                Interlocked.CompareExchange(ref _firstArrived, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
                var held = Interlocked.Increment(ref _held);
                int most;
                while ((most = Volatile.Read(ref _mostHeld)) < held && Interlocked.CompareExchange(ref _mostHeld, held, most) != most)
                {
                }

                if (held >= _expected && !_allIn.Task.IsCompleted)
                {
                    FirstHeldForMs = System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref _firstArrived)).TotalMilliseconds;
                    _allIn.TrySetResult();
                }

                try
                {
                    // Well within the load client's own 30 s timeout: a client that never gets here fails the test.
                    await _allIn.Task.WaitAsync(TimeSpan.FromSeconds(20));
                }
                catch (TimeoutException)
                {
                    return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                }
                finally
                {
                    Interlocked.Decrement(ref _held);
                }
            }

            await hub.Clients.Group(id.ToString()).SendAsync("TurnAdded", new { conversationId = id, turn = new { turnId, speaker = turn.Speaker, text = turn.Text } });
            return Results.Json(new { turn = new { turnId } }, statusCode: 201);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private sealed record HeldTurn(string Speaker, string Text, string? TurnId);

    private sealed class HeldHub : Hub
    {
        public async Task<object> SubscribeToConversation(Guid conversationId)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, conversationId.ToString());
            return new { id = conversationId };
        }
    }
}
