namespace CoachConsole.Web.Conversations;

/// <summary>
/// The rules a customer's name, issue and words meet before anything is stored, whether they come
/// through the API or the built-in chat: required, within their length, and free of control
/// characters (a text may break lines and hold tabs).
/// </summary>
public static class ConversationInput
{
    public const int MaxNameLength = 200;
    public const int MaxIssueLength = 1000;

    /// <summary>The problems with a new conversation's name and issue, by field; empty when there are none.</summary>
    public static Dictionary<string, string[]> CheckStart(string? customerName, string? issueSummary, string nameField = "customerName", string issueField = "issueSummary")
    {
        var errors = new Dictionary<string, string[]>();
        Require(customerName, nameField, MaxNameLength, errors);
        Require(issueSummary, issueField, MaxIssueLength, errors);
        NoControlCharacters(customerName, nameField, errors);
        NoControlCharacters(issueSummary, issueField, errors);
        return errors;
    }

    /// <summary>The problems with a turn's text, by field; empty when there are none.</summary>
    public static Dictionary<string, string[]> CheckText(string? text, int maxLength, string field = "text")
    {
        var errors = new Dictionary<string, string[]>();
        Require(text, field, maxLength, errors);
        NoControlCharacters(text, field, errors, allowLayout: true);
        return errors;
    }

    public static void Require(string? value, string field, int maxLength, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"{field} is required."];
        }
        else if (value.Length > maxLength)
        {
            errors[field] = [$"{field} is longer than {maxLength} characters."];
        }
    }

    /// <summary>
    /// U+0000 is in no name or text a person writes, and PostgreSQL cannot store it; the other
    /// control characters hide or garble what agents and leads read. A text may keep its line
    /// breaks and tabs when <paramref name="allowLayout"/> is set.
    /// </summary>
    public static void NoControlCharacters(string? value, string field, IDictionary<string, string[]> errors, bool allowLayout = false)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value is null)
        {
            return;
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            errors.TryAdd(field, [$"{field} must not contain the character U+0000."]);
            return;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) && !(allowLayout && c is '\t' or '\n' or '\r'))
            {
                errors.TryAdd(field, [$"{field} must not contain control characters (U+{(int)c:X4})."]);
                return;
            }
        }
    }
}
