namespace CoachConsole.Core.Text;

/// <summary>Whether a piece of text is in both versions, only in the old one or only in the new one.</summary>
public enum DiffKind
{
    Same,
    Removed,
    Added,
}

/// <summary>A run of words (with the spaces between them) that one of the versions holds.</summary>
public sealed record DiffPiece(DiffKind Kind, string Text);

/// <summary>
/// The words that changed between two versions of a phrasing: the longest run of words both
/// share stays as it is, the rest is marked removed or added. Spaces and punctuation stay with
/// the word before them, so each version reads back exactly from its pieces.
/// </summary>
public static class WordDiff
{
    /// <summary>Above this many words in both texts together, a changed text is shown as a whole.</summary>
    public const int MaxWords = 2_000;

    public static IReadOnlyList<DiffPiece> Compare(string? before, string? after)
    {
        var a = Words(before ?? "");
        var b = Words(after ?? "");
        if (a.Count + b.Count > MaxWords)
        {
            return Merge([new(DiffKind.Removed, before ?? ""), new(DiffKind.Added, after ?? "")]);
        }

        // Longest common subsequence of the words (compared without their trailing spaces).
        var lengths = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
        {
            for (var j = b.Count - 1; j >= 0; j--)
            {
                lengths[i, j] = Key(a[i]) == Key(b[j]) ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var pieces = new List<DiffPiece>();
        int x = 0, y = 0;
        while (x < a.Count || y < b.Count)
        {
            if (x < a.Count && y < b.Count && Key(a[x]) == Key(b[y]))
            {
                // A shared word keeps the new version's spacing.
                pieces.Add(new(DiffKind.Same, b[y]));
                x++;
                y++;
            }
            else if (y < b.Count && (x == a.Count || lengths[x, y + 1] >= lengths[x + 1, y]))
            {
                pieces.Add(new(DiffKind.Added, b[y++]));
            }
            else
            {
                pieces.Add(new(DiffKind.Removed, a[x++]));
            }
        }

        return Merge(pieces);
    }

    /// <summary>The text of one side: what was before (same and removed) or after (same and added).</summary>
    public static string Side(IEnumerable<DiffPiece> pieces, DiffKind side) =>
        string.Concat(pieces.Where(p => p.Kind == DiffKind.Same || p.Kind == side).Select(p => p.Text));

    private static string Key(string word) => word.TrimEnd();

    /// <summary>Splits a text into words, each with the white space after it.</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            words.Add(text[start..i]);
            start = i;
        }

        return words;
    }

    private static List<DiffPiece> Merge(IEnumerable<DiffPiece> pieces)
    {
        var merged = new List<DiffPiece>();
        foreach (var piece in pieces.Where(p => p.Text.Length > 0))
        {
            if (merged.Count > 0 && merged[^1].Kind == piece.Kind)
            {
                merged[^1] = merged[^1] with { Text = merged[^1].Text + piece.Text };
            }
            else
            {
                merged.Add(piece);
            }
        }

        return merged;
    }
}
