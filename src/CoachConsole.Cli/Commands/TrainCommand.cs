using System.Globalization;
using System.Text;
using CoachConsole.Core.Signals;
using CoachConsole.Core.Text;

namespace CoachConsole.Cli;

/// <summary><c>coach train</c>: fits the heat and calming models on labelled CSVs.</summary>
internal static class TrainCommand
{
    public const string Usage =
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
        """;

    public static async Task<int> RunAsync(string[] args, CoachCommand.Io io)
    {
        var options = new OptionParser().Values("--heat", "--calming", "--out", "--dev-heat", "--dev-calming", "--epochs", "--l2", "--min-count", "--balance", "--rate", "--cv", "--mix-heat", "--mix-calming").Parse(args);
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

            using var input = CommandInput.OpenFile(file);
            var csv = new CsvReader(input);
            var header = csv.ReadRecord() ?? throw new InvalidDataException($"{file} is empty.");
            var textColumn = CommandInput.Column(header, "text", file);
            var labelColumn = CommandInput.Column(header, "label", file);
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
                using var devInput = CommandInput.OpenFile(dev);
                var devCsv = new CsvReader(devInput);
                var devHeader = devCsv.ReadRecord() ?? throw new InvalidDataException($"{dev} is empty.");
                var devText = CommandInput.Column(devHeader, "text", dev);
                var devLabel = CommandInput.Column(devHeader, "label", dev);
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
}
