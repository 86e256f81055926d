using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Core.Text;

namespace CoachConsole.Core.Phrases;

/// <summary>A problem with one row of an imported library, or one phrase being edited.</summary>
public sealed record RowError(int Row, string Field, string Message)
{
    public override string ToString() => Row > 0 ? $"row {Row}, {Field}: {Message}" : $"{Field}: {Message}";
}

/// <summary>What an import read: the phrases, or the errors that stop it (then nothing is imported).</summary>
public sealed record ImportResult(IReadOnlyList<Phrase> Phrases, IReadOnlyList<RowError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Validates phrases and reads and writes the library as JSON (the shipped format) or CSV
/// (<c>id,stage,category,channel,signal,ladderStep,teams,text</c>; teams separated by <c>;</c>).
/// </summary>
public static partial class LibraryFormat
{
    public const int MaxText = 1000;
    public const int MaxId = 100;

    public static readonly IReadOnlyList<string> Placeholders = ["customer", "agent", "issue", "options"];

    public static readonly string[] CsvColumns = ["id", "stage", "category", "channel", "signal", "ladderStep", "teams", "text", "featured"];

    /// <summary>Everything wrong with one phrase; empty when it may be published.</summary>
    public static IReadOnlyList<RowError> Validate(Phrase phrase, int row = 0)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        var errors = new List<RowError>();
        if (string.IsNullOrWhiteSpace(phrase.Id) || phrase.Id.Length > MaxId || !IdPattern().IsMatch(phrase.Id))
        {
            errors.Add(new(row, "id", $"An id is 1 to {MaxId} lower-case letters, digits and dashes."));
        }
        else if (Privacy.TranscriptMasker.HoldsCardNumber(phrase.Id))
        {
            // Ids travel in card events, exports and the API as they are: one holding a card number is refused.
            errors.Add(new(row, "id", "An id must not hold a card number."));
        }

        if (phrase.Teams.Any(Privacy.TranscriptMasker.HoldsCardNumber))
        {
            errors.Add(new(row, "teams", "A team id must not hold a card number."));
        }

        if (string.IsNullOrWhiteSpace(phrase.Text) || phrase.Text.Length > MaxText)
        {
            errors.Add(new(row, "text", $"The phrasing is 1 to {MaxText} characters."));
        }
        else
        {
            foreach (Match m in Brace().Matches(phrase.Text))
            {
                var name = m.Groups[1].Value;
                if (!Placeholders.Contains(name))
                {
                    errors.Add(new(row, "text", $"Unknown placeholder {m.Value}; use {{customer}}, {{agent}}, {{issue}} or {{options}}."));
                }
            }

            if (Brace().Replace(phrase.Text, "").IndexOfAny(['{', '}']) >= 0)
            {
                errors.Add(new(row, "text", "A brace without a placeholder name."));
            }
        }

        if (phrase.Stage is Stage.Ended or Stage.SupervisorEngaged)
        {
            errors.Add(new(row, "stage", $"No cards are shown in {phrase.Stage}."));
        }

        if (phrase.Stage == Stage.BoundarySetting != phrase.LadderStep.HasValue || phrase.LadderStep is < 1 or > Conversation.PolicyEndStep)
        {
            errors.Add(new(row, "ladderStep", "Boundary scripts, and only they, have a ladder step from 1 to 4."));
        }

        return errors;
    }

    public static ImportResult ReadJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        List<Phrase>? phrases;
        try
        {
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement;
            var array = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("phrases", out var p) ? p : root;
            phrases = array.Deserialize<List<Phrase>>(DefaultLibrary.JsonOptions);
        }
        catch (JsonException ex)
        {
            return new([], [new(0, "file", $"Not a library in JSON: {ex.Message}")]);
        }

        return Check((phrases ?? []).Select((p, i) => (p, i + 1)).ToList());
    }

    public static ImportResult ReadCsv(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var csv = new CsvReader(reader);
        var header = csv.ReadRecord();
        // The last column, featured, may be left out.
        if (header is null || !(CsvColumns.SequenceEqual(header.Select(h => h.Trim()), StringComparer.OrdinalIgnoreCase)
            || CsvColumns[..^1].SequenceEqual(header.Select(h => h.Trim()), StringComparer.OrdinalIgnoreCase)))
        {
            return new([], [new(1, "header", $"The first row must be: {string.Join(",", CsvColumns)}")]);
        }

        var phrases = new List<(Phrase Phrase, int Row)>();
        var errors = new List<RowError>();
        var row = 1;
        while (csv.ReadRecord() is { } read)
        {
            row++;
            var record = read.Select(Csv.Restore).ToList();
            if (record.Count != header.Count)
            {
                errors.Add(new(row, "row", $"Expected {header.Count} fields, found {record.Count}."));
                continue;
            }

            var rowErrors = new List<RowError>();
            var stage = Parse<Stage>(record[1], row, "stage", rowErrors);
            var category = Parse<PhraseCategory>(record[2], row, "category", rowErrors);
            Channel? channel = string.IsNullOrWhiteSpace(record[3]) || record[3].Trim().Equals("both", StringComparison.OrdinalIgnoreCase) ? null : Parse<Channel>(record[3], row, "channel", rowErrors);
            var signal = string.IsNullOrWhiteSpace(record[4]) ? SignalKind.None : Parse<SignalKind>(record[4], row, "signal", rowErrors);
            int? step = null;
            if (!string.IsNullOrWhiteSpace(record[5]))
            {
                if (int.TryParse(record[5], NumberStyles.None, CultureInfo.InvariantCulture, out var s))
                {
                    step = s;
                }
                else
                {
                    rowErrors.Add(new(row, "ladderStep", $"'{record[5]}' is not a number."));
                }
            }

            var phrase = new Phrase
            {
                Id = record[0].Trim(),
                Stage = stage,
                Category = category,
                Channel = channel,
                Signal = signal,
                LadderStep = step,
                Teams = record[6].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Text = record[7].Trim(),
                Featured = record.Count > 8 && record[8].Trim().Equals("true", StringComparison.OrdinalIgnoreCase),
            };
            if (rowErrors.Count > 0)
            {
                // Every problem of the row is listed, not only the first: the other fields are still
                // checked, leaving out the checks that need a value that could not be read.
                errors.AddRange(rowErrors);
                errors.AddRange(Validate(phrase, row).Where(e => !DependsOnUnread(e.Field, rowErrors)));
                continue;
            }

            phrases.Add((phrase, row));
        }

        var checkedPhrases = Check(phrases);
        return errors.Count == 0 ? checkedPhrases : new([], errors.Concat(checkedPhrases.Errors).OrderBy(e => e.Row).ToList());
    }

    public static string WriteCsv(IEnumerable<Phrase> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        var sb = new StringBuilder();
        sb.Append(Csv.Line(CsvColumns)).Append("\r\n");
        foreach (var p in phrases)
        {
            sb.Append(Csv.Line(
            [
                p.Id, p.Stage.ToString(), p.Category.ToString(), p.Channel?.ToString() ?? "both",
                p.Signal == SignalKind.None ? "" : p.Signal.ToString(),
                p.LadderStep?.ToString(CultureInfo.InvariantCulture) ?? "", string.Join(';', p.Teams), p.Text, p.Featured ? "true" : "false",
            ])).Append("\r\n");
        }

        return sb.ToString();
    }

    public static string WriteJson(PhraseLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        return JsonSerializer.Serialize(new { phrases = library.Phrases, avoid = library.Avoid }, new JsonSerializerOptions(DefaultLibrary.JsonOptions) { WriteIndented = true });
    }

    /// <summary>Validates every phrase with the row it came from, and that no id appears twice.</summary>
    private static ImportResult Check(List<(Phrase Phrase, int Row)> phrases)
    {
        var errors = phrases.SelectMany(x => Validate(x.Phrase, x.Row)).ToList();
        foreach (var duplicate in phrases.GroupBy(x => x.Phrase.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(new(duplicate.Skip(1).First().Row, "id", $"The id '{duplicate.Key}' appears more than once."));
        }

        return errors.Count == 0 ? new(phrases.Select(x => x.Phrase).ToList(), []) : new([], errors.OrderBy(e => e.Row).ToList());
    }

    /// <summary>Whether a check of <paramref name="field"/> needs a value the row did not give in a readable form.</summary>
    private static bool DependsOnUnread(string field, List<RowError> unread) => unread.Any(u =>
        u.Field == field || (field == "ladderStep" && u.Field == "stage"));

    private static T Parse<T>(string value, int row, string field, List<RowError> errors)
        where T : struct, Enum
    {
        if (Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && !int.TryParse(value, out _))
        {
            return parsed;
        }

        errors.Add(new(row, field, $"'{value}' is not a {field}; use one of {string.Join(", ", Enum.GetNames<T>())}."));
        return default;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"\{(\w*)\}")]
    private static partial Regex Brace();
}
