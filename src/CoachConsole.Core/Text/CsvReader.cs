using System.Buffers;
using System.Text;

namespace CoachConsole.Core.Text;

/// <summary>
/// An RFC 4180 CSV reader: comma-separated fields, fields in double quotes may hold commas,
/// line breaks and doubled quotes (""), records end with CRLF or LF. Streaming, one record at a time.
/// </summary>
public sealed class CsvReader(TextReader reader)
{
    private readonly StringBuilder _field = new();

    /// <summary>1-based line number where the last record returned started.</summary>
    public int LineNumber { get; private set; }

    private int _line = 1;

    /// <summary>Reads the next record, or null at the end of the input.</summary>
    public IReadOnlyList<string>? ReadRecord()
    {
        var c = reader.Read();
        if (c < 0)
        {
            return null;
        }

        LineNumber = _line;
        var fields = new List<string>();
        _field.Clear();
        var quoted = false;
        var wasQuoted = false;
        while (true)
        {
            if (c < 0)
            {
                if (quoted)
                {
                    throw new FormatException($"unterminated quoted field starting on line {LineNumber}");
                }

                fields.Add(_field.ToString());
                return fields;
            }

            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        _line++;
                    }

                    _field.Append(ch);
                }
            }
            else if (ch == '"' && _field.Length == 0 && !wasQuoted)
            {
                quoted = true;
                wasQuoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(_field.ToString());
                _field.Clear();
                wasQuoted = false;
            }
            else if (ch is '\r' or '\n')
            {
                if (ch == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                _line++;
                fields.Add(_field.ToString());
                return fields;
            }
            else
            {
                _field.Append(ch);
            }

            c = reader.Read();
        }
    }

    /// <summary>Reads a header row and then every record as (column values), checking the column count.</summary>
    public IEnumerable<IReadOnlyList<string>> ReadAll()
    {
        while (ReadRecord() is { } record)
        {
            if (record.Count == 1 && record[0].Length == 0)
            {
                continue; // a blank line
            }

            yield return record;
        }
    }
}

/// <summary>
/// Writes RFC 4180 fields: quoted when they hold a comma, a quote or a line break. A field that
/// begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return is defused with a
/// leading apostrophe, so a spreadsheet shows it as text instead of running it as a formula;
/// <see cref="Restore"/> takes the apostrophe off again when such a file is read back.
/// </summary>
public static class Csv
{
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    public static string Field(string? value)
    {
        value ??= "";
        if (value.Length > 0 && FormulaStarts.Contains(value[0]))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static string Line(IEnumerable<string?> fields) => string.Join(",", fields.Select(Field));

    /// <summary>A field as it was before <see cref="Field"/> defused it.</summary>
    public static string Restore(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 1 && value[0] == '\'' && FormulaStarts.Contains(value[1]) ? value[1..] : value;
    }
}
