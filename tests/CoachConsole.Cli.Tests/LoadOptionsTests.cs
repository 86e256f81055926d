namespace CoachConsole.Cli.Tests;

/// <summary>
/// The options of <c>coach load</c> that are refused before anything is sent: the address below
/// has nothing listening, so a command that got past its options would fail differently.
/// </summary>
public sealed class LoadOptionsTests
{
    private const string Nowhere = "http://127.0.0.1:9";

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CoachCommand.RunAsync(args, TextReader.Null, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("fast")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public async Task Load_RateThatIsNotAPositiveNumber_EndsWithOneSentenceAndExitTwo(string rate)
    {
        var (exit, output, error) = await Run("load", "--url", Nowhere, "--key", "k", "--rate", rate);

        Assert.Equal(CoachCommand.UsageError, exit);
        Assert.Empty(output);
        Assert.Equal("coach load: --rate is a number of turns a second above 0, such as 500 or 0.5.", error.Trim());
    }

    [Theory]
    [InlineData("--pause-ms")]
    [InlineData("--chat-pause-ms")]
    [InlineData("--voice-pause-ms")]
    public async Task Load_RateWithAPause_EndsWithOneSentenceNamingThePauseOptions(string pause)
    {
        var (exit, output, error) = await Run("load", "--url", Nowhere, "--key", "k", "--rate", "200", pause, "0");

        Assert.Equal(CoachCommand.UsageError, exit);
        Assert.Empty(output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("--rate sets the pace of every turn", error, StringComparison.Ordinal);
        Assert.Contains(pause, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Usage_DescribesTheRateAndTheCpuPerTurn()
    {
        var usage = CoachCommand.Commands["load"].Usage;

        Assert.Contains("[--rate N]", usage, StringComparison.Ordinal);
        Assert.Contains("open loop", usage, StringComparison.Ordinal);
        Assert.Contains("serverCpu: {seconds, msPerAcceptedTurn}", usage, StringComparison.Ordinal);
    }
}
