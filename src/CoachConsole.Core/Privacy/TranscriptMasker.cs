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
/// addresses and phone numbers, when configured, become a placeholder.
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

    private static string MaskCard(string candidate)
    {
        var digits = new StringBuilder(candidate.Length);
        foreach (var ch in candidate)
        {
            if (char.IsAsciiDigit(ch))
            {
                digits.Append(ch);
            }
        }

        if (digits.Length is < 13 or > 19 || !IsLuhnValid(digits.ToString()))
        {
            return candidate;
        }

        // Keep the separators' shape: every digit but the last four becomes a bullet.
        var keep = 4;
        var result = new StringBuilder(candidate.Length);
        var seen = 0;
        foreach (var ch in candidate)
        {
            if (char.IsAsciiDigit(ch))
            {
                seen++;
                result.Append(seen > digits.Length - keep ? ch : '•');
            }
            else
            {
                result.Append(ch);
            }
        }

        return result.ToString();
    }

    private static int Digits(string value) => value.Count(char.IsAsciiDigit);

    // Digits with single spaces or dashes between them; bounded, so the cost stays linear.
    [GeneratedRegex(@"(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])", RegexOptions.CultureInvariant)]
    private static partial Regex CardCandidate();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,255}\.[A-Za-z]{2,24}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\w])\+?\(?\d[\d ()\-.]{6,18}\d(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}
