using System.Globalization;
using System.Text;
using System.Text.Json;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Core.Text;

namespace CoachConsole.Cli;

/// <summary><c>coach eval</c>: precision, recall and F1 of the signal reader on a labelled CSV.</summary>
internal static class EvalCommand
{
    public const string Usage =
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
        """;

    public static async Task<int> RunAsync(string[] args, CoachCommand.Io io)
    {
        var options = new OptionParser().Flags("--json").Values("--target").Positional(1).Parse(args);
        var file = options.Positional.FirstOrDefault() ?? throw new UsageException("missing FILE.csv.");
        var target = options.Value("--target") ?? throw new UsageException("missing --target (heat, abuse, offensive, escalation or calming).");
        if (!EvalTarget.All.TryGetValue(target, out var t))
        {
            throw new UsageException($"unknown target '{target}' (heat, abuse, offensive, escalation or calming).");
        }

        using var input = CommandInput.OpenFile(file);
        var csv = new CsvReader(input);
        var header = csv.ReadRecord() ?? throw new InvalidDataException($"{file} is empty.");
        var textColumn = CommandInput.Column(header, "text", file);
        var labelColumn = CommandInput.Column(header, "label", file);
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

            var reading = CoachCommand.Reader.Read(Speaker.Customer, record[textColumn]);
            result.Add(gold, t.Predict(reading));
        }

        await io.Out.WriteAsync(options.Has("--json") ? result.ToJson(target) + "\n" : result.ToTable(target));
        return 0;
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
