using System.Text;

namespace CoachConsole.Cli;

/// <summary>The files the commands read.</summary>
internal static class CommandInput
{
    public static StreamReader OpenFile(string path)
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

    public static int Column(IReadOnlyList<string> header, string name, string file)
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
}
