namespace CoachConsole.Cli.Tests;

/// <summary>The one option parser every command reads its command line with.</summary>
public sealed class OptionParserTests
{
    private static int AtLeastOne(string value) =>
        int.TryParse(value, out var n) && n >= 1 ? n : throw new UsageException("--turns must be a whole number of at least 1.");

    [Fact]
    public void Parse_FlagsValuesAndFiles_AreReadWithTheLastRepeatWinning()
    {
        var options = new OptionParser().Flags("--json").Values("--target").Positional(1)
            .Parse(["data.csv", "--target", "heat", "--json", "--target", "abuse"]);

        Assert.True(options.Has("--json"));
        Assert.Equal("abuse", options.Value("--target"));
        Assert.Null(options.Value("--speaker"));
        Assert.Equal(["data.csv"], options.Positional);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "unknown option '--bogus'.")]
    [InlineData(new[] { "--target" }, "option --target needs a value.")]
    [InlineData(new[] { "a.csv", "b.csv" }, "unexpected argument 'b.csv'.")]
    public void Parse_BadUsage_IsRefusedInOneSentence(string[] args, string message)
    {
        var parser = new OptionParser().Flags("--json").Values("--target").Positional(1);

        Assert.Equal(message, Assert.Throws<UsageException>(() => parser.Parse(args)).Message);
    }

    [Theory]
    [InlineData(new[] { "--turns", "0", "--bogus" }, "--turns must be a whole number of at least 1.")]
    [InlineData(new[] { "--bogus", "--turns", "0" }, "unknown option '--bogus'.")]
    [InlineData(new[] { "file.txt" }, "unknown option 'file.txt'.")]
    [InlineData(new[] { "--turns" }, "--turns needs a value.")]
    public void Parse_OptionsOnly_ChecksValuesInTheOrderGiven_AndTakesNoFiles(string[] args, string message)
    {
        var parser = new OptionParser().Value("--turns", AtLeastOne).OptionsOnly();

        Assert.Equal(message, Assert.Throws<UsageException>(() => parser.Parse(args)).Message);
    }

    [Fact]
    public void Checked_Values_AreConverted_AndTheLastOfSeveralNamesCounts()
    {
        var parser = new OptionParser().Value("--turns", AtLeastOne).Value("--pause-ms", int.Parse).Value("--chat-pause-ms", int.Parse).OptionsOnly();

        var options = parser.Parse(["--chat-pause-ms", "100", "--turns", "3", "--pause-ms", "50"]);
        Assert.Equal(3, options.Get("--turns", 8));
        Assert.Equal(50, options.Last(8000, "--pause-ms", "--chat-pause-ms"));
        Assert.Equal(7, options.Get("--conversations", 7));

        var reversed = parser.Parse(["--pause-ms", "50", "--chat-pause-ms", "100"]);
        Assert.Equal(100, reversed.Last(8000, "--pause-ms", "--chat-pause-ms"));
        Assert.Equal(50, reversed.Last(4000, "--pause-ms", "--voice-pause-ms"));
        Assert.Equal(4000, parser.Parse([]).Last(4000, "--pause-ms", "--voice-pause-ms"));
    }
}
