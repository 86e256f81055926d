using System.Globalization;
using CoachConsole.Core.Signals;

namespace CoachConsole.Core.Tests.Signals;

/// <summary>Loading the learned weights: read to the bit as written, and found again by key.</summary>
public class LinearModelTests
{
    private static int Bits(float f) => BitConverter.SingleToInt32Bits(f);

    private static float Parsed(string s) => float.Parse(s, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.5")]
    [InlineData("-0.0001")]
    [InlineData("1.")]
    [InlineData(".25")]
    [InlineData("-.75")]
    [InlineData("9999999")]
    [InlineData("0.9999999")]
    [InlineData("12345678")]
    [InlineData("0.12345678")]
    [InlineData("1e-3")]
    [InlineData("1,000")]
    [InlineData(" 0.5 ")]
    [InlineData("0.1")]
    [InlineData("16777217")]
    [InlineData("3.4028235E+38")]
    public void ParseWeight_ReadsTheFieldAsFloatParseDoes(string field)
    {
        Assert.Equal(Bits(Parsed(field)), Bits(LinearModel.ParseWeight(field)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("0.1.2")]
    [InlineData("abc")]
    public void ParseWeight_NotANumber_FailsAsFloatParseDoes(string field)
    {
        Assert.Throws<FormatException>(() => Parsed(field));
        Assert.Throws<FormatException>(() => LinearModel.ParseWeight(field));
    }

    [Fact]
    public void ParseWeight_EveryShortDecimal_IsTheFloatParseFloat()
    {
        // every mantissa of up to seven digits, with the point in every place, would be 10^8 cases:
        // all of up to four digits, and a seeded draw of the longer ones
        var random = new Random(20261202);
        var checkedCount = 0;
        for (var n = 0; n < 12_000_000; n += n < 10_000 ? 1 : random.Next(1, 4_000))
        {
            // as written ("0.0123") and padded with zeros to seven digits
            foreach (var digits in new[] { n.ToString(CultureInfo.InvariantCulture), n.ToString("D7", CultureInfo.InvariantCulture) })
            {
                for (var point = 0; point <= digits.Length; point++)
                {
                    foreach (var sign in new[] { "", "-" })
                    {
                        var field = sign + digits[..point] + "." + digits[point..];
                        Assert.True(
                            Bits(Parsed(field)) == Bits(LinearModel.ParseWeight(field)),
                            $"'{field}': {Parsed(field):R} by float.Parse, {LinearModel.ParseWeight(field):R} read");
                        checkedCount++;
                    }
                }
            }
        }

        Assert.True(checkedCount > 100_000);
    }

    [Theory]
    [InlineData(SignalReader.HeatResource)]
    [InlineData(SignalReader.CalmingResource)]
    public void Read_ShippedModel_HasEveryWeightAsWrittenInTheFile(string resource)
    {
        using var stream = typeof(LinearModel).Assembly.GetManifestResourceStream(resource);
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var model = LinearModel.Read(new StringReader(text));

        var rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.True(rows.Length > 1000);
        foreach (var row in rows)
        {
            var parts = row.Split('\t');
            var weights = parts[0] == LinearModel.BiasKey ? model.Bias : model.Weights[parts[0]];
            Assert.Equal(parts[1..].Select(p => Bits(Parsed(p))), weights.Select(Bits));
        }

        Assert.Equal(rows.Length - 1, model.Weights.Count);
    }

    [Fact]
    public void Read_SkipsRowsWithTheWrongNumberOfFields_AndTakesTheBiasRow()
    {
        var model = LinearModel.Read(new StringReader("labels\ta\tb\n#bias\t0.5\t-0.5\nword\t1\t2\nshort\t1\nlong\t1\t2\t3\n\nlast\t-0\t0.25\n"));

        Assert.Equal(["a", "b"], model.Labels);
        Assert.Equal([0.5f, -0.5f], model.Bias);
        Assert.Equal(["last", "word"], model.Weights.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([1f, 2f], model.Weights["word"]);
        Assert.True(float.IsNegative(model.Weights["last"][0]));
    }

    [Fact]
    public void Constructor_CopiesTheWeights_SoLaterChangesToTheCallersDictionaryDoNotShow()
    {
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal) { ["a"] = [1f] };
        var model = new LinearModel(["x"], [0f], weights);
        weights["b"] = [2f];

        Assert.Equal(["a"], model.Weights.Keys.ToArray());
    }

    [Fact]
    public void WeightTable_FindsEveryKeyItWasGiven_AndNoOther()
    {
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var i = 0; i < 50_000; i++)
        {
            weights[$"w{i}"] = [i];
            weights[$"w{i} pair"] = [-i];
        }

        var table = new WeightTable(weights);

        Assert.Equal(weights.Count, table.Count);
        foreach (var (key, value) in weights)
        {
            Assert.True(table.TryGetValue(key, out var found), key);
            Assert.Same(value, found);
        }

        foreach (var missing in new[] { "", "w", "w50000", "W1", "w1 ", " w1", "w1 pai", "w1 pairs", "w0\0" })
        {
            Assert.False(table.TryGetValue(missing, out _), missing);
        }
    }

    [Fact]
    public void WeightTable_Empty_FindsNothing()
    {
        var table = new WeightTable(new Dictionary<string, float[]>());

        Assert.Equal(0, table.Count);
        Assert.False(table.TryGetValue("anything", out _));
    }
}
