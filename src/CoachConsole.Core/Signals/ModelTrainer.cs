namespace CoachConsole.Core.Signals;

/// <summary>
/// Trains a <see cref="LinearModel"/> on labelled utterances with the reader's own features:
/// multinomial logistic regression, AdaGrad, L2, class-balanced example weights. Deterministic.
/// </summary>
public static class ModelTrainer
{
    public static LinearModel Train(
        IReadOnlyList<(string Text, string Label)> rows,
        string[] labels,
        int epochs = 12,
        double learningRate = 0.2,
        double l2 = 2e-4,
        int minCount = 2,
        double balance = 0.75)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        var k = labels.Length;
        var examples = new List<(Feature[] Features, int Label)>(rows.Count);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var labelCounts = new int[k];
        foreach (var (text, label) in rows)
        {
            var y = Array.IndexOf(labels, label);
            if (y < 0)
            {
                throw new InvalidDataException($"unknown label '{label}'");
            }

            var features = SignalReader.ExtractFeatures(text).ToArray();
            examples.Add((features, y));
            labelCounts[y]++;
            foreach (var key in features.Select(f => f.Key).Distinct())
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        var classWeight = new double[k];
        for (var c = 0; c < k; c++)
        {
            classWeight[c] = Math.Pow(examples.Count / (double)(k * Math.Max(1, labelCounts[c])), balance);
        }

        var weights = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var grads = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (key, n) in counts)
        {
            if (n >= minCount)
            {
                weights[key] = new double[k];
                grads[key] = new double[k];
            }
        }

        var bias = new double[k];
        var biasGrad = new double[k];
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var random = new Random(17);
        var scores = new double[k];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var idx in order)
            {
                var (features, y) = examples[idx];
                for (var c = 0; c < k; c++)
                {
                    scores[c] = bias[c];
                }

                foreach (var f in features)
                {
                    if (weights.TryGetValue(f.Key, out var w))
                    {
                        for (var c = 0; c < k; c++)
                        {
                            scores[c] += w[c] * f.Value;
                        }
                    }
                }

                if (k == 1)
                {
                    // not used: binary problems are trained as two labels
                    continue;
                }

                LinearModel.Softmax(scores);
                var cw = classWeight[y];
                for (var c = 0; c < k; c++)
                {
                    var g = cw * (scores[c] - (c == y ? 1 : 0));
                    biasGrad[c] += g * g;
                    bias[c] -= learningRate * g / Math.Sqrt(biasGrad[c] + 1e-8);
                    foreach (var f in features)
                    {
                        if (weights.TryGetValue(f.Key, out var w))
                        {
                            var gw = (g * f.Value) + (l2 * w[c] * examples.Count / Math.Max(1, counts[f.Key]));
                            var acc = grads[f.Key];
                            acc[c] += gw * gw;
                            w[c] -= learningRate * gw / Math.Sqrt(acc[c] + 1e-8);
                        }
                    }
                }
            }
        }

        var final = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (key, w) in weights)
        {
            // centre each feature's weights (softmax is unchanged) and drop the negligible ones
            var mean = w.Average();
            var centred = w.Select(v => (float)Math.Round(v - mean, 4)).ToArray();
            if (centred.Any(v => Math.Abs(v) >= 0.02f))
            {
                final[key] = centred;
            }
        }

        var biasMean = bias.Average();
        return new LinearModel(labels, [.. bias.Select(b => (float)(b - biasMean))], final);
    }
}

/// <summary>Measures a model on labelled rows and finds the label offsets that maximise macro-F1.</summary>
public static class ModelTuner
{
    public static (double[] Offsets, double MacroF1, double BaseMacroF1) TuneOffsets(LinearModel model, IReadOnlyList<(string Text, string Label)> rows)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        var k = model.Labels.Length;
        var scores = new double[rows.Count][];
        var gold = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            scores[i] = new double[k];
            model.Score(SignalReader.ExtractFeatures(rows[i].Text), scores[i]);
            gold[i] = Array.IndexOf(model.Labels, rows[i].Label);
        }

        return SearchOffsets(scores, gold, k, null);
    }

    /// <summary>
    /// Label offsets chosen by k-fold cross-validation on training rows: each fold is scored by a
    /// model trained on the other folds, and the offsets maximise the macro-F1 of those
    /// out-of-fold scores, with each label weighted so the rows stand for <paramref name="mix"/>
    /// (the share of each label where the reader is used; null keeps the rows' own shares).
    /// </summary>
    public static (double[] Offsets, double MacroF1, double BaseMacroF1) CrossValidatedOffsets(
        IReadOnlyList<(string Text, string Label)> rows,
        string[] labels,
        int folds,
        IReadOnlyDictionary<string, double>? mix,
        Func<IReadOnlyList<(string Text, string Label)>, LinearModel> train)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var k = labels.Length;
        var fold = new int[rows.Count];
        var order = Enumerable.Range(0, rows.Count).ToArray();
        new Random(17).Shuffle(order);
        for (var i = 0; i < order.Length; i++)
        {
            fold[order[i]] = i % folds;
        }

        var scores = new double[rows.Count][];
        var gold = new int[rows.Count];
        for (var f = 0; f < folds; f++)
        {
            var model = train([.. rows.Where((_, i) => fold[i] != f)]);
            for (var i = 0; i < rows.Count; i++)
            {
                if (fold[i] == f)
                {
                    scores[i] = new double[k];
                    model.Score(SignalReader.ExtractFeatures(rows[i].Text), scores[i]);
                }
            }
        }

        var counts = new double[k];
        for (var i = 0; i < rows.Count; i++)
        {
            gold[i] = Array.IndexOf(labels, rows[i].Label);
            counts[gold[i]]++;
        }

        var weight = new double[k];
        var total = mix?.Values.Sum() ?? 0;
        for (var c = 0; c < k; c++)
        {
            weight[c] = mix is null || counts[c] == 0 ? 1 : mix.GetValueOrDefault(labels[c]) / total / (counts[c] / rows.Count);
        }

        return SearchOffsets(scores, gold, k, weight);
    }

    /// <summary>Coordinate search of each label's offset (-3 to 3 by 0.05, four rounds) for the best macro-F1.</summary>
    private static (double[] Offsets, double MacroF1, double BaseMacroF1) SearchOffsets(double[][] scores, int[] gold, int k, double[]? weight)
    {
        var offsets = new double[k];
        var baseF1 = MacroF1(scores, gold, offsets, k, weight);
        var best = baseF1;
        for (var round = 0; round < 4; round++)
        {
            for (var c = 1; c < k; c++)
            {
                var keep = offsets[c];
                for (var v = -3.0; v <= 3.0; v += 0.05)
                {
                    offsets[c] = v;
                    var score = MacroF1(scores, gold, offsets, k, weight);
                    if (score > best + 1e-9)
                    {
                        best = score;
                        keep = v;
                    }
                }

                offsets[c] = keep;
            }
        }

        return (offsets, best, baseF1);
    }

    public static double MacroF1(double[][] scores, int[] gold, double[] offsets, int k) => MacroF1(scores, gold, offsets, k, null);

    /// <summary>Macro-F1 of the offset scores, each row counted with its label's weight.</summary>
    public static double MacroF1(double[][] scores, int[] gold, double[] offsets, int k, double[]? labelWeight)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(offsets);
        var tp = new double[k];
        var pred = new double[k];
        var sup = new double[k];
        for (var i = 0; i < scores.Length; i++)
        {
            var w = labelWeight?[gold[i]] ?? 1;
            var best = 0;
            for (var c = 1; c < k; c++)
            {
                if (scores[i][c] + offsets[c] > scores[i][best] + offsets[best])
                {
                    best = c;
                }
            }

            pred[best] += w;
            sup[gold[i]] += w;
            if (best == gold[i])
            {
                tp[best] += w;
            }
        }

        var sum = 0.0;
        for (var c = 0; c < k; c++)
        {
            var p = pred[c] == 0 ? 0 : tp[c] / pred[c];
            var r = sup[c] == 0 ? 0 : tp[c] / sup[c];
            sum += p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        return sum / k;
    }
}
