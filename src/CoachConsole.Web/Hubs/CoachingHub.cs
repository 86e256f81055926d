using CoachConsole.Web.Auth;
using CoachConsole.Web.Conversations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CoachConsole.Web.Hubs;

/// <summary>
/// Live coaching events for connectors and other clients. A client subscribes to a conversation
/// (or a team) and receives the events of <see cref="ICoachingClient"/> (<c>TurnAdded</c>,
/// <c>StageChanged</c>, <c>SuggestionsUpdated</c>, <c>ConversationEnded</c>) as they happen.
/// </summary>
[Authorize(Policy = AuthSetup.HubPolicy)]
public sealed class CoachingHub(ConversationService conversations) : Hub<ICoachingClient>
{
    public const string Path = "/hubs/coaching";

    public static string ConversationGroup(Guid id) => $"conversation:{id}";

    public static string TeamGroup(string team) => $"team:{team}";

    /// <summary>Starts the events of one conversation; answers its current state.</summary>
    public async Task<ConversationView> SubscribeToConversation(Guid conversationId)
    {
        ConversationView conversation;
        try
        {
            conversation = await conversations.GetViewAsync(conversationId, Context.ConnectionAborted).ConfigureAwait(false);
        }
        catch (ConversationNotFoundException)
        {
            // The same answer as for a conversation that exists elsewhere: nothing to learn.
            throw new HubException("That conversation is outside your reach.");
        }

        if (Context.User?.CanSee(conversation) != true)
        {
            throw new HubException("That conversation is outside your reach.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, ConversationGroup(conversationId)).ConfigureAwait(false);
        return conversation;
    }

    public Task UnsubscribeFromConversation(Guid conversationId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, ConversationGroup(conversationId));

    /// <summary>Starts the events of every conversation of a team.</summary>
    public async Task SubscribeToTeam(string teamId)
    {
        if (Context.User?.CanWatchTeam(teamId) != true)
        {
            throw new HubException("That team is outside your reach.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, TeamGroup(teamId)).ConfigureAwait(false);
    }

    public Task UnsubscribeFromTeam(string teamId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, TeamGroup(teamId));
}
