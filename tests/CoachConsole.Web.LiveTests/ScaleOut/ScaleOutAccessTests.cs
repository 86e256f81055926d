using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using CoachConsole.Web.People;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.ScaleOut;

/// <summary>Two real instances and a real Redis: a key revoked or a person locked on one instance is cut off on the other too.</summary>
public sealed class ScaleOutAccessTests
{
    private const string Password = "Right-Password-1";

    [Fact]
    public async Task AKeyRevokedAndALeadLockedOnOneInstance_LoseTheirHubConnectionsPagesAndApiOnTheOther()
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        var (key, secret) = await cluster.A.Services.GetRequiredService<ConnectorKeys>().CreateAsync("Platform to revoke", DatabaseSetup.DemoTeamId, "test");
        var adminA = cluster.A.Services.GetRequiredService<AdminService>();
        var userName = $"lead-{Guid.NewGuid():N}"[..20];
        await adminA.CreatePersonAsync(userName, "Pat Doe", Roles.TeamLead, DatabaseSetup.DemoTeamId, Password, "test");
        var leadId = (await adminA.PeopleAsync()).Single(p => p.UserName == userName).Id;

        using var apiB = cluster.B.CreateConnectorClient(secret);
        var id = await apiB.StartConversationAsync();
        var lead = await HttpSignIn.AsAsync(cluster.B.ServerAddress, userName, Password);
        Assert.Equal(HttpStatusCode.OK, (await lead.Client.GetAsync("/floor")).StatusCode);
        await using var keyHub = Connect(cluster.B, o => o.AccessTokenProvider = () => Task.FromResult<string?>(secret));
        await using var leadHub = Connect(cluster.B, o => o.Cookies = lead.Cookies);
        var keyTurns = Channel.CreateUnbounded<string>();
        keyHub.On<JsonElement>("TurnAdded", p => keyTurns.Writer.TryWrite(p.GetProperty("turn").GetProperty("text").GetString()!));
        var keyClosed = Closed(keyHub);
        var leadClosed = Closed(leadHub);
        await keyHub.StartAsync();
        await leadHub.StartAsync();
        await keyHub.InvokeAsync("SubscribeToConversation", id);
        await leadHub.InvokeAsync("SubscribeToTeam", DatabaseSetup.DemoTeamId);
        (await apiB.AddTurnAsync(id, "customer", "Before the revocation")).EnsureSuccessStatusCode();
        using (var timeout = new CancellationTokenSource(Eventually.Timeout))
        {
            Assert.Equal("Before the revocation", await keyTurns.Reader.ReadAsync(timeout.Token));
        }

        await cluster.A.Services.GetRequiredService<ConnectorKeys>().RevokeAsync(key.Id, "test");
        await adminA.SetLockedAsync(leadId, locked: true, "test");

        await keyClosed.WaitAsync(Eventually.Timeout);
        await leadClosed.WaitAsync(Eventually.Timeout);
        Assert.Equal(HttpStatusCode.Unauthorized, (await apiB.AddTurnAsync(id, "agent", "After the revocation")).StatusCode);
        Assert.True(HttpSignIn.GoesToSignIn(await lead.Client.GetAsync("/floor")), "The lead locked on A still had the floor on B");
        Assert.True(HttpSignIn.GoesToSignIn(await lead.Client.GetAsync($"/learning/issues.csv?team={DatabaseSetup.DemoTeamId}")), "The lead locked on A still had the download on B");
    }

    private static HubConnection Connect(ScaleOutInstance instance, Action<Microsoft.AspNetCore.Http.Connections.Client.HttpConnectionOptions> configure) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(instance.ServerAddress, "hubs/coaching"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                configure(o);
            })
            .Build();

    private static Task Closed(HubConnection hub)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }
}
