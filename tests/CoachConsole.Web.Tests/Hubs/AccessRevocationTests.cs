using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using CoachConsole.Web.People;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Hubs;

/// <summary>
/// A revoked key, and a locked, changed or removed person, stop at once: their open hub connections
/// close, their next page or download goes to sign-in. Real Kestrel, real HTTP, real SignalR client.
/// </summary>
public sealed class AccessRevocationTests(KestrelCoachFactory factory) : IClassFixture<KestrelCoachFactory>
{
    private const string Password = "Right-Password-1";

    /// <summary>Generous for a loaded machine; the changes themselves take effect in well under a second.</summary>
    private static readonly TimeSpan Wait = Eventually.Timeout;

    [Fact]
    public async Task RevokingAKey_ClosesItsOpenHubConnection_WhichGetsNoMoreTurns_AndCannotConnectAgain()
    {
        var keys = factory.Services.GetRequiredService<ConnectorKeys>();
        var (key, secret) = await keys.CreateAsync("Platform to revoke", DatabaseSetup.DemoTeamId, "test");
        using var api = factory.CreateConnectorClient();
        var id = await api.StartConversationAsync();
        await using var revoked = Connect(o => o.AccessTokenProvider = () => Task.FromResult<string?>(secret));
        await using var witness = Connect(o => o.AccessTokenProvider = () => Task.FromResult<string?>(CoachFactory.DemoKey));
        var revokedTurns = Turns(revoked, id);
        var witnessTurns = Turns(witness, id);
        var closed = Closed(revoked);
        await revoked.StartAsync();
        await witness.StartAsync();
        await revoked.InvokeAsync("SubscribeToTeam", DatabaseSetup.DemoTeamId);
        await witness.InvokeAsync("SubscribeToTeam", DatabaseSetup.DemoTeamId);
        (await api.AddTurnAsync(id, "customer", "Before the revocation")).EnsureSuccessStatusCode();
        Assert.Equal("Before the revocation", await NextAsync(revokedTurns));
        Assert.Equal("Before the revocation", await NextAsync(witnessTurns));

        await keys.RevokeAsync(key.Id, "test");

        await closed.WaitAsync(Wait);
        Assert.Equal(HubConnectionState.Disconnected, revoked.State);
        (await api.AddTurnAsync(id, "agent", "After the revocation")).EnsureSuccessStatusCode();
        Assert.Equal("After the revocation", await NextAsync(witnessTurns));
        Assert.False(revokedTurns.Reader.TryRead(out var late), $"The revoked key's connection got '{late}'");
        await Assert.ThrowsAsync<InvalidOperationException>(() => revoked.InvokeAsync("SubscribeToTeam", DatabaseSetup.DemoTeamId));

        await using var again = Connect(o => o.AccessTokenProvider = () => Task.FromResult<string?>(secret));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => again.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task AKeyRevokedWithoutAnnouncement_IsRefusedOnItsNextHubCalls_AndItsConnectionClosedWithinSeconds()
    {
        // As another instance's revocation is seen when Redis cannot carry the news: only in the database.
        var (key, secret) = await factory.Services.GetRequiredService<ConnectorKeys>().CreateAsync("Platform revoked elsewhere", DatabaseSetup.DemoTeamId, "test");
        await using var hub = Connect(o => o.AccessTokenProvider = () => Task.FromResult<string?>(secret));
        var closed = Closed(hub);
        await hub.StartAsync();
        await hub.InvokeAsync("SubscribeToTeam", DatabaseSetup.DemoTeamId);
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync())
        {
            await db.ConnectorKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DateTimeOffset.UtcNow));
        }

        HubException? refusal = null;
        await Eventually.HoldsAsync("the key revoked in the database to lose its hub connection or its calls", async () =>
        {
            if (hub.State != HubConnectionState.Connected)
            {
                return true;
            }

            try
            {
                await hub.InvokeAsync("SubscribeToTeam", DatabaseSetup.DemoTeamId);
                return false;
            }
            catch (HubException ex)
            {
                refusal = ex;
                return true;
            }
            catch (Exception ex) when (ex is InvalidOperationException or TaskCanceledException or OperationCanceledException)
            {
                // Closed while the call was on its way.
                return true;
            }
        }, Wait);

        if (refusal is not null)
        {
            Assert.Contains("revoked", refusal.Message, StringComparison.Ordinal);
        }

        await closed.WaitAsync(Wait);
    }

    [Fact]
    public async Task LockingALead_ClosesTheirHubConnection_AndTheirNextPageAndDownloadGoToSignIn()
    {
        var (leadId, userName) = await NewPersonAsync(Roles.TeamLead);
        var session = await SignInAsync(userName);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/floor")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync($"/learning/issues.csv?team={DatabaseSetup.DemoTeamId}")).StatusCode);
        await using var hub = Connect(o => o.Cookies = session.Cookies);
        var closed = Closed(hub);
        await hub.StartAsync();
        await hub.InvokeAsync("SubscribeToTeam", DatabaseSetup.DemoTeamId);

        await factory.Services.GetRequiredService<AdminService>().SetLockedAsync(leadId, locked: true, "test");

        AssertGoesToSignIn(await session.Client.GetAsync("/floor"));
        AssertGoesToSignIn(await session.Client.GetAsync($"/learning/issues.csv?team={DatabaseSetup.DemoTeamId}"));
        await closed.WaitAsync(Wait);
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
        await using var again = Connect(o => o.Cookies = session.Cookies);
        await Assert.ThrowsAnyAsync<Exception>(() => again.StartAsync());
    }

    [Fact]
    public async Task LockingAnAgent_RefusesTheirReviewWithItsTranscript_AtOnce()
    {
        var (agentId, userName) = await NewPersonAsync(Roles.Agent);
        using var api = factory.CreateConnectorClient();
        var started = await api.PostAsJsonAsync("/api/v1/conversations", new { channel = "chat", customerName = "Maria Lopez", issueSummary = "charged twice", agentId });
        var id = (await started.ReadJsonAsync())["id"]!.GetValue<Guid>();
        (await api.AddTurnAsync(id, "customer", "I was charged twice and I'm furious!")).EnsureSuccessStatusCode();
        (await api.PostAsync($"/api/v1/conversations/{id}/end", null)).EnsureSuccessStatusCode();
        var session = await SignInAsync(userName);
        var before = await session.Client.GetAsync($"/learning/reviews/{id}");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Contains("charged twice and I'm furious", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await factory.Services.GetRequiredService<AdminService>().SetLockedAsync(agentId, locked: true, "test");

        var after = await session.Client.GetAsync($"/learning/reviews/{id}");
        AssertGoesToSignIn(after);
        Assert.DoesNotContain("furious", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        AssertGoesToSignIn(await session.Client.GetAsync("/console"));
    }

    [Fact]
    public async Task ALeadMadeAnAgent_IsRefusedLeadPagesAtOnce_AndWorksAsAnAgentAfterSigningInAgain()
    {
        var (personId, userName) = await NewPersonAsync(Roles.TeamLead);
        var session = await SignInAsync(userName);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/floor")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync($"/learning/debrief.html?team={DatabaseSetup.DemoTeamId}")).StatusCode);

        await factory.Services.GetRequiredService<AdminService>().ChangeRoleAsync(personId, Roles.Agent, DatabaseSetup.DemoTeamId, "test");

        AssertGoesToSignIn(await session.Client.GetAsync("/floor"));
        AssertGoesToSignIn(await session.Client.GetAsync($"/learning/debrief.html?team={DatabaseSetup.DemoTeamId}"));
        var again = await SignInAsync(userName);
        Assert.NotEqual(HttpStatusCode.OK, (await again.Client.GetAsync("/floor")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await again.Client.GetAsync($"/learning/debrief.html?team={DatabaseSetup.DemoTeamId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.Client.GetAsync("/console")).StatusCode);
    }

    [Fact]
    public async Task ARemovedPerson_IsSentToSignInAtOnce_AndCannotSignInAgain()
    {
        var (personId, userName) = await NewPersonAsync(Roles.Agent);
        var session = await SignInAsync(userName);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/console")).StatusCode);

        await factory.Services.GetRequiredService<AdminService>().RemovePersonAsync(personId, "test");

        AssertGoesToSignIn(await session.Client.GetAsync("/console"));
        var (_, response) = await TrySignInAsync(userName);
        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task ChangingARole_WithoutATeamForAnAgent_IsRefusedNamingTheField_AndChangesNothing()
    {
        var (personId, userName) = await NewPersonAsync(Roles.TeamLead);
        var session = await SignInAsync(userName);
        var admin = factory.Services.GetRequiredService<AdminService>();

        var noTeam = await Assert.ThrowsAsync<InputRejectedException>(() => admin.ChangeRoleAsync(personId, Roles.Agent, null, "test"));
        var unknownTeam = await Assert.ThrowsAsync<InputRejectedException>(() => admin.ChangeRoleAsync(personId, Roles.Agent, "no-such-team", "test"));

        Assert.Equal("teamId", noTeam.Field);
        Assert.Equal("teamId", unknownTeam.Field);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/floor")).StatusCode);
        var person = (await admin.PeopleAsync()).Single(p => p.Id == personId);
        Assert.Equal([Roles.TeamLead], person.Roles);
        Assert.Equal([DatabaseSetup.DemoTeamId], person.Leads);
    }

    private static void AssertGoesToSignIn(HttpResponseMessage response) =>
        Assert.True(HttpSignIn.GoesToSignIn(response), $"Expected a redirect to the sign-in form, got {(int)response.StatusCode} {response.Headers.Location}");

    private async Task<(string Id, string UserName)> NewPersonAsync(string role)
    {
        var admin = factory.Services.GetRequiredService<AdminService>();
        var userName = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..20];
        await admin.CreatePersonAsync(userName, "Pat Doe", role, DatabaseSetup.DemoTeamId, Password, "test");
        return ((await admin.PeopleAsync()).Single(p => p.UserName == userName).Id, userName);
    }

    private Task<HttpSignIn.Session> SignInAsync(string userName) => HttpSignIn.AsAsync(factory.ServerAddress, userName, Password);

    private Task<(HttpSignIn.Session Session, HttpResponseMessage Response)> TrySignInAsync(string userName) => HttpSignIn.TryAsync(factory.ServerAddress, userName, Password);

    private HubConnection Connect(Action<HttpConnectionOptions> configure) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(factory.ServerAddress, "hubs/coaching"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                configure(o);
            })
            .Build();

    private static Channel<string> Turns(HubConnection hub, Guid conversationId)
    {
        var turns = Channel.CreateUnbounded<string>();
        hub.On<JsonElement>("TurnAdded", payload =>
        {
            if (payload.GetProperty("conversationId").GetGuid() == conversationId)
            {
                turns.Writer.TryWrite(payload.GetProperty("turn").GetProperty("text").GetString()!);
            }
        });
        return turns;
    }

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

    private static async Task<string> NextAsync(Channel<string> channel)
    {
        using var timeout = new CancellationTokenSource(Wait);
        return await channel.Reader.ReadAsync(timeout.Token);
    }

}
