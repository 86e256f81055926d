using System.Runtime.CompilerServices;
using CoachConsole.Core.Signals;

namespace CoachConsole.Core.Phrases;

/// <summary>One place in a text where a phrase to avoid was found.</summary>
/// <param name="Avoid">The library entry that matched.</param>
/// <param name="Start">Offset of the match in the text.</param>
/// <param name="Length">Length of the match in characters.</param>
/// <param name="Text">The match as it appears in the text.</param>
public sealed record AvoidMatch(PhraseToAvoid Avoid, int Start, int Length, string Text);

/// <summary>
/// Finds a library's phrases to avoid in a text: the one list behind the draft check in the
/// composer and behind the <see cref="SignalKind.PhraseToAvoid"/> flag on the agent's turns.
/// Patterns are compiled once per library into a trie over the words the
/// <see cref="Tokenizer"/> produces (lower case, curly apostrophes straightened), so a text is
/// read in one pass, linear in its words times the longest pattern. A match never crosses
/// clause punctuation (a comma, a full stop, a question mark); hyphens and slashes join words.
/// </summary>
public sealed class AvoidMatcher
{
    /// <summary>The most wordings one pattern expands to.</summary>
    public const int MaxWordings = 4096;

    private static readonly ConditionalWeakTable<PhraseLibrary, AvoidMatcher> Compiled = [];

    private readonly Node _root = new();
    private readonly PhraseToAvoid[] _avoid;
    private readonly int _depth;

    public AvoidMatcher(IEnumerable<PhraseToAvoid> avoid)
    {
        ArgumentNullException.ThrowIfNull(avoid);
        _avoid = [.. avoid];
        for (var i = 0; i < _avoid.Length; i++)
        {
            foreach (var words in Expand(_avoid[i].Pattern))
            {
                _depth = Math.Max(_depth, words.Count);
                Add(words, i);
            }
        }
    }

    /// <summary>The matcher of a library, compiled the first time it is asked for.</summary>
    public static AvoidMatcher For(PhraseLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        return Compiled.GetValue(library, l => new AvoidMatcher(l.Avoid));
    }

    /// <summary>
    /// The words a pattern stands for: words separated by spaces, matched whole and ignoring
    /// case; "a|b" accepts either word and "+" joins the words of one choice
    /// ("that's|that+is our policy"). At most <see cref="MaxWordings"/> wordings.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Expand(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        IReadOnlyList<IReadOnlyList<string>> sequences = [[]];
        foreach (var part in pattern.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var choices = part.Split('|', StringSplitOptions.RemoveEmptyEntries)
                .Select(c => Words(c.Replace('+', ' ')))
                .Where(w => w.Count > 0)
                .ToList();
            if (choices.Count == 0)
            {
                continue;
            }

            // a pattern written with many choices on many words is cut off rather than let grow without bound
            sequences = [.. sequences.SelectMany(s => choices.Select(c => (IReadOnlyList<string>)[.. s, .. c])).Take(MaxWordings)];
        }

        return [.. sequences.Where(s => s.Count > 0)];
    }

    /// <summary>
    /// Every match in the text (up to <paramref name="maxLength"/> characters), in text order; where
    /// two entries overlap only the first (then the longer) is kept.
    /// </summary>
    public IReadOnlyList<AvoidMatch> Find(string text, int maxLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Tokenizer.Tokenize(text, maxLength);
        var found = new List<AvoidMatch>();
        if (_avoid.Length == 0)
        {
            return found;
        }

        // a run of words with no clause punctuation between them
        var words = new List<Token>(tokens.Count);
        var next = new int[_avoid.Length];
        foreach (var t in tokens)
        {
            if (t.Kind == TokenKind.Word)
            {
                words.Add(t);
            }
            else if (!(t.Kind == TokenKind.Break && text[t.Start] is '-' or '/' or '–'))
            {
                FindIn(text, words, found, next);
                words.Clear();
            }
        }

        FindIn(text, words, found, next);
        // where two entries overlap, the one that starts first (then the longer) is the finding
        found.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var kept = new List<AvoidMatch>(found.Count);
        foreach (var m in found)
        {
            if (kept.Count == 0 || m.Start >= kept[^1].Start + kept[^1].Length)
            {
                kept.Add(m);
            }
        }

        return kept;
    }

    /// <summary>
    /// The agent's reading with <see cref="SignalKind.PhraseToAvoid"/> raised, and a cue for each
    /// match, when the text holds one of the library's phrases to avoid.
    /// </summary>
    public SignalReading AddTo(SignalReading reading, string text, int maxLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var matches = Find(text, maxLength);
        if (matches.Count == 0)
        {
            return reading;
        }

        var cues = reading.Cues.ToList();
        foreach (var m in matches)
        {
            if (!cues.Any(c => c.Signal == SignalKind.PhraseToAvoid && c.Start == m.Start && c.Length == m.Length))
            {
                cues.Add(new Cue(SignalKind.PhraseToAvoid, m.Start, m.Length, m.Text));
            }
        }

        return reading with { Signals = reading.Signals | SignalKind.PhraseToAvoid, Cues = cues };
    }

    private void FindIn(string text, List<Token> words, List<AvoidMatch> found, int[] next)
    {
        if (words.Count == 0)
        {
            return;
        }

        Array.Fill(next, 0);
        var touched = new List<(int Avoid, int End)>();
        for (var i = 0; i < words.Count; i++)
        {
            // each entry's longest match from this word; an entry's matches do not overlap
            touched.Clear();
            var node = _root;
            for (var j = i; j < words.Count && j - i < _depth; j++)
            {
                if (!node.Next.TryGetValue(words[j].Norm, out var child))
                {
                    break;
                }

                node = child;
                foreach (var a in node.Ends)
                {
                    var k = touched.FindIndex(t => t.Avoid == a);
                    if (k >= 0)
                    {
                        touched[k] = (a, j);
                    }
                    else
                    {
                        touched.Add((a, j));
                    }
                }
            }

            foreach (var (a, last) in touched)
            {
                if (i < next[a])
                {
                    continue;
                }

                var start = words[i].Start;
                var end = words[last].Start + words[last].Length;
                found.Add(new AvoidMatch(_avoid[a], start, end - start, text[start..end]));
                next[a] = last + 1;
            }
        }
    }

    private static List<string> Words(string s) =>
        [.. Tokenizer.Tokenize(s, s.Length).Where(t => t.Kind == TokenKind.Word).Select(t => t.Norm)];

    private void Add(IReadOnlyList<string> words, int avoid)
    {
        var node = _root;
        foreach (var w in words)
        {
            if (!node.Next.TryGetValue(w, out var child))
            {
                child = new Node();
                node.Next[w] = child;
            }

            node = child;
        }

        if (!node.Ends.Contains(avoid))
        {
            node.Ends.Add(avoid);
        }
    }

    private sealed class Node
    {
        public Dictionary<string, Node> Next { get; } = new(StringComparer.Ordinal);

        public List<int> Ends { get; } = [];
    }
}
