using System.Security.Claims;
using CoachConsole.Web.Data;
using CoachConsole.Web.Floor;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.ScaleOut;

/// <summary>The leads' floors and the alert rules across two real instances and a real Redis.</summary>
public sealed class ScaleOutFloorTests
{
    private static readonly ClaimsPrincipal Admin = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));

    [Fact]
    public async Task AlertRaisedAndAcknowledgedOnOneInstance_ReachesTheOthersFloorOnce_AndRuleChangesReachItsCache()
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        var alertsA = cluster.A.Services.GetRequiredService<AlertService>();
        var alertsB = cluster.B.Services.GetRequiredService<AlertService>();
        using var api = cluster.A.CreateConnectorClient();
        var id = await api.StartConversationAsync();
        var onB = new List<AlertView>();
        using var subscription = alertsB.Subscribe(a =>
        {
            if (a.ConversationId == id && a.Kind == AlertKind.ManagerRequested)
            {
                lock (onB)
                {
                    onB.Add(a);
                }
            }
        });

        (await api.AddTurnAsync(id, "customer", "I want to speak to your manager right now")).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync("the alert on B's floor", () => Seen().Count > 0);
        var raised = Seen()[0];
        await alertsA.AcknowledgeAsync(raised.Id, Admin);
        await Eventually.HoldsAsync("the acknowledgement on B's floor", () => Seen().Any(a => !a.IsOpen));

        Assert.Equal(2, Seen().Count);
        Assert.All(Seen(), a => Assert.True(a.Remote));
        Assert.True(raised.IsOpen);
        Assert.Equal("admin", Seen()[1].AcknowledgedBy);

        var cached = await alertsB.RulesForAsync(DatabaseSetup.DemoTeamId);
        var changed = cached.Copy();
        changed.SilenceSeconds = cached.SilenceSeconds + 60;
        await alertsA.SaveRulesAsync(changed, Admin);
        await Eventually.HoldsAsync("B to read the new rules", async () => (await alertsB.RulesForAsync(DatabaseSetup.DemoTeamId)).SilenceSeconds == changed.SilenceSeconds);

        List<AlertView> Seen()
        {
            lock (onB)
            {
                return [.. onB];
            }
        }
    }
}
