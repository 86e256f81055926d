using CoachConsole.Web.Realtime;

namespace CoachConsole.Web.Conversations;

/// <summary>
/// Fires the time-based triggers (a pause after venting on a call, too long in one stage) on the
/// injected clock, through the same per-conversation gate as turns, so they keep the
/// conversation's order.
/// </summary>
public sealed class ConversationTimer(ConversationService conversations, LiveConversations live, TimeProvider clock, ILogger<ConversationTimer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        live.Load(await conversations.LiveAsync(stoppingToken));
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = clock.GetUtcNow();
            live.ForgetEndedBefore(now);
            foreach (var id in live.DueAt(now))
            {
                try
                {
                    await conversations.TickAsync(id, stoppingToken);
                    live.TimerHandled(id, now);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "The timers of conversation {ConversationId} failed; they will be tried again", id);
                }
            }
        }
    }
}
