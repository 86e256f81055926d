using CoachConsole.Web.Data;
using CoachConsole.Web.Realtime;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoachConsole.Web.Operations;

/// <summary>Ready when the database answers; live as long as the process serves requests.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<CoachDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("The database answers.")
                : HealthCheckResult.Unhealthy("The database does not answer.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}

/// <summary>
/// With several instances: degraded, not unhealthy, while Redis is unreachable, since this instance
/// still serves its own consoles and keeps its messages for the others until Redis returns.
/// </summary>
public sealed class ClusterHealthCheck(ClusterRelay relay) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["pending"] = relay.Pending };
        return Task.FromResult(relay.IsConnected
            ? HealthCheckResult.Healthy("Redis answers.", data)
            : HealthCheckResult.Degraded($"Redis is unreachable: this instance serves its own consoles; {relay.Pending} messages wait for the other instances.", data: data));
    }
}

public static class Health
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapCoachHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        return app;
    }
}
