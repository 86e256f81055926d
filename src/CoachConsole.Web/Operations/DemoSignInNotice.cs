using CoachConsole.Web.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CoachConsole.Web.Operations;

/// <summary>
/// After the first start seeded the demo people (Development only), says right after the
/// "Now listening on" lines where to sign in and as whom, so a newcomer needs nothing else.
/// </summary>
public sealed class DemoSignInNotice(IServer server, ILogger<DemoSignInNotice> logger) : IHostedLifecycleService
{
    /// <summary>Set by the start-up when this start created the demo people.</summary>
    public bool DemoSeeded { get; set; }

    /// <summary>The sentence for a console listening on <paramref name="address"/>.</summary>
    public static string Sentence(string address)
    {
        var groups = DatabaseSetup.DemoPeople
            .GroupBy(p => p.Role)
            .Select(g => (Ids: g.Select(p => p.Id).ToList(), Role: g.Key))
            .Select(g => $"{string.Join(" or ", g.Ids)} ({RoleName(g.Role, plural: g.Ids.Count > 1)})")
            .ToList();
        var people = groups.Count > 1 ? $"{string.Join(", ", groups[..^1])} or {groups[^1]}" : groups.Single();
        return $"Demo data seeded: sign in at {address.TrimEnd('/')}/account/login as {people}, password {DatabaseSetup.DemoPassword}";
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (DemoSeeded)
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault() ?? "http://localhost:5000";
            logger.LogInformation("{DemoSignIn}", Sentence(Reachable(address)));
        }

        return Task.CompletedTask;
    }

    /// <summary>A listening address a browser can open: a wildcard host becomes localhost.</summary>
    private static string Reachable(string address)
    {
        foreach (var wildcard in new[] { "://0.0.0.0", "://[::]", "://+", "://*" })
        {
            if (address.Contains(wildcard, StringComparison.Ordinal))
            {
                return address.Replace(wildcard, "://localhost", StringComparison.Ordinal);
            }
        }

        return address;
    }

    private static string RoleName(string role, bool plural) => role switch
    {
        Roles.TeamLead => plural ? "leads" : "lead",
        _ => role.ToLowerInvariant() + (plural ? "s" : ""),
    };

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
