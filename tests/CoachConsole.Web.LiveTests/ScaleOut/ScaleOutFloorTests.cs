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
        var alertsA = cluster.A.Services.GetRequiredService<AlertFeed>();
        var alertsB = cluster.B.Services.GetRequiredService<AlertFeed>();
        var rulesA = cluster.A.Services.GetRequiredService<AlertRulesStore>();
        var rulesB = cluster.B.Services.GetRequiredService<AlertRulesStore>();
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
        var team = new HashSet<string> { DatabaseSetup.DemoTeamId };
        Assert.Contains(await alertsB.ForTeamsAsync(team, acknowledged: 0), a => a.Id == raised.Id && a.IsOpen);
        await alertsA.AcknowledgeAsync(raised.Id, Admin);
        await Eventually.HoldsAsync("the acknowledgement on B's floor", () => Seen().Any(a => !a.IsOpen));
        Assert.DoesNotContain(await alertsB.ForTeamsAsync(team, acknowledged: 0), a => a.Id == raised.Id);
        Assert.Contains(await alertsB.ForTeamsAsync(team), a => a.Id == raised.Id && !a.IsOpen);

        (await api.PostAsync($"/api/v1/conversations/{id}/end", null)).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync("both instances to let go of the ended conversation's alerts", () => alertsA.ConversationsHeld == 0 && alertsB.ConversationsHeld == 0);

        Assert.Equal(2, Seen().Count);
        Assert.All(Seen(), a => Assert.True(a.Remote));
        Assert.True(raised.IsOpen);
        Assert.Equal("admin", Seen()[1].AcknowledgedBy);

        var cached = await rulesB.ForTeamAsync(DatabaseSetup.DemoTeamId);
        var changed = cached.Copy();
        changed.SilenceSeconds = cached.SilenceSeconds + 60;
        await rulesA.SaveAsync(changed, Admin);
        await Eventually.HoldsAsync("B to read the new rules", async () => (await rulesB.ForTeamAsync(DatabaseSetup.DemoTeamId)).SilenceSeconds == changed.SilenceSeconds);

        List<AlertView> Seen()
        {
            lock (onB)
            {
                return [.. onB];
            }
        }
    }
}
