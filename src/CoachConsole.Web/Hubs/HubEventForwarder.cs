using System.Threading.Channels;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace CoachConsole.Web.Hubs;

/// <summary>
/// Sends every conversation update to this instance's hub clients subscribed to that conversation
/// or its team, in the order the updates were published, without holding up the per-turn path.
/// With several instances each one sends to its own hub clients what its event bus carries: its
/// own updates at once (Redis or not) and the others' as the cluster relay reads them from the
/// Redis stream, so an update taken elsewhere while Redis was away arrives when it returns, in
/// order and once, like the consoles' copy.
/// </summary>
public sealed class HubEventForwarder(ConversationEventBus bus, IHubContext<CoachingHub, ICoachingClient> hub, ILogger<HubEventForwarder> logger) : BackgroundService
{
    /// <summary>
    /// Updates go out on parallel lanes, a conversation always on the same one: its updates keep
    /// their order, while a slow client holds up only the conversations sharing its lane.
    /// </summary>
    public const int Lanes = 8;

    private readonly Channel<ConversationUpdate>[] _lanes = [.. Enumerable.Range(0, Lanes).Select(_ => Channel.CreateUnbounded<ConversationUpdate>(new UnboundedChannelOptions { SingleReader = true }))];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = bus.SubscribeAll(u => _lanes[(u.Conversation.Id.GetHashCode() & int.MaxValue) % Lanes].Writer.TryWrite(u));
        await Task.WhenAll(_lanes.Select(lane => PumpAsync(lane.Reader, stoppingToken)));
    }

    private async Task PumpAsync(ChannelReader<ConversationUpdate> lane, CancellationToken stoppingToken)
    {
        await foreach (var update in lane.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(update, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not forward an update of conversation {ConversationId} to hub clients", update.Conversation.Id);
            }
        }
    }

    /// <summary>The update in the hub's wire shapes (the API's views), one event after another.</summary>
    private async Task SendAsync(ConversationUpdate update, CancellationToken cancellationToken)
    {
        var c = update.Conversation;
        var clients = hub.Clients.Groups(CoachingHub.ConversationGroup(c.Id), CoachingHub.TeamGroup(c.TeamId));
        if (update.Kind == UpdateKind.Started)
        {
            await clients.ConversationStarted(c, cancellationToken);
        }

        if (update.Turn is { } turn)
        {
            await clients.TurnAdded(new TurnAddedEvent(c.Id, c.Revision, TurnView.From(turn)), cancellationToken);
        }

        foreach (var move in update.StageChanges.Select(StageChangeView.Of))
        {
            await clients.StageChanged(new StageChangedEvent(c.Id, c.Revision, move.From, move.To, move.Trigger, move.Reason, move.At, c.Heat, c.Mood, c.BoundaryStep), cancellationToken);
        }

        if (update.SuggestionsChanged)
        {
            await clients.SuggestionsUpdated(new SuggestionsUpdatedEvent(c.Id, c.Revision, c.Stage, c.Suggestions), cancellationToken);
        }

        if (update.Kind == UpdateKind.Ended)
        {
            await clients.ConversationEnded(c, cancellationToken);
        }
    }
}
