using CoachConsole.Core.Conversations;

namespace CoachConsole.Web.Conversations;

/// <summary>
/// Fires the time-based triggers (a pause after venting on a call) through the same
/// per-conversation path as turns, so they keep the conversation's order.
/// </summary>
public sealed class ConversationTimer(ConversationService conversations, TimeProvider clock, ILogger<ConversationTimer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var id in await conversations.LiveListeningOnVoiceAsync(stoppingToken))
                {
                    await conversations.TickAsync(id, ConversationTimings.Default, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The conversation timer failed; it will try again");
            }
        }
    }
}
