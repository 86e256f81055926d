using CoachConsole.Core.Text;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;

namespace CoachConsole.Cli;

/// <summary>
/// The <c>coach</c> command line: analyse utterances, evaluate the signal reader on labelled
/// data, train its weights, and replay recorded conversations through the coach. Subcommands
/// live in <see cref="Commands"/>: to add one, add an entry with its usage text and handler.
/// </summary>
public static partial class CoachCommand
{
    /// <summary>Exit code for bad usage (unknown subcommand or option, missing argument).</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for bad data (unreadable file, missing column, unknown label, bad replay line).</summary>
    public const int DataError = 1;

    private static readonly SignalReader Reader = new();

    /// <summary>A subcommand: its usage text and its handler.</summary>
    public sealed record Subcommand(string Usage, Func<string[], Io, Task<int>> Run);

    /// <summary>The standard streams a subcommand works with.</summary>
    public sealed record Io(TextReader In, TextWriter Out, TextWriter Error);

    /// <summary>The subcommand dispatch table.</summary>
    public static readonly IReadOnlyDictionary<string, Subcommand> Commands = new Dictionary<string, Subcommand>(StringComparer.Ordinal)
    {
        ["analyze"] = new(
            """
            coach analyze [--csv] [--speaker customer|agent] [FILE]
                Reads utterances from FILE (or standard input): one per line, or with --csv a CSV
                file with a header row and a `text` column. Writes one JSON object per line:
                {"text", "heat" (0..1), "mood" (positive|neutral|annoyed|angry),
                 "abusive", "escalation", "calming" (booleans: the Abuse, ManagerRequest and
                 Calming signals), "signals" (names of every signal raised),
                 "cues": [{"signal", "text", "start", "length"}]}.
                A cue's signal is "heat" when it only moved the heat. --speaker agent reads the
                agent's signals (acknowledgement, apology, phraseToAvoid, ...) instead.
            """,
            AnalyzeAsync),
        ["eval"] = new(
            """
            coach eval FILE.csv --target heat|abuse|offensive|escalation|calming [--json]
                Reads a `text,label` CSV (RFC 4180, UTF-8, header row) and prints precision,
                recall and F1 per label and the macro-F1. Mappings from the reading to labels:
                  heat        mood -> positive|neutral|annoyed|angry
                  abuse       Abuse signal (abuse aimed at the agent: insults, threats, sexual
                              harassment) or a Profanity cue that is strong swearing (f-word,
                              shit, bitch...; not damn, crap, wtf) -> abusive, else not_abusive.
                              For users' turns to a conversational agent, where the only listener
                              is the agent.
                  offensive   Abuse or Profanity (any swearing or slur) -> abusive, else
                              not_abusive (for general offensive-language sets such as
                              abuse_tweets.dev.csv)
                  escalation  ManagerRequest -> escalation_request, else not_escalation
                  calming     Calming -> calming, else not_calming
            """,
            EvalAsync),
        ["train"] = new(
            """
            coach train --heat HEAT.csv --calming CALMING.csv --out DIR [--dev-heat DEV.csv]
                        [--dev-calming DEV.csv] [--epochs 12] [--l2 2e-4] [--min-count 2]
                        [--balance 0.75] [--rate 0.2]
                Trains the heat and calming models (logistic regression over the reader's own
                word features) on `text,label` CSVs and writes DIR/heat.tsv and DIR/calming.tsv.
                The shipped models are these files in src/CoachConsole.Core/Signals/Model,
                embedded at build time: train with --out src/CoachConsole.Core/Signals/Model
                and rebuild. --dev-* reports the macro-F1 on a dev file and the label offsets
                that maximise it (the reader's HeatOffsets and CalmingOffset).
            """,
            TrainAsync),
        ["replay"] = new(ReplayUsage, ReplayAsync),
        ["load"] = new(LoadUsage, LoadAsync),
    };

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length == 0)
        {
            await stderr.WriteLineAsync("coach: missing subcommand; run 'coach --help' for usage.");
            return UsageError;
        }

        if (args[0] is "--help" or "-h" or "help")
        {
            await stdout.WriteAsync(Usage());
            return 0;
        }

        if (!Commands.TryGetValue(args[0], out var command))
        {
            await stderr.WriteLineAsync($"coach: unknown subcommand '{args[0]}'; run 'coach --help' for usage.");
            return UsageError;
        }

        if (args.Skip(1).Any(a => a is "--help" or "-h"))
        {
            await stdout.WriteLineAsync(command.Usage);
            return 0;
        }

        try
        {
            return await command.Run(args[1..], new Io(stdin, stdout, stderr));
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"coach {args[0]}: {e.Message}");
            return UsageError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
        {
            await stderr.WriteLineAsync($"coach {args[0]}: {e.Message}");
            return DataError;
        }
    }

    public static string Usage()
    {
        var sb = new StringBuilder("usage: coach <subcommand> [options]\n\n");
        foreach (var c in Commands.Values)
        {
            sb.Append(c.Usage).Append('\n');
        }

        sb.Append("Exit codes: 0 success, 1 bad data (unreadable file, missing column, bad replay line), 2 bad usage.\n");
        return sb.ToString();
    }

    private static async Task<int> AnalyzeAsync(string[] args, Io io)
    {
        var options = Options.Parse(args, flags: ["--csv"], values: ["--speaker"], maxPositional: 1);
        var speaker = options.Value("--speaker") switch
        {
            null or "customer" => Speaker.Customer,
            "agent" => Speaker.Agent,
            var s => throw new UsageException($"unknown speaker '{s}' (customer or agent)."),
        };
        var file = options.Positional.FirstOrDefault();
        using var input = file is null or "-" ? null : OpenFile(file);
        var reader = input ?? io.In;
        var avoid = speaker == Speaker.Agent ? AvoidMatcher.For(ReplayLibrary.Value) : null;
        var line = new AnalysisLine();
        void Analyze(string text)
        {
            var reading = Reader.Read(speaker, text);
            if (avoid is not null)
            {
                reading = avoid.AddTo(reading, text, Reader.MaxLength);
            }

            line.Write(text, reading, io.Out);
        }

        if (options.Has("--csv") || input is not null)
        {
            foreach (var text in options.Has("--csv") ? ReadCsvColumn(reader, "text") : ReadLines(reader))
            {
                Analyze(text);
            }
        }
        else
        {
            await foreach (var text in ReadLinesAsWrittenAsync(reader, io.Out))
            {
                Analyze(text);
            }
        }

        await io.Out.FlushAsync();
        return 0;
    }

    /// <summary>
    /// The lines of a stream another program writes. Output to a file or a pipe is buffered; what
    /// has been written goes out whenever the next line is not there yet, so a caller feeding lines
    /// one at a time sees each answer before it sends the next.
    /// </summary>
    private static async IAsyncEnumerable<string> ReadLinesAsWrittenAsync(TextReader reader, TextWriter output)
    {
        while (true)
        {
            var next = reader.ReadLineAsync(CancellationToken.None);
            if (!next.IsCompleted)
            {
                await output.FlushAsync();
            }

            if (await next is not { } line)
            {
                yield break;
            }

            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    private static async Task<int> EvalAsync(string[] args, Io io)
    {
        var options = Options.Parse(args, flags: ["--json"], values: ["--target"], maxPositional: 1);
        var file = options.Positional.FirstOrDefault() ?? throw new UsageException("missing FILE.csv.");
        var target = options.Value("--target") ?? throw new UsageException("missing --target (heat, abuse, offensive, escalation or calming).");
        if (!EvalTarget.All.TryGetValue(target, out var t))
        {
            throw new UsageException($"unknown target '{target}' (heat, abuse, offensive, escalation or calming).");
        }

        using var input = OpenFile(file);
        var csv = new CsvReader(input);
        var header = csv.ReadRecord() ?? throw new InvalidDataException($"{file} is empty.");
        var textColumn = Column(header, "text", file);
        var labelColumn = Column(header, "label", file);
        var result = new EvalResult(t.Labels);
        foreach (var record in csv.ReadAll())
        {
            if (record.Count != header.Count)
            {
                throw new InvalidDataException($"{file} line {csv.LineNumber} has {record.Count} fields, expected {header.Count}.");
            }

            var gold = record[labelColumn];
            if (!t.Labels.Contains(gold))
            {
                throw new InvalidDataException($"{file} line {csv.LineNumber} has label '{gold}', which target {target} does not know.");
            }

            var reading = Reader.Read(Speaker.Customer, record[textColumn]);
            result.Add(gold, t.Predict(reading));
        }

        await io.Out.WriteAsync(options.Has("--json") ? result.ToJson(target) + "\n" : result.ToTable(target));
        return 0;
    }

    private static async Task<int> TrainAsync(string[] args, Io io)
    {
        var options = Options.Parse(args, flags: [], values: ["--heat", "--calming", "--out", "--dev-heat", "--dev-calming", "--epochs", "--l2", "--min-count", "--balance", "--rate", "--cv", "--mix-heat", "--mix-calming"], maxPositional: 0);
        var output = options.Value("--out") ?? throw new UsageException("missing --out DIR.");
        var heat = options.Value("--heat");
        var calming = options.Value("--calming");
        if (heat is null && calming is null)
        {
            throw new UsageException("give --heat FILE, --calming FILE or both.");
        }

        Directory.CreateDirectory(output);
        foreach (var (file, labels, name) in new[] { (heat, SignalReader.HeatLabels, "heat"), (calming, SignalReader.CalmingLabels, "calming") })
        {
            if (file is null)
            {
                continue;
            }

            using var input = OpenFile(file);
            var csv = new CsvReader(input);
            var header = csv.ReadRecord() ?? throw new InvalidDataException($"{file} is empty.");
            var textColumn = Column(header, "text", file);
            var labelColumn = Column(header, "label", file);
            var rows = csv.ReadAll().Select(r => (r[textColumn], r[labelColumn])).ToList();
            LinearModel Fit(IReadOnlyList<(string Text, string Label)> train) => ModelTrainer.Train(
                train,
                labels,
                epochs: int.Parse(options.Value("--epochs") ?? "12", CultureInfo.InvariantCulture),
                learningRate: double.Parse(options.Value("--rate") ?? "0.2", CultureInfo.InvariantCulture),
                l2: double.Parse(options.Value("--l2") ?? "2e-4", CultureInfo.InvariantCulture),
                minCount: int.Parse(options.Value("--min-count") ?? "2", CultureInfo.InvariantCulture),
                balance: double.Parse(options.Value("--balance") ?? "0.75", CultureInfo.InvariantCulture));
            var model = Fit(rows);
            if (options.Value("--cv") is { } cv)
            {
                var folds = int.TryParse(cv, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 2
                    ? n : throw new UsageException("--cv takes a number of folds, 2 or more.");
                var mix = options.Value("--mix-" + name) is { } m ? ParseMix(m, labels) : null;
                var (cvOffsets, cvTuned, cvUntuned) = ModelTuner.CrossValidatedOffsets(rows, labels, folds, mix, Fit);
                await io.Out.WriteLineAsync(FormattableString.Invariant(
                    $"{name} {folds}-fold macro-F1 {cvUntuned:0.0000}, with offsets [{string.Join(", ", cvOffsets.Select(o => o.ToString("0.00", CultureInfo.InvariantCulture)))}] {cvTuned:0.0000}"));
            }

            if (options.Value("--dev-" + name) is { } dev)
            {
                using var devInput = OpenFile(dev);
                var devCsv = new CsvReader(devInput);
                var devHeader = devCsv.ReadRecord() ?? throw new InvalidDataException($"{dev} is empty.");
                var devText = Column(devHeader, "text", dev);
                var devLabel = Column(devHeader, "label", dev);
                var devRows = devCsv.ReadAll().Select(r => (r[devText], r[devLabel])).ToList();
                var (offsets, tuned, untuned) = ModelTuner.TuneOffsets(model, devRows);
                await io.Out.WriteLineAsync(FormattableString.Invariant(
                    $"{name} dev macro-F1 {untuned:0.0000}, with offsets [{string.Join(", ", offsets.Select(o => o.ToString("0.00", CultureInfo.InvariantCulture)))}] {tuned:0.0000}"));
            }

            var path = Path.Combine(output, name + ".tsv");
            await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
            {
                model.Write(writer);
            }

            await io.Out.WriteLineAsync($"{name}: {rows.Count} rows, {model.Weights.Count} features -> {path}");
        }

        return 0;
    }

    /// <summary>"positive=700,neutral=700": how many of each label the reader meets where it is used.</summary>
    private static Dictionary<string, double> ParseMix(string text, string[] labels)
    {
        var mix = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !labels.Contains(part[..eq]) || !double.TryParse(part[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var share) || share < 0)
            {
                throw new UsageException($"the label mix '{text}' must read label=count,... with the labels {string.Join(", ", labels)}.");
            }

            mix[part[..eq]] = share;
        }

        return mix.Values.Sum() > 0 ? mix : throw new UsageException($"the label mix '{text}' has no positive count.");
    }

    private static StreamReader OpenFile(string path)
    {
        try
        {
            return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new IOException($"cannot read '{path}': {e.Message}", e);
        }
    }

    private static int Column(IReadOnlyList<string> header, string name, string file)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim().TrimStart('\uFEFF'), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new InvalidDataException($"{file} has no '{name}' column in its header row.");
    }

    private static IEnumerable<string> ReadLines(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    private static IEnumerable<string> ReadCsvColumn(TextReader reader, string name)
    {
        var csv = new CsvReader(reader);
        var header = csv.ReadRecord() ?? throw new InvalidDataException("the CSV input is empty.");
        var column = Column(header, name, "the CSV input");
        foreach (var record in csv.ReadAll())
        {
            if (column >= record.Count)
            {
                throw new InvalidDataException($"CSV line {csv.LineNumber} has no '{name}' field.");
            }

            yield return record[column];
        }
    }

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes analyze lines (one JSON object per utterance) one after another through one reused JSON writer and buffer, so a long
    /// file costs the reading of its lines and little else.
    /// </summary>
    private sealed class AnalysisLine
    {
        private readonly ArrayBufferWriter<byte> _bytes = new(1024);
        private readonly Utf8JsonWriter _json;
        private char[] _chars = new char[1024];

        public AnalysisLine() => _json = new Utf8JsonWriter(_bytes, JsonOptions);

        public void Write(string text, SignalReading reading, TextWriter output)
        {
            ArgumentNullException.ThrowIfNull(reading);
            _bytes.ResetWrittenCount();
            _json.Reset(_bytes);
            _json.WriteStartObject();
            _json.WriteString("text", text);
            _json.WriteNumber("heat", Math.Round(reading.Heat, 3));
            _json.WriteString("mood", MoodNames[(int)reading.Mood]);
            _json.WriteBoolean("abusive", reading.Has(SignalKind.Abuse));
            _json.WriteBoolean("escalation", reading.Has(SignalKind.ManagerRequest));
            _json.WriteBoolean("calming", reading.Has(SignalKind.Calming));
            WriteSignalsAndCues(_json, reading);
            _json.WriteEndObject();
            _json.Flush();

            var bytes = _bytes.WrittenSpan;
            var length = Encoding.UTF8.GetMaxCharCount(bytes.Length) + 1;
            if (_chars.Length < length)
            {
                _chars = new char[Math.Max(length, _chars.Length * 2)];
            }

            var written = Encoding.UTF8.GetChars(bytes, _chars);
            _chars[written] = '\n';
            output.Write(_chars, 0, written + 1);
        }
    }

    /// <summary>Each mood's name in the output, by the mood's value.</summary>
    private static readonly string[] MoodNames = Enum.GetValues<Mood>().OrderBy(m => (int)m)
        .Select(m => m.ToString().ToLowerInvariant()).ToArray();

    /// <summary>Every signal with its output name, in the enum's order.</summary>
    private static readonly (SignalKind Kind, string Name)[] NamedSignals = Enum.GetValues<SignalKind>()
        .Where(k => k != SignalKind.None).Select(k => (k, SignalName(k))).ToArray();

    /// <summary>The names of the signals a reading raised, in the enum's order.</summary>
    private static IEnumerable<string> SignalNames(SignalReading reading)
    {
        foreach (var (kind, name) in NamedSignals)
        {
            if (reading.Has(kind))
            {
                yield return name;
            }
        }
    }

    /// <summary>The "signals" and "cues" members shared by the analyze and replay outputs.</summary>
    private static void WriteSignalsAndCues(Utf8JsonWriter json, SignalReading reading)
    {
        json.WriteStartArray("signals");
        foreach (var (kind, name) in NamedSignals)
        {
            if (reading.Has(kind))
            {
                json.WriteStringValue(name);
            }
        }

        json.WriteEndArray();
        json.WriteStartArray("cues");
        foreach (var cue in reading.Cues)
        {
            json.WriteStartObject();
            json.WriteString("signal", SignalName(cue.Signal));
            json.WriteString("text", cue.Text);
            json.WriteNumber("start", cue.Start);
            json.WriteNumber("length", cue.Length);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>camelCase signal name; "heat" for a heat-only cue.</summary>
    public static string SignalName(SignalKind kind)
    {
        if (kind == SignalKind.None)
        {
            return "heat";
        }

        var name = kind.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private sealed class UsageException(string message) : Exception(message);

    /// <summary>A tiny option parser: flags, options with one value, positional arguments.</summary>
    private sealed class Options
    {
        private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

        public List<string> Positional { get; } = [];

        public bool Has(string flag) => _flags.Contains(flag);

        public string? Value(string name) => _values.GetValueOrDefault(name);

        public static Options Parse(string[] args, string[] flags, string[] values, int maxPositional)
        {
            var o = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                var a = args[i];
                if (flags.Contains(a))
                {
                    o._flags.Add(a);
                }
                else if (values.Contains(a))
                {
                    if (i + 1 >= args.Length)
                    {
                        throw new UsageException($"option {a} needs a value.");
                    }

                    o._values[a] = args[++i];
                }
                else if (a.StartsWith("--", StringComparison.Ordinal))
                {
                    throw new UsageException($"unknown option '{a}'.");
                }
                else
                {
                    o.Positional.Add(a);
                }
            }

            if (o.Positional.Count > maxPositional)
            {
                throw new UsageException($"unexpected argument '{o.Positional[maxPositional]}'.");
            }

            return o;
        }
    }

    private sealed record EvalTarget(string[] Labels, Func<SignalReading, string> Predict)
    {
        public static readonly Dictionary<string, EvalTarget> All = new(StringComparer.Ordinal)
        {
            ["heat"] = new(SignalReader.HeatLabels, r => r.Mood.ToString().ToLowerInvariant()),
            ["abuse"] = new(["abusive", "not_abusive"], r => IsAbusive(r) ? "abusive" : "not_abusive"),
            ["offensive"] = new(["abusive", "not_abusive"], r => r.Has(SignalKind.Abuse) || r.Has(SignalKind.Profanity) ? "abusive" : "not_abusive"),
            ["escalation"] = new(["escalation_request", "not_escalation"], r => r.Has(SignalKind.ManagerRequest) ? "escalation_request" : "not_escalation"),
            ["calming"] = new(["calming", "not_calming"], r => r.Has(SignalKind.Calming) ? "calming" : "not_calming"),
        };

        private static bool IsAbusive(SignalReading r) =>
            r.Has(SignalKind.Abuse) || r.Cues.Any(c => c.Signal == SignalKind.Profanity && SignalReader.IsStrongSwearing(c.Text));
    }

    private sealed class EvalResult(string[] labels)
    {
        private readonly Dictionary<(string Gold, string Predicted), int> _counts = [];
        private int _total;

        public void Add(string gold, string predicted)
        {
            _counts[(gold, predicted)] = _counts.GetValueOrDefault((gold, predicted)) + 1;
            _total++;
        }

        private (double P, double R, double F1, int Support) Score(string label)
        {
            var tp = _counts.GetValueOrDefault((label, label));
            var predicted = _counts.Where(p => p.Key.Predicted == label).Sum(p => p.Value);
            var support = _counts.Where(p => p.Key.Gold == label).Sum(p => p.Value);
            var precision = predicted == 0 ? 0 : tp / (double)predicted;
            var recall = support == 0 ? 0 : tp / (double)support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            return (precision, recall, f1, support);
        }

        private double Macro => labels.Average(l => Score(l).F1);

        private double Accuracy => _total == 0 ? 0 : labels.Sum(l => _counts.GetValueOrDefault((l, l))) / (double)_total;

        public string ToTable(string target)
        {
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"target {target}: {_total} rows\n");
            sb.Append(CultureInfo.InvariantCulture, $"{"label",-20} {"precision",9} {"recall",9} {"f1",9} {"support",8}\n");
            foreach (var l in labels)
            {
                var (p, r, f, n) = Score(l);
                sb.Append(CultureInfo.InvariantCulture, $"{l,-20} {p,9:0.000} {r,9:0.000} {f,9:0.000} {n,8}\n");
            }

            sb.Append(CultureInfo.InvariantCulture, $"{"macro-F1",-20} {"",9} {"",9} {Macro,9:0.000} {_total,8}\n");
            sb.Append(CultureInfo.InvariantCulture, $"{"accuracy",-20} {"",9} {"",9} {Accuracy,9:0.000}\n");
            return sb.ToString();
        }

        public string ToJson(string target)
        {
            using var stream = new MemoryStream();
            using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartObject();
                json.WriteString("target", target);
                json.WriteNumber("rows", _total);
                json.WriteStartObject("labels");
                foreach (var l in labels)
                {
                    var (p, r, f, n) = Score(l);
                    json.WriteStartObject(l);
                    json.WriteNumber("precision", Math.Round(p, 4));
                    json.WriteNumber("recall", Math.Round(r, 4));
                    json.WriteNumber("f1", Math.Round(f, 4));
                    json.WriteNumber("support", n);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteNumber("macroF1", Math.Round(Macro, 4));
                json.WriteNumber("accuracy", Math.Round(Accuracy, 4));
                json.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }
    }
}
