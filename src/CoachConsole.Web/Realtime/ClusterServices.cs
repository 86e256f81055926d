using CoachConsole.Web.Operations;
using Microsoft.AspNetCore.SignalR;

namespace CoachConsole.Web.Realtime;

/// <summary>
/// Several instances behind a load balancer: with <c>Redis:Configuration</c> set, Redis carries
/// the messages features register (<see cref="ClusterMessages"/>) between the instances through the
/// relay's stream.
/// Redis is not the SignalR backplane: each instance sends to its own hub clients from its event
/// bus, which the relay feeds in order and once, so a hub client misses nothing while Redis is
/// away (a backplane's pub/sub loses what is sent while an instance's subscriptions are not back).
/// Without it nothing is registered and the instance runs alone.
/// </summary>
public static class ClusterServices
{
    public static ISignalRServerBuilder AddCoachCluster(this ISignalRServerBuilder signalR, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(signalR);
        signalR.Services.AddClusterMessage<ConversationUpdate>(
            "update",
            (sp, update, _) =>
            {
                sp.GetRequiredService<ConversationEventBus>().Publish(update with { Remote = true });
                return Task.CompletedTask;
            },
            (sp, send) => sp.GetRequiredService<ConversationEventBus>().SubscribeAll(update =>
            {
                if (!update.Remote)
                {
                    send(update);
                }
            }));
        var redis = configuration[ClusterConnection.ConfigurationKey];
        if (string.IsNullOrWhiteSpace(redis))
        {
            return signalR;
        }

        var services = signalR.Services;
        services.AddSingleton(sp => new ClusterConnection(redis, sp.GetRequiredService<ILogger<ClusterConnection>>()));
        services.AddSingleton<ClusterRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterRelay>());
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [Health.ReadyTag]);
        return signalR;
    }
}
