using System.Text.Json;
using CoachConsole.Cli;
using CoachConsole.Web.Tests.Infrastructure;

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
}
