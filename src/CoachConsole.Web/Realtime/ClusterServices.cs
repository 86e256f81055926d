using CoachConsole.Web.Operations;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;

namespace CoachConsole.Web.Realtime;

/// <summary>
/// Several instances behind a load balancer: with <c>Redis:Configuration</c> set, Redis is the
/// SignalR backplane and carries conversation events between the instances. Without it nothing
/// is registered and the instance runs alone.
/// </summary>
public static class ClusterServices
{
    public static ISignalRServerBuilder AddCoachCluster(this ISignalRServerBuilder signalR, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(signalR);
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
        signalR.AddStackExchangeRedis();
        services.AddOptions<RedisOptions>().Configure<ClusterConnection>((o, cluster) =>
        {
            o.Configuration = cluster.Options;
            o.ConnectionFactory = _ => cluster.ConnectAsync();
        });
        return signalR;
    }
}
