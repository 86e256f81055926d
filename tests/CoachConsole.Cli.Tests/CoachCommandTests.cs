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
        Assert.Contains("replay", CoachCommand.Commands.Keys);
    }

    // Angry customer, agent apologises, customer abusive, customer respectful again.
    private const string DeEscalation =
        """{"id": "c1", "customer": "Dana", "agent": "Sam", "issue": "the late delivery", "turns": [""" +
        """{"speaker": "customer", "text": "This is absolutely ridiculous, my order is two weeks late and nobody cares!"}, """ +
        """{"speaker": "agent", "text": "I'm so sorry, I understand how frustrating this is."}, """ +
        """{"speaker": "customer", "text": "You are a useless idiot."}, """ +
        """{"speaker": "customer", "text": "Sorry. I just want my parcel, please."}]}""";

    [Fact]
    public async Task Replay_DeEscalationFile_PrintsStagePathAndCards()
    {
        var path = TempFile("calls.jsonl", DeEscalation + "\n");

        var (exit, output, error) = await Run("", "replay", path);

        Assert.Equal(0, exit);
        var lines = output.Split('\n');
        Assert.StartsWith("conversation c1: chat, customer Dana, agent Sam", lines[0], StringComparison.Ordinal);
        var moves = lines.Where(l => l.StartsWith("  stage: ", StringComparison.Ordinal) && l.Contains(" -> ", StringComparison.Ordinal))
            .Select(l => l["  stage: ".Length..l.IndexOf(" (", StringComparison.Ordinal)])
            .ToList();
        Assert.Equal(
            ["Opening -> Listening", "Listening -> Clarifying", "Clarifying -> BoundarySetting", "BoundarySetting -> Clarifying"],
            moves);
        Assert.Contains("#3 customer: You are a useless idiot.", lines);
        Assert.Contains(lines, l => l.StartsWith("  signals: abuse", StringComparison.Ordinal));
        var cards = lines.Where(l => l.StartsWith("  cards: ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(cards);
        Assert.All(cards, c => Assert.Matches(@"^  cards: \[[a-z0-9-]+\] \S", c));
        Assert.DoesNotContain("{", string.Concat(cards), StringComparison.Ordinal);
        Assert.Contains(cards, c => c.StartsWith("  cards: [boundary-", StringComparison.Ordinal));
        Assert.Equal("replayed 1 conversation, 4 turns; final stages: Clarifying 1", error.Trim());
    }

    [Fact]
    public async Task Replay_Json_WritesOneObjectPerTurnWithTheDocumentedShape()
    {
        var input = DeEscalation + "\n\n" + """{"channel": "voice", "turns": [{"speaker": "customer", "text": "I want to speak to a manager"}]}""" + "\n";

        var (exit, output, error) = await Run(input, "replay", "--json");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        var turns = JsonLines(output);
        Assert.Equal(5, turns.Count);
        Assert.Equal([1, 2, 3, 4, 1], turns.Select(t => t.GetProperty("turn").GetInt32()));
        Assert.Equal("c1", turns[0].GetProperty("conversation").GetString());
        Assert.Equal(3, turns[4].GetProperty("conversation").GetInt32());
        Assert.Equal(["listening", "clarifying", "boundarySetting", "clarifying", "escalating"], turns.Select(t => t.GetProperty("stage").GetString()));
        foreach (var turn in turns)
        {
            Assert.Contains(turn.GetProperty("speaker").GetString(), new[] { "customer", "agent" });
            Assert.InRange(turn.GetProperty("heat").GetDouble(), 0, 1);
            Assert.Contains(turn.GetProperty("mood").GetString(), new[] { "positive", "neutral", "annoyed", "angry" });
            Assert.Equal(JsonValueKind.Array, turn.GetProperty("signals").ValueKind);
            var text = turn.GetProperty("text").GetString()!;
            foreach (var cue in turn.GetProperty("cues").EnumerateArray())
            {
                Assert.Equal(text.Substring(cue.GetProperty("start").GetInt32(), cue.GetProperty("length").GetInt32()), cue.GetProperty("text").GetString());
            }

            foreach (var move in turn.GetProperty("moves").EnumerateArray())
            {
                foreach (var name in new[] { "from", "to", "trigger", "reason" })
                {
                    Assert.False(string.IsNullOrEmpty(move.GetProperty(name).GetString()));
                }
            }

            var cards = turn.GetProperty("cards").EnumerateArray().ToList();
            Assert.NotEmpty(cards);
            foreach (var card in cards)
            {
                Assert.False(string.IsNullOrEmpty(card.GetProperty("phraseId").GetString()));
                Assert.True(card.GetProperty("phraseVersion").GetInt32() >= 1);
                Assert.False(string.IsNullOrEmpty(card.GetProperty("category").GetString()));
                Assert.DoesNotContain("{", card.GetProperty("text").GetString()!, StringComparison.Ordinal);
                Assert.False(string.IsNullOrEmpty(card.GetProperty("why").GetString()));
            }
        }

        var abuse = turns[2];
        Assert.Contains("abuse", abuse.GetProperty("signals").EnumerateArray().Select(s => s.GetString()));
        var boundary = Assert.Single(abuse.GetProperty("moves").EnumerateArray());
        Assert.Equal("clarifying", boundary.GetProperty("from").GetString());
        Assert.Equal("boundarySetting", boundary.GetProperty("to").GetString());
        Assert.Equal("customerAbusive", boundary.GetProperty("trigger").GetString());
        Assert.Equal("boundary", abuse.GetProperty("cards")[0].GetProperty("category").GetString());
    }

    [Fact]
    public async Task Replay_SameInputTwice_PrintsTheSameOutput()
    {
        var first = await Run(DeEscalation + "\n", "replay", "--json", "-");
        var second = await Run(DeEscalation + "\n", "replay", "--json");

        Assert.Equal(first.Out, second.Out);
    }

    [Fact]
    public async Task Replay_LineThatIsNotJson_ExitsOneNamingTheLineAndPrintsNothingOfIt()
    {
        var path = TempFile("bad.jsonl", DeEscalation + "\n\n{\"turns\": [\n");

        var (exit, output, error) = await Run("", "replay", path);

        Assert.Equal(1, exit);
        Assert.Contains("line 3 is not valid JSON", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("conversation c1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("line 3", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_UnknownSpeaker_ExitsOneWithoutPrintingTheConversation()
    {
        var input = """{"turns": [{"speaker": "customer", "text": "hello"}, {"speaker": "bot", "text": "hi"}]}""" + "\n";

        var (exit, output, error) = await Run(input, "replay");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Equal("coach replay: standard input line 1 turn 2 has speaker 'bot', which is neither customer nor agent.", error.Trim());
    }

    [Theory]
    [InlineData("""{"id": "x"}""", "line 1 has no \"turns\" array")]
    [InlineData("""[1, 2]""", "line 1 is not a JSON object")]
    [InlineData("""{"turns": [{"speaker": "agent", "text": "  "}]}""", "line 1 turn 1 has an empty text")]
    [InlineData("""{"channel": "fax", "turns": []}""", "line 1 has channel 'fax'")]
    public async Task Replay_InvalidLine_ExitsOneWithOneSentence(string line, string expected)
    {
        var (exit, output, error) = await Run(line + "\n", "replay", "--json");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Replay_TextOverTheLimit_ExitsOne()
    {
        var input = "{\"turns\": [{\"speaker\": \"customer\", \"text\": \"" + new string('a', 4001) + "\"}]}\n";

        var (exit, output, error) = await Run(input, "replay");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("4001 characters, over the limit of 4000", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_MissingFile_ExitsOne()
    {
        var (exit, output, error) = await Run("", "replay", Path.Combine(_dir, "missing.jsonl"));

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("missing.jsonl", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Help_DocumentsReplay()
    {
        var (exit, output, _) = await Run("", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("coach replay [--json] [FILE.jsonl]", output, StringComparison.Ordinal);
    }
}
