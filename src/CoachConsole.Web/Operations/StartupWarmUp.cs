using System.Diagnostics;
using System.Runtime;
using System.Text.Json;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CoachConsole.Web.Operations;

/// <summary>What a warm-up did: whether it finished, and how many times it went through the sample conversations.</summary>
public sealed record WarmUpResult(bool Finished, int Passes);

/// <summary>
/// What an instance does before it listens: the coaching engine, the storage's queries and writes
/// and the JSON the API and the hub send are run on sample conversations, so the first real turns
/// after a start (or a new instance joining) are answered as fast as the later ones. Nothing is
/// stored or published. A warm-up that fails is logged and the instance starts all the same.
/// </summary>
/// <remarks>
/// One pass compiles that code quickly. The runtime compiles it again, optimised, once a method
/// has been called about thirty times, on a background thread; on a busy new instance those
/// compiles would take a share of its first minute's CPU. With <c>WarmUp:UntilOptimised</c> (the
/// default) the warm-up goes on rehearsing until the runtime has stopped compiling for a moment,
/// so that work is done before the first request.
/// </remarks>
public sealed class StartupWarmUp(
    ConversationService conversations,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> api,
    IOptions<JsonHubProtocolOptions> hub,
    IConfiguration configuration,
    ILogger<StartupWarmUp> logger)
{
    /// <summary>Passes at least, once the runtime counts calls: a method is optimised after 30 calls.</summary>
    internal const int MinimumPasses = 50;

    /// <summary>The passes that check the compiler has nothing left to do.</summary>
    private const int CheckPasses = 10;

    /// <summary>Fewer compiles than this during the check passes: what is left is not worth waiting for.</summary>
    private const int LeftToCompile = 20;

    /// <summary>The compiler has settled when it has compiled nothing for this long.</summary>
    private static readonly TimeSpan Settled = TimeSpan.FromMilliseconds(300);

    /// <summary>A warm-up that never settles (something else keeps compiling) stops here.</summary>
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(15);

    /// <summary>Between passes, so the compiler's thread gets a core even on a small machine.</summary>
    private static readonly TimeSpan BetweenPasses = TimeSpan.FromMilliseconds(5);

    /// <summary>Waits until the compiler has compiled nothing for a moment, or the warm-up has taken <paramref name="longest"/>.</summary>
    internal static async Task CompilerSettledAsync(Stopwatch clock, TimeSpan longest, CancellationToken cancellationToken)
    {
        var compiled = JitInfo.GetCompiledMethodCount();
        var lastCompile = clock.Elapsed;
        while (clock.Elapsed - lastCompile < Settled && clock.Elapsed < longest)
        {
            await Task.Delay(BetweenPasses, cancellationToken);
            var now = JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                (compiled, lastCompile) = (now, clock.Elapsed);
            }
        }
    }

    /// <summary>Runs the warm-up; not finished when it failed (said in the log).</summary>
    public async Task<WarmUpResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var passes = 0;
        try
        {
            await PassAsync(reads: true, cancellationToken);
            passes++;
            if (configuration.GetValue("WarmUp:UntilOptimised", true))
            {
                // Enough passes for the hot methods to be queued for their optimised compile, then
                // a wait while the compiler works through its queue; a few more passes check that
                // nothing is left, since an optimised method can reach code the first passes did not.
                int compiledInRound;
                do
                {
                    var before = JitInfo.GetCompiledMethodCount();
                    for (var target = passes < MinimumPasses ? MinimumPasses : passes + CheckPasses; passes < target; passes++)
                    {
                        await Task.Delay(BetweenPasses, cancellationToken);
                        await PassAsync(reads: false, cancellationToken);
                    }

                    await CompilerSettledAsync(clock, Longest, cancellationToken);
                    compiledInRound = (int)(JitInfo.GetCompiledMethodCount() - before);
                }
                while (compiledInRound >= LeftToCompile && clock.Elapsed < Longest);
            }

            logger.LogInformation(
                "Warmed up in {Milliseconds} ms ({CpuMilliseconds} ms of CPU, {Passes} passes): the first conversations are coached at full speed",
                clock.ElapsedMilliseconds, (int)(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds, passes);
            return new WarmUpResult(true, passes);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Warm-up did not finish; the first conversations may be answered more slowly");
            return new WarmUpResult(false, passes);
        }
    }

    /// <summary>
    /// The sample conversations coached, their storage rehearsed (the reads of a conversation this
    /// instance does not keep only when asked: they are rare, and once is enough) and their views
    /// serialised as the API and the hub send them.
    /// </summary>
    private async Task PassAsync(bool reads, CancellationToken cancellationToken)
    {
        var accepted = await conversations.WarmUpAsync(reads, cancellationToken);
        var update = new TurnAddedEvent(accepted.Conversation.Id, accepted.Conversation.Revision, accepted.Turn);
        foreach (var options in new[] { api.Value.SerializerOptions, hub.Value.PayloadSerializerOptions })
        {
            _ = JsonSerializer.SerializeToUtf8Bytes(accepted, options);
            _ = JsonSerializer.SerializeToUtf8Bytes(accepted.Conversation, options);
            _ = JsonSerializer.SerializeToUtf8Bytes(update, options);
        }
    }
}
