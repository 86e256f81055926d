using System.Text.Json;

namespace CoachConsole.Cli.Tests;

public sealed class CoachCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("coach-cli-tests").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string TempFile(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int Exit, string Out, string Err)> Run(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CoachCommand.RunAsync(args, input, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static List<JsonElement> JsonLines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];

    [Fact]
    public async Task Analyze_LinesOnStandardInput_WritesOneJsonObjectPerLine()
    {
        var (exit, output, error) = await Run("I want to speak to a manager\nthank you so much\n\nyou idiot\n", "analyze");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        var lines = JsonLines(output);
        Assert.Equal(3, lines.Count);
        foreach (var line in lines)
        {
            Assert.Equal(JsonValueKind.String, line.GetProperty("text").ValueKind);
            Assert.InRange(line.GetProperty("heat").GetDouble(), 0, 1);
            Assert.Contains(line.GetProperty("mood").GetString(), new[] { "positive", "neutral", "annoyed", "angry" });
            foreach (var flag in new[] { "abusive", "escalation", "calming" })
            {
                Assert.True(line.GetProperty(flag).ValueKind is JsonValueKind.True or JsonValueKind.False);
            }

            foreach (var cue in line.GetProperty("cues").EnumerateArray())
            {
                var text = line.GetProperty("text").GetString()!;
                Assert.Equal(text.Substring(cue.GetProperty("start").GetInt32(), cue.GetProperty("length").GetInt32()), cue.GetProperty("text").GetString());
                Assert.False(string.IsNullOrEmpty(cue.GetProperty("signal").GetString()));
            }
        }

        Assert.True(lines[0].GetProperty("escalation").GetBoolean());
        Assert.Contains(lines[0].GetProperty("cues").EnumerateArray(), c => c.GetProperty("signal").GetString() == "managerRequest" && c.GetProperty("text").GetString()!.Contains("manager", StringComparison.Ordinal));
        Assert.True(lines[1].GetProperty("calming").GetBoolean());
        Assert.True(lines[2].GetProperty("abusive").GetBoolean());
        Assert.False(lines[0].GetProperty("abusive").GetBoolean());
    }

    [Fact]
    public async Task Analyze_CsvFileWithQuotedFields_ReadsTheTextColumn()
    {
        var path = TempFile("in.csv", "id,text\r\n1,\"get me a manager, now\"\r\n2,\"she said \"\"thanks\"\"\nand left\"\r\n");

        var (exit, output, _) = await Run("", "analyze", "--csv", path);

        Assert.Equal(0, exit);
        var lines = JsonLines(output);
        Assert.Equal(2, lines.Count);
        Assert.Equal("get me a manager, now", lines[0].GetProperty("text").GetString());
        Assert.Equal("she said \"thanks\"\nand left", lines[1].GetProperty("text").GetString());
        Assert.True(lines[0].GetProperty("escalation").GetBoolean());
    }

    [Fact]
    public async Task Analyze_SpeakerAgent_ListsAgentSignals()
    {
        var (exit, output, _) = await Run("I'm so sorry, I understand how frustrating this is\n", "analyze", "--speaker", "agent");

        Assert.Equal(0, exit);
        var signals = JsonLines(output)[0].GetProperty("signals").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("apology", signals);
        Assert.Contains("acknowledgement", signals);
    }

    [Fact]
    public async Task Analyze_CsvWithoutTextColumn_ExitsOneWithOneSentence()
    {
        var path = TempFile("bad.csv", "message,label\nhello,neutral\n");

        var (exit, output, error) = await Run("", "analyze", "--csv", path);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("'text' column", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Analyze_UnreadableFile_ExitsOne()
    {
        var (exit, _, error) = await Run("", "analyze", Path.Combine(_dir, "missing.txt"));

        Assert.Equal(1, exit);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Eval_SmallCsvWithKnownAnswer_PrintsPerLabelScoresAndMacroF1()
    {
        // the reader gets rows 1, 2 and 4 right and misses row 3 (labelled a request, but it is not one)
        var path = TempFile("esc.csv",
            "text,label\n" +
            "\"I want to speak to a manager, please\",escalation_request\n" +
            "where is my parcel,not_escalation\n" +
            "what is your phone number,escalation_request\n" +
            "how do I change my address?,not_escalation\n");

        var (exit, output, _) = await Run("", "eval", path, "--target", "escalation", "--json");

        Assert.Equal(0, exit);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(4, json.GetProperty("rows").GetInt32());
        var request = json.GetProperty("labels").GetProperty("escalation_request");
        Assert.Equal(1.0, request.GetProperty("precision").GetDouble());
        Assert.Equal(0.5, request.GetProperty("recall").GetDouble());
        Assert.Equal(0.6667, request.GetProperty("f1").GetDouble());
        var other = json.GetProperty("labels").GetProperty("not_escalation");
        Assert.Equal(0.6667, other.GetProperty("precision").GetDouble());
        Assert.Equal(1.0, other.GetProperty("recall").GetDouble());
        Assert.Equal(0.8, other.GetProperty("f1").GetDouble());
        Assert.Equal(0.7333, json.GetProperty("macroF1").GetDouble());
    }

    [Fact]
    public async Task Eval_PlainText_PrintsATableWithMacroF1()
    {
        var path = TempFile("calm.csv", "text,label\nthank you so much,calming\nwhere is my order,not_calming\n");

        var (exit, output, _) = await Run("", "eval", path, "--target", "calming");

        Assert.Equal(0, exit);
        Assert.Contains("precision", output, StringComparison.Ordinal);
        Assert.Matches(@"macro-F1\s+1\.000", output);
    }

    [Fact]
    public async Task Eval_UnknownTarget_ExitsTwo()
    {
        var path = TempFile("x.csv", "text,label\nhi,neutral\n");

        var (exit, _, error) = await Run("", "eval", path, "--target", "sarcasm");

        Assert.Equal(2, exit);
        Assert.Contains("unknown target", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_LabelTheTargetDoesNotKnow_ExitsOne()
    {
        var path = TempFile("x.csv", "text,label\nhi,sarcastic\n");

        var (exit, _, error) = await Run("", "eval", path, "--target", "heat");

        Assert.Equal(1, exit);
        Assert.Contains("sarcastic", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_MissingFile_ExitsOne()
    {
        var (exit, _, error) = await Run("", "eval", Path.Combine(_dir, "nope.csv"), "--target", "heat");

        Assert.Equal(1, exit);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Run_UnknownSubcommand_ExitsTwoWithOneSentence()
    {
        var (exit, output, error) = await Run("", "frobnicate");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("unknown subcommand", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Run_NoArguments_ExitsTwoWithOneSentence()
    {
        var (exit, output, error) = await Run("");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Run_UnknownOption_ExitsTwo()
    {
        var (exit, _, _) = await Run("", "analyze", "--shout");

        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task Run_Help_PrintsUsageOfEverySubcommand()
    {
        var (exit, output, _) = await Run("", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("coach analyze", output, StringComparison.Ordinal);
        Assert.Contains("coach eval", output, StringComparison.Ordinal);
        Assert.Contains("--target heat|abuse|offensive|escalation|calming", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_DispatchTable_HasTheDocumentedSubcommands()
    {
        Assert.Contains("analyze", CoachCommand.Commands.Keys);
        Assert.Contains("eval", CoachCommand.Commands.Keys);
        Assert.Contains("train", CoachCommand.Commands.Keys);
    }
}
