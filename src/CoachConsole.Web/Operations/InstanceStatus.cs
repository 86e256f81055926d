using CoachConsole.Web.Auth;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Realtime;

namespace CoachConsole.Web.Operations;

/// <summary>
/// What one instance holds now, for the load generator and whoever operates it.
/// <see cref="ProcessCpuSeconds"/> is the CPU time the process has used since it started (user and
/// kernel, all threads): two readings around a run give the CPU that run cost.
/// </summary>
public sealed record InstanceStatus(
    string Instance,
    long ManagedHeapBytes,
    long WorkingSetBytes,
    int LiveConversations,
    int ConversationsKept,
    int ConnectedConsoles,
    double ProcessCpuSeconds);

public static class InstanceStatusEndpoint
{
    public const string Path = "/api/v1/instance";

    /// <summary>
    /// <c>GET /api/v1/instance</c> (connector key): memory, load and CPU time of the instance that answers.
    /// <c>?settle=true</c> collects garbage first, so two readings compare what is really held.
    /// </summary>
    public static IEndpointRouteBuilder MapInstanceStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (bool? settle, LiveConversations live, ConversationCache kept, CoachMetrics metrics) =>
        {
            if (settle == true)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
            }

            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return TypedResults.Ok(new InstanceStatus(
                Environment.MachineName + ":" + Environment.ProcessId,
                GC.GetTotalMemory(forceFullCollection: false),
                process.WorkingSet64,
                live.Count,
                kept.Count,
                metrics.ConnectedConsoles,
                Environment.CpuUsage.TotalTime.TotalSeconds));
        })
            .RequireAuthorization(AuthSetup.ConnectorPolicy)
            .RequireRateLimiting(AuthSetup.ConnectorRateLimit)
            .WithName("InstanceStatus");
        return app;
    }
}
