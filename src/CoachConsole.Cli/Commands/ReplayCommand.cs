using System.Globalization;
using System.Text;
using System.Text.Json;
using CoachConsole.Core.Coaching;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Privacy;
using CoachConsole.Core.Signals;

namespace CoachConsole.Cli;

/// <summary>
/// <c>coach replay</c>: runs recorded conversations (JSON Lines) through the live coaching path
/// and prints, per turn, the signals, the stage and the cards the agent would have seen.
/// </summary>
internal static class ReplayCommand
{
    public const string Usage =
        """
        coach replay [--json] [FILE.jsonl]
            Replays recorded conversations from FILE.jsonl (or standard input when FILE is
            missing or -) through the live coaching engine: the signal reader, the stage
            machine and the default phrase library. One conversation per line:
              {"id": "...", "channel": "chat"|"voice", "customer": "name", "agent": "name",
               "issue": "...", "options": ["...", ...],
               "turns": [{"speaker": "customer"|"agent", "text": "..."}, ...]}
            Only "turns" is required; the defaults are a line-number id, chat, "Customer",
            "Agent", "your issue" and no options. Blank lines are skipped. Texts are masked as
            the live console masks them (card numbers) before they are read; turns are one
            second apart from a fixed start, so the output is deterministic.
            Text output: a header per conversation, then per turn "#n speaker: text",
            "signals: ... heat 0.72 angry", "stage: Opening -> Listening (reason)" for each
            move (or the unchanged stage) and "cards: [phraseId] text"; a summary line
            (conversations, turns, final stages) goes to standard error.
            --json writes one JSON object per turn instead:
              {"conversation" (the id, or the line number when there is none), "line",
               "turn" (from 1), "speaker", "text", "heat" (0..1), "mood", "signals" (names),
               "cues": [{"signal", "text", "start", "length"}], "stage" (after the turn),
               "moves": [{"from", "to", "trigger", "reason"}],
               "cards": [{"phraseId", "phraseVersion", "category", "text", "why"}]}
            Names (signals, stages, triggers, categories) are camelCase. A line that is not
            valid JSON, has no "turns", or has a turn with an unknown speaker, an empty text or
            a text over 4000 characters stops the replay with exit code 1, naming the line;
            nothing of that line is printed.
        """;

    private static readonly SignalReader ReplayReader = new();
    /// <summary>The default phrase library, as the live console starts with it (also the analyze command's phrases to avoid).</summary>
    internal static readonly Lazy<PhraseLibrary> Library = new(DefaultLibrary.Load);
    private static readonly TranscriptMasker ReplayMasker = new(new MaskingOptions());

    public static async Task<int> RunAsync(string[] args, CoachCommand.Io io)
    {
        var options = new OptionParser().Flags("--json").Positional(1).Parse(args);
        var json = options.Has("--json");
        var file = options.Positional.FirstOrDefault();
        using var input = file is null or "-" ? null : CommandInput.OpenFile(file);
        var reader = input ?? io.In;
        var source = input is null ? "standard input" : file!;
        var coach = new Coach(ReplayReader, () => Library.Value);
        var finalStages = new SortedDictionary<Stage, int>();
        var conversations = 0;
        var turns = 0;
        var lineNumber = 0;
        while (true)
        {
            // what has been replayed goes out before waiting for a line another program has not written yet
            var next = reader.ReadLineAsync(CancellationToken.None);
            if (!next.IsCompleted)
            {
                await io.Out.FlushAsync();
            }

            if (await next is not { } line)
            {
                break;
            }

            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            // The whole line is checked before any of its turns is printed.
            var recorded = RecordedConversation.Parse(line, $"{source} line {lineNumber}", ReplayReader.MaxLength);
            var stage = await ReplayOneAsync(coach, recorded, lineNumber, json, io.Out);
            finalStages[stage] = finalStages.GetValueOrDefault(stage) + 1;
            conversations++;
            turns += recorded.Turns.Count;
        }

        if (!json)
        {
            var stages = finalStages.Count == 0 ? "none" : string.Join(", ", finalStages.Select(s => $"{s.Key} {s.Value}"));
            await io.Error.WriteLineAsync(FormattableString.Invariant(
                $"replayed {conversations} conversation{(conversations == 1 ? "" : "s")}, {turns} turn{(turns == 1 ? "" : "s")}; final stages: {stages}"));
        }

        return 0;
    }

    private static async Task<Stage> ReplayOneAsync(Coach coach, RecordedConversation recorded, int lineNumber, bool json, TextWriter output)
    {
        var conversation = new Conversation(
            Guid.TryParse(recorded.Id, out var guid) ? guid : Guid.Empty,
            recorded.Channel,
            recorded.Customer,
            recorded.Issue,
            agentId: "replay",
            recorded.Agent,
            teamId: "",
            CoachCommand.ReplayStart);
        conversation.OfferOptions(recorded.Options);
        var label = recorded.Id ?? $"line {lineNumber}";
        if (!json)
        {
            await output.WriteLineAsync(
                $"conversation {label}: {recorded.Channel.ToString().ToLowerInvariant()}, customer {recorded.Customer}, agent {recorded.Agent}, issue \"{recorded.Issue}\"");
        }

        var lastCustomerReading = SignalReading.Empty;
        var agentTexts = new List<string>();
        for (var i = 0; i < recorded.Turns.Count; i++)
        {
            var (speaker, raw) = recorded.Turns[i];
            var text = ReplayMasker.Mask(raw);
            var at = CoachCommand.ReplayStart.AddSeconds(i + 1);
            var outcome = coach.Process(conversation, speaker, text, at, lastCustomerReading, agentTexts);
            if (speaker == Speaker.Customer)
            {
                lastCustomerReading = outcome.Reading;
            }
            else
            {
                agentTexts.Add(text);
            }

            var turn = new ReplayedTurn(recorded.Id, lineNumber, i + 1, speaker, text, outcome, conversation.Stage);
            await output.WriteAsync(json ? ToJson(turn) + "\n" : ToText(turn));
        }

        if (!json)
        {
            await output.WriteLineAsync();
        }

        return conversation.Stage;
    }

    private sealed record ReplayedTurn(string? Id, int Line, int Number, Speaker Speaker, string Text, TurnOutcome Outcome, Stage Stage);

    private static string ToText(ReplayedTurn turn)
    {
        var reading = turn.Outcome.Reading;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"#{turn.Number} {Camel(turn.Speaker)}: {turn.Text}\n");
        var signals = ReadingOutput.SignalNames(reading).ToList();
        sb.Append(CultureInfo.InvariantCulture, $"  signals: {(signals.Count == 0 ? "none" : string.Join(", ", signals))}  heat {reading.Heat:0.00} {Camel(reading.Mood)}\n");
        if (turn.Outcome.Transitions.Count == 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  stage: {turn.Stage}\n");
        }

        foreach (var move in turn.Outcome.Transitions)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  stage: {move.From} -> {move.To} ({move.Reason})\n");
        }

        if (turn.Outcome.Suggestions.Count == 0)
        {
            sb.Append("  cards: none\n");
        }

        foreach (var card in turn.Outcome.Suggestions)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  cards: [{card.PhraseId}] {card.Text}\n");
        }

        return sb.ToString();
    }

    private static string ToJson(ReplayedTurn turn)
    {
        var reading = turn.Outcome.Reading;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, ReadingOutput.JsonOptions))
        {
            json.WriteStartObject();
            if (turn.Id is null)
            {
                json.WriteNumber("conversation", turn.Line);
            }
            else
            {
                json.WriteString("conversation", turn.Id);
            }

            json.WriteNumber("line", turn.Line);
            json.WriteNumber("turn", turn.Number);
            json.WriteString("speaker", Camel(turn.Speaker));
            json.WriteString("text", turn.Text);
            json.WriteNumber("heat", Math.Round(reading.Heat, 3));
            json.WriteString("mood", Camel(reading.Mood));
            ReadingOutput.WriteSignalsAndCues(json, reading);
            json.WriteString("stage", Camel(turn.Stage));
            json.WriteStartArray("moves");
            foreach (var move in turn.Outcome.Transitions)
            {
                json.WriteStartObject();
                json.WriteString("from", Camel(move.From));
                json.WriteString("to", Camel(move.To));
                json.WriteString("trigger", Camel(move.Trigger));
                json.WriteString("reason", move.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("cards");
            foreach (var card in turn.Outcome.Suggestions)
            {
                json.WriteStartObject();
                json.WriteString("phraseId", card.PhraseId);
                json.WriteNumber("phraseVersion", card.PhraseVersion);
                json.WriteString("category", Camel(card.Category));
                json.WriteString("text", card.Text);
                json.WriteString("why", card.Reason.ToString());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>An enum value's name in camelCase, as the JSON outputs spell it.</summary>
    private static string Camel<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>One line of a replay file, checked.</summary>
    private sealed record RecordedConversation(
        string? Id,
        Channel Channel,
        string Customer,
        string Agent,
        string Issue,
        IReadOnlyList<string> Options,
        IReadOnlyList<(Speaker Speaker, string Text)> Turns)
    {
        /// <summary>Parses and checks one line; <paramref name="where"/> names it in errors.</summary>
        public static RecordedConversation Parse(string line, string where, int maxLength)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                var at = e.BytePositionInLine is { } position ? FormattableString.Invariant($" near byte {position + 1}") : "";
                throw new InvalidDataException($"{where} is not valid JSON{at}.", e);
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidDataException($"{where} is not a JSON object.");
                }

                var channelName = OptionalString(root, "channel", where);
                var channel = channelName?.ToLowerInvariant() switch
                {
                    null or "chat" => Channel.Chat,
                    "voice" => Channel.Voice,
                    _ => throw new InvalidDataException($"{where} has channel '{channelName}', which is neither chat nor voice."),
                };
                var options = new List<string>();
                if (root.TryGetProperty("options", out var optionsElement) && optionsElement.ValueKind != JsonValueKind.Null)
                {
                    if (optionsElement.ValueKind != JsonValueKind.Array || optionsElement.EnumerateArray().Any(o => o.ValueKind != JsonValueKind.String))
                    {
                        throw new InvalidDataException($"{where} has \"options\" that are not an array of strings.");
                    }

                    options.AddRange(optionsElement.EnumerateArray().Select(o => o.GetString()!));
                }

                if (!root.TryGetProperty("turns", out var turnsElement) || turnsElement.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidDataException($"{where} has no \"turns\" array.");
                }

                var turns = new List<(Speaker, string)>();
                foreach (var turn in turnsElement.EnumerateArray())
                {
                    var n = turns.Count + 1;
                    if (turn.ValueKind != JsonValueKind.Object)
                    {
                        throw new InvalidDataException($"{where} turn {n} is not a JSON object.");
                    }

                    var speakerName = OptionalString(turn, "speaker", $"{where} turn {n}");
                    var speaker = speakerName?.ToLowerInvariant() switch
                    {
                        "customer" => Speaker.Customer,
                        "agent" => Speaker.Agent,
                        null => throw new InvalidDataException($"{where} turn {n} has no speaker (customer or agent)."),
                        _ => throw new InvalidDataException($"{where} turn {n} has speaker '{speakerName}', which is neither customer nor agent."),
                    };
                    var text = OptionalString(turn, "text", $"{where} turn {n}");
                    if (string.IsNullOrWhiteSpace(text))
                    {
                        throw new InvalidDataException($"{where} turn {n} has an empty text.");
                    }

                    if (text.Length > maxLength)
                    {
                        throw new InvalidDataException(FormattableString.Invariant(
                            $"{where} turn {n} has a text of {text.Length} characters, over the limit of {maxLength}."));
                    }

                    turns.Add((speaker, text));
                }

                return new RecordedConversation(
                    OptionalString(root, "id", where),
                    channel,
                    NonBlank(OptionalString(root, "customer", where)) ?? "Customer",
                    NonBlank(OptionalString(root, "agent", where)) ?? "Agent",
                    NonBlank(OptionalString(root, "issue", where)) ?? "your issue",
                    options,
                    turns);
            }
        }

        private static string? NonBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

        private static string? OptionalString(JsonElement element, string name, string where)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : throw new InvalidDataException($"{where} has a \"{name}\" that is not a string.");
        }
    }
}
