namespace CoachConsole.Web.Conversations;

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
