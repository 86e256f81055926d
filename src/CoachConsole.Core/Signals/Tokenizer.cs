using System.Globalization;
using System.Text;

namespace CoachConsole.Core.Signals;

/// <summary>What a token is.</summary>
public enum TokenKind
{
    Word,
    Emoji,

    /// <summary>A run of '!' and '?' (Norm is "!", "!!", "?", "??" or "?!").</summary>
    Shout,

    /// <summary>Clause punctuation (. , ; : and the like): ends negation and intensifier scope.</summary>
    Break,

    /// <summary>A @mention or a URL: kept for offsets, ignored by the reader.</summary>
    Other,
}

/// <summary>Token properties found while tokenising.</summary>
[Flags]
public enum TokenFlags
{
    None = 0,
    AllCaps = 1,
    Stretched = 2,
    Masked = 4,
    Negated = 8,
    Intensified = 16,
}

/// <summary>One token of an utterance: its span in the text and its normalised form.</summary>
public struct Token
{
    public int Start;
    public int Length;
    public string Norm;
    public TokenKind Kind;
    public TokenFlags Flags;

    public readonly bool Has(TokenFlags flag) => (Flags & flag) != 0;
}

/// <summary>
/// A single left-to-right pass over the text: words (lower-cased, curly apostrophes straightened,
/// runs of three or more letters squeezed to two, masking characters kept), emoji, shouting
/// punctuation and clause breaks. Linear in the length of the text; no regular expressions.
/// </summary>
public static class Tokenizer
{
    public static List<Token> Tokenize(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var end = Math.Min(text.Length, maxLength);
        var tokens = new List<Token>(Math.Min(end / 4 + 4, 1024));
        var word = new char[32];
        var i = 0;
        while (i < end)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '@' && i + 1 < end && IsWordChar(text[i + 1]))
            {
                var s = i;
                i++;
                while (i < end && (IsWordChar(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token { Start = s, Length = i - s, Norm = "@", Kind = TokenKind.Other });
                continue;
            }

            if (c == 'h' && StartsWithUrl(text, i, end))
            {
                var s = i;
                while (i < end && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                tokens.Add(new Token { Start = s, Length = i - s, Norm = "http", Kind = TokenKind.Other });
                continue;
            }

            if (IsWordChar(c) || (IsMaskChar(c) && i + 1 < end && char.IsLetter(text[i + 1])))
            {
                i = ReadWord(text, i, end, ref word, tokens);
                continue;
            }

            if (c is '!' or '?' or '！' or '？')
            {
                var s = i;
                var bang = 0;
                var question = 0;
                while (i < end && text[i] is '!' or '?' or '！' or '？')
                {
                    if (text[i] is '?' or '？')
                    {
                        question++;
                    }
                    else
                    {
                        bang++;
                    }

                    i++;
                }

                var norm = (bang, question) switch
                {
                    ( > 0, > 0) => "?!",
                    ( > 1, 0) => "!!",
                    (1, 0) => "!",
                    (0, > 1) => "??",
                    _ => "?",
                };
                tokens.Add(new Token { Start = s, Length = i - s, Norm = norm, Kind = TokenKind.Shout });
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < end && char.IsLowSurrogate(text[i + 1]))
            {
                var cp = char.ConvertToUtf32(c, text[i + 1]);
                if (IsEmoji(cp))
                {
                    tokens.Add(new Token { Start = i, Length = 2, Norm = text.Substring(i, 2), Kind = TokenKind.Emoji });
                }

                i += 2;
                continue;
            }

            if (c is >= '\u2600' and <= '\u27BF')
            {
                tokens.Add(new Token { Start = i, Length = 1, Norm = text.Substring(i, 1), Kind = TokenKind.Emoji });
                i++;
                continue;
            }

            if (c is '.' or ',' or ';' or ':' or '(' or ')' or '"' or '“' or '”' or '…' or '-' or '–' or '—' or '/')
            {
                tokens.Add(new Token { Start = i, Length = 1, Norm = ".", Kind = TokenKind.Break });
            }

            i++;
        }

        return tokens;
    }

    /// <summary>Reads one word into <paramref name="word"/> (a buffer reused from word to word, grown when a word needs it).</summary>
    private static int ReadWord(string text, int i, int end, ref char[] word, List<Token> tokens)
    {
        var n = 0;
        var s = i;
        var upper = 0;
        var lower = 0;
        var masked = false;
        var stretched = false;
        while (i < end)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                if (char.IsUpper(c))
                {
                    upper++;
                }
                else if (char.IsLower(c))
                {
                    lower++;
                }

                c = char.ToLowerInvariant(c);
            }
            else if (c is '\'' or '’' or '‘' or '`')
            {
                // an apostrophe only inside a word
                if (i + 1 >= end || !char.IsLetter(text[i + 1]) || n == 0)
                {
                    break;
                }

                c = '\'';
            }
            else if (IsMaskChar(c))
            {
                // '*' masks inside or at the end of a word ("f***", "sh*t"); '$' and '@' stand for s and a ("a$$")
                if (n == 0 && !(i + 1 < end && char.IsLetter(text[i + 1])))
                {
                    break;
                }

                masked = true;
                c = c switch
                {
                    '$' => 's',
                    '@' => 'a',
                    _ => '*',
                };
            }
            else if (c == '_' && n > 0)
            {
                c = '_';
            }
            else
            {
                break;
            }

            if (n >= 2 && word[n - 1] == c && word[n - 2] == c && c != '*')
            {
                stretched = true;
            }
            else
            {
                if (n == word.Length)
                {
                    Array.Resize(ref word, n * 2);
                }

                word[n++] = c;
            }

            i++;
        }

        var flags = TokenFlags.None;
        if (upper >= 2 && lower == 0)
        {
            flags |= TokenFlags.AllCaps;
        }

        if (masked && HasLetter(word.AsSpan(0, n)))
        {
            flags |= TokenFlags.Masked;
        }

        if (stretched)
        {
            flags |= TokenFlags.Stretched;
        }

        tokens.Add(new Token { Start = s, Length = i - s, Norm = new string(word, 0, n), Kind = TokenKind.Word, Flags = flags });
        return i;
    }

    private static bool HasLetter(ReadOnlySpan<char> chars)
    {
        foreach (var c in chars)
        {
            if (char.IsLetter(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    private static bool IsMaskChar(char c) => c is '*' or '$' or '@';

    private static bool StartsWithUrl(string text, int i, int end) =>
        end - i > 7 && (string.CompareOrdinal(text, i, "http://", 0, 7) == 0 || string.CompareOrdinal(text, i, "https:/", 0, 7) == 0);

    private static bool IsEmoji(int cp) =>
        cp is (>= 0x1F300 and <= 0x1FAFF) or (>= 0x1F000 and <= 0x1F2FF);

    /// <summary>The word with every doubled letter squeezed to one ("soo" to "so"), for stretched words.</summary>
    public static string Squeeze(string norm)
    {
        var sb = new StringBuilder(norm.Length);
        foreach (var c in norm)
        {
            if (sb.Length == 0 || sb[^1] != c)
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    internal static bool IsAllLetters(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsLetter(c) && c != '\'')
            {
                return false;
            }
        }

        return s.Length > 0;
    }

    internal static string Invariant(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);
}
