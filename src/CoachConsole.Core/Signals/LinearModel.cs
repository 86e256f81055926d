using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;

namespace CoachConsole.Core.Signals;

/// <summary>
/// A multinomial logistic regression over sparse word features: one weight per feature and
/// label, plus a bias per label. Immutable once loaded, so one instance serves every thread.
/// The weights are learned by <see cref="ModelTrainer"/> (the <c>coach train</c> command) and
/// shipped as an embedded text resource.
/// </summary>
public sealed class LinearModel
{
    private readonly Dictionary<string, float[]> _weights;
    private FrozenDictionary<string, float[]>? _frozen;

    public LinearModel(string[] labels, float[] bias, IDictionary<string, float[]> weights)
        : this(labels, bias, new Dictionary<string, float[]>(weights ?? throw new ArgumentNullException(nameof(weights)), StringComparer.Ordinal))
    {
    }

    private LinearModel(string[] labels, float[] bias, Dictionary<string, float[]> weights)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Labels = labels;
        Bias = bias;
        _weights = weights;
    }

    /// <summary>The bias row's key: '#' cannot start a word feature, so no word can shadow it.</summary>
    public const string BiasKey = "#bias";

    public string[] Labels { get; }

    public float[] Bias { get; }

    /// <summary>The weights by feature; frozen on first use (the signal reader reads them once, through <see cref="RawWeights"/>).</summary>
    public FrozenDictionary<string, float[]> Weights => _frozen ??= _weights.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The same weights, not frozen: for copying them once into another table.</summary>
    internal IReadOnlyDictionary<string, float[]> RawWeights => _weights;

    public static LinearModel Empty(params string[] labels) => new(labels, new float[labels.Length], new Dictionary<string, float[]>());

    /// <summary>Adds the feature scores to <paramref name="scores"/> (which starts as the bias).</summary>
    public void Score(List<Feature> features, Span<double> scores)
    {
        ArgumentNullException.ThrowIfNull(features);
        for (var k = 0; k < Labels.Length; k++)
        {
            scores[k] = Bias[k];
        }

        foreach (var f in features)
        {
            if (Weights.TryGetValue(f.Key, out var w))
            {
                for (var k = 0; k < w.Length; k++)
                {
                    scores[k] += w[k] * f.Value;
                }
            }
        }
    }

    public static void Softmax(Span<double> scores)
    {
        var max = double.NegativeInfinity;
        foreach (var s in scores)
        {
            max = Math.Max(max, s);
        }

        var sum = 0.0;
        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] = Math.Exp(scores[k] - max);
            sum += scores[k];
        }

        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] /= sum;
        }
    }

    public void Write(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("labels");
        foreach (var l in Labels)
        {
            writer.Write('\t');
            writer.Write(l);
        }

        writer.Write('\n');
        WriteRow(writer, BiasKey, Bias);
        foreach (var (key, w) in Weights.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            WriteRow(writer, key, w);
        }
    }

    private static void WriteRow(TextWriter writer, string key, float[] w)
    {
        writer.Write(key);
        foreach (var v in w)
        {
            writer.Write('\t');
            writer.Write(v.ToString("0.####", CultureInfo.InvariantCulture));
        }

        writer.Write('\n');
    }

    public static LinearModel Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine() ?? throw new InvalidDataException("empty model");
        var labels = header.Split('\t')[1..];
        var bias = new float[labels.Length];
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            // a row is its key and one value per label, tab-separated; other rows are skipped
            var row = line.AsSpan();
            if (row.Count('\t') != labels.Length)
            {
                continue;
            }

            var tab = row.IndexOf('\t');
            var key = tab < 0 ? row : row[..tab];
            var rest = tab < 0 ? default : row[(tab + 1)..];
            var w = new float[labels.Length];
            for (var k = 0; k < labels.Length; k++)
            {
                var next = rest.IndexOf('\t');
                var field = next < 0 ? rest : rest[..next];
                w[k] = ParseWeight(field);
                rest = next < 0 ? default : rest[(next + 1)..];
            }

            if (key.SequenceEqual(BiasKey))
            {
                bias = w;
            }
            else
            {
                weights[key.ToString()] = w;
            }
        }

        return new LinearModel(labels, bias, weights);
    }

    /// <summary>Exact powers of ten as floats (up to 10^10, the last one a float holds exactly).</summary>
    private static readonly float[] PowersOfTen = [1f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f];

    /// <summary>
    /// A weight as <see cref="float.Parse(string, IFormatProvider)"/> reads it (invariant culture), to the bit.
    /// A plain decimal of at most seven digits (every weight <see cref="Write"/> writes) is read with one
    /// division of two floats that hold their values exactly, which rounds to the nearest float just as
    /// parsing does; anything else goes to <see cref="float.Parse(string, IFormatProvider)"/>.
    /// </summary>
    internal static float ParseWeight(ReadOnlySpan<char> field)
    {
        var i = 0;
        var negative = field.Length > 0 && field[0] == '-';
        if (negative)
        {
            i = 1;
        }

        var mantissa = 0;
        var digits = 0;
        var decimals = -1;
        for (; i < field.Length; i++)
        {
            var c = field[i];
            if (c == '.' && decimals < 0)
            {
                decimals = 0;
                continue;
            }

            if (c is < '0' or > '9' || digits == 7)
            {
                return float.Parse(field, CultureInfo.InvariantCulture);
            }

            mantissa = (mantissa * 10) + (c - '0');
            digits++;
            if (decimals >= 0)
            {
                decimals++;
            }
        }

        if (digits == 0)
        {
            return float.Parse(field, CultureInfo.InvariantCulture);
        }

        var value = decimals > 0 ? mantissa / PowersOfTen[decimals] : mantissa;
        return negative ? -value : value;
    }

    /// <summary>Loads an embedded model, or an empty one when the resource is missing.</summary>
    internal static LinearModel FromResource(string name, params string[] labels)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name);
        if (stream is null)
        {
            return Empty(labels);
        }

        using var reader = new StreamReader(stream);
        return Read(reader);
    }
}

/// <summary>One feature occurrence: its key, its value and the token it came from (-1 for none).</summary>
public readonly record struct Feature(string Key, float Value, int Token);
