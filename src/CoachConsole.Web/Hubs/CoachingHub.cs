using CoachConsole.Web.Auth;
using CoachConsole.Web.Conversations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CoachConsole.Web.Hubs;

/// <summary>
/// Live coaching events for connectors and other clients. A client subscribes to a conversation
/// (or a team) and receives <c>TurnAdded</c>, <c>StageChanged</c>, <c>SuggestionsUpdated</c> and
/// <c>ConversationEnded</c> as they happen.
/// </summary>
[Authorize(Policy = AuthSetup.ConnectorPolicy)]
public sealed class CoachingHub(ConversationService conversations) : Hub
{
    public const string Path = "/hubs/coaching";

    public static string ConversationGroup(Guid id) => $"conversation:{id}";

    public static string TeamGroup(string team) => $"team:{team}";

    /// <summary>Starts the events of one conversation; answers its current state.</summary>
    public async Task<ConversationView> SubscribeToConversation(Guid conversationId)
    {
        var details = await conversations.GetAsync(conversationId, Context.ConnectionAborted).ConfigureAwait(false);
        EnsureTeam(details.Conversation.TeamId);
        await Groups.AddToGroupAsync(Context.ConnectionId, ConversationGroup(conversationId)).ConfigureAwait(false);
        return details.Conversation;
    }

    public Task UnsubscribeFromConversation(Guid conversationId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, ConversationGroup(conversationId));

    /// <summary>Starts the events of every conversation of a team.</summary>
    public async Task SubscribeToTeam(string teamId)
    {
        EnsureTeam(teamId);
        await Groups.AddToGroupAsync(Context.ConnectionId, TeamGroup(teamId)).ConfigureAwait(false);
    }

    public Task UnsubscribeFromTeam(string teamId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, TeamGroup(teamId));

    private void EnsureTeam(string teamId)
    {
        var keyTeam = Context.User?.FindFirst(ApiKeyAuthenticationHandler.TeamClaim)?.Value;
        if (keyTeam is not null && !string.Equals(keyTeam, teamId, StringComparison.Ordinal))
        {
            throw new HubException("That is outside your team.");
        }
    }
}
