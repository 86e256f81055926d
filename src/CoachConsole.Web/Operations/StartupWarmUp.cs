using System.Diagnostics;
using System.Text.Json;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CoachConsole.Web.Operations;

/// <summary>
/// What an instance does before it listens: the coaching engine, the storage's queries and writes
/// and the JSON the API and the hub send are run once on sample conversations, so the first real
/// turns after a start (or a new instance joining) are answered as fast as the later ones. Nothing
/// is stored or published. A warm-up that fails is logged and the instance starts all the same.
/// </summary>
public sealed class StartupWarmUp(
    ConversationService conversations,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> api,
    IOptions<JsonHubProtocolOptions> hub,
    ILogger<StartupWarmUp> logger)
{
    /// <summary>Runs the warm-up; false when it could not finish (said in the log).</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        try
        {
            var accepted = await conversations.WarmUpAsync(cancellationToken);
            var update = new TurnAddedEvent(accepted.Conversation.Id, accepted.Conversation.Revision, accepted.Turn);
            foreach (var options in new[] { api.Value.SerializerOptions, hub.Value.PayloadSerializerOptions })
            {
                _ = JsonSerializer.SerializeToUtf8Bytes(accepted, options);
                _ = JsonSerializer.SerializeToUtf8Bytes(accepted.Conversation, options);
                _ = JsonSerializer.SerializeToUtf8Bytes(update, options);
            }

            logger.LogInformation(
                "Warmed up in {Milliseconds} ms ({CpuMilliseconds} ms of CPU): the first conversations are coached at full speed",
                clock.ElapsedMilliseconds, (int)(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Warm-up did not finish; the first conversations may be answered more slowly");
            return false;
        }
    }
}
