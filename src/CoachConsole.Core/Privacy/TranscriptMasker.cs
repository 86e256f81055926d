using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CoachConsole.Core.Privacy;

/// <summary>What to mask in a turn before it is stored or shown.</summary>
public sealed record MaskingOptions
{
    /// <summary>Payment card numbers (Luhn-valid, 13 to 19 digits) are always masked.</summary>
    public bool MaskEmails { get; init; }

    public bool MaskPhoneNumbers { get; init; }
}

/// <summary>
/// Masks personal data in transcript text: card numbers keep their last four digits; e-mail
/// addresses and phone numbers, when configured, become a placeholder. A card number is found
/// however it is written: in any script's decimal digits (full-width, Arabic-Indic, ...) and
/// with spaces, no-break or zero-width spaces, dashes, dots, slashes or line breaks between them.
/// </summary>
public sealed partial class TranscriptMasker(MaskingOptions options)
{
    public const string EmailMask = "[email]";
    public const string PhoneMask = "[phone]";

    public string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var masked = CardCandidate().Replace(text, m => MaskCard(m.Value));
        if (options.MaskEmails)
        {
            masked = Email().Replace(masked, EmailMask);
        }

        if (options.MaskPhoneNumbers)
        {
            masked = Phone().Replace(masked, m => Digits(m.Value) >= 8 ? PhoneMask : m.Value);
        }

        return masked;
    }

    /// <summary>
    /// True when an id holds a card number, written in any of the ways <see cref="Mask"/> finds and
    /// standing apart from letters: an id a client chooses (a turn id, a phrase id, a user name)
    /// that does is refused, not masked, since masking would change what it identifies. A run of
    /// digits between hex letters, as in a GUID (<c>…-7f00-8000-123456784abc</c>), is not a card number.
    /// </summary>
    public static bool HoldsCardNumber(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        foreach (Match m in CardCandidate().Matches(id))
        {
            var end = m.Index + m.Length;
            if ((m.Index > 0 && char.IsLetter(id[m.Index - 1])) || (end < id.Length && char.IsLetter(id[end])))
            {
                continue;
            }

            if (!string.Equals(MaskCard(m.Value), m.Value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The Luhn check that every payment card number passes.</summary>
    public static bool IsLuhnValid(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    /// <summary>
    /// Masks the card number in a run of digits and separators: the whole run when it passes the
    /// Luhn check, else the longest run of whole digit groups that does, from the left (a card
    /// number followed by its expiry date or security code, <c>4111 1111 1111 1111 12/27</c>).
    /// </summary>
    private static string MaskCard(string candidate)
    {
        // Every script's digits count as the digits they are, before the Luhn check.
        var digits = new StringBuilder(candidate.Length);
        var at = new List<int>(candidate.Length);
        var groups = new List<int>();
        for (var i = 0; i < candidate.Length; i++)
        {
            var d = DigitValue(candidate[i]);
            if (d < 0)
            {
                continue;
            }

            if (at.Count == 0 || at[^1] != i - 1)
            {
                groups.Add(digits.Length);
            }

            digits.Append((char)('0' + d));
            at.Add(i);
        }

        groups.Add(digits.Length);
        var normalised = digits.ToString();
        char[]? masked = null;
        var free = 0;
        for (var first = 0; first < groups.Count - 1; first++)
        {
            if (groups[first] < free)
            {
                continue;
            }

            for (var end = groups.Count - 1; end > first; end--)
            {
                var (from, length) = (groups[first], groups[end] - groups[first]);
                if (length is < 13 or > 19 || !IsLuhnValid(normalised.AsSpan(from, length)))
                {
                    continue;
                }

                // Keep the separators' shape: every digit but the last four becomes a bullet.
                masked ??= candidate.ToCharArray();
                for (var k = from; k < from + length - 4; k++)
                {
                    masked[at[k]] = '•';
                }

                free = from + length;
                break;
            }
        }

        return masked is null ? candidate : new string(masked);
    }

    private static int DigitValue(char ch) => CharUnicodeInfo.GetDecimalDigitValue(ch);

    private static int Digits(string value) => value.Count(char.IsAsciiDigit);

    // 13 to 19 decimal digits of any script (\d), with at most three separators between two of
    // them: spaces of every width (no-break, figure, thin, narrow, ideographic), zero-width spaces
    // and joiners, the soft hyphen, dashes and minus signs, dots, slashes, tabs and line breaks.
    // Separators and digits never overlap, so a match is found without backtracking into it.
    [GeneratedRegex(@"(?<!\d)\d(?:[ \t\r\n\v\f\-./\u00A0\u00AD\u2007\u2009\u200A\u202F\u205F\u3000\u200B\u200C\u200D\u2060\uFEFF\u2010\u2011\u2012\u2013\u2212\u2028\u2029\uFE63\uFF0D\uFF0E\uFF0F]{0,3}\d){12,18}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex CardCandidate();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,255}\.[A-Za-z]{2,24}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\w])\+?\(?\d[\d ()\-.]{6,18}\d(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}
