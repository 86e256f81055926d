namespace CoachConsole.Web.Errors;

/// <summary>A request the product refuses, with the field at fault; becomes a 400.</summary>
public sealed class InputRejectedException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>No such conversation (or none the caller may see); becomes a 404.</summary>
public sealed class ConversationNotFoundException(Guid id) : Exception($"There is no conversation {id}.")
{
    public Guid ConversationId { get; } = id;
}

/// <summary>The caller may not reach this team's data; becomes a 403.</summary>
public sealed class AccessDeniedException(string message) : Exception(message);

/// <summary>
/// Ids a client or a person chooses (a turn id, a phrase id, an agent id, a user name, a team id):
/// one that holds a card number is refused, never masked (that would change what it names) and
/// never stored or echoed.
/// </summary>
public static class ChosenIds
{
    public static bool HoldsCardNumber(string? value) =>
        value is not null && Core.Privacy.TranscriptMasker.HoldsCardNumber(value);

    public static string Refusal(string field) => $"{field} must not hold a card number.";

    /// <summary>Refuses the id with an <see cref="InputRejectedException"/> naming the field when it holds a card number.</summary>
    public static void Check(string? value, string field)
    {
        if (HoldsCardNumber(value))
        {
            throw new InputRejectedException(field, Refusal(field));
        }
    }
}
