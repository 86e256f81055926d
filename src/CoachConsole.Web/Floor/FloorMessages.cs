using CoachConsole.Web.Realtime;

namespace CoachConsole.Web.Floor;

/// <summary>A team's alert rules were saved on another instance: read them again from the database.</summary>
public sealed record AlertRulesChanged(string TeamId);

/// <summary>What the floor tells the other instances: alerts, alert-rule changes and break suggestions.</summary>
public static class FloorMessages
{
    public static IServiceCollection AddFloorMessages(this IServiceCollection services)
    {
        services.AddClusterMessage<AlertView>(
            "alert",
            (sp, alert, _) =>
            {
                sp.GetRequiredService<AlertFeed>().PublishFromCluster(alert);
                return Task.CompletedTask;
            },
            (sp, send) => sp.GetRequiredService<AlertFeed>().Subscribe(alert =>
            {
                if (!alert.Remote)
                {
                    send(alert);
                }
            }));
        services.AddClusterMessage<AlertRulesChanged>(
            "rules",
            (sp, changed, _) =>
            {
                sp.GetRequiredService<AlertRulesStore>().Forget(changed.TeamId);
                return Task.CompletedTask;
            },
            (sp, send) => sp.GetRequiredService<AlertRulesStore>().SubscribeToChanges(team => send(new AlertRulesChanged(team))));

        // Sent by the roster itself; delivered to the agent's consoles on the instance that receives it.
        services.AddClusterMessage<AgentNotice>(
            "break",
            (sp, notice, _) =>
            {
                sp.GetRequiredService<Roster>().DeliverFromCluster(notice);
                return Task.CompletedTask;
            });
        return services;
    }
}
