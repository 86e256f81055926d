using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using CoachConsole.Web.People;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoachConsole.Web.Tests.Api;

/// <summary>A host that keeps every log line it writes, to check what never reaches the logs.</summary>
public sealed class LoggedCoachFactory : CoachFactory
{
    public LoggedCoachFactory()
        : this(new ConcurrentQueue<string>())
    {
    }

    private LoggedCoachFactory(ConcurrentQueue<string> lines)
        : base(new CoachHostOptions
        {
            Settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Debug", ["RateLimiting:ConnectorPermitsPerMinute"] = "40" },
            Services = services => services.AddSingleton<ILoggerProvider>(new CollectingProvider(lines)),
        }) => Lines = lines;

    public ConcurrentQueue<string> Lines { get; }

    private sealed class CollectingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collecting(lines);

        public void Dispose()
        {
        }
    }

    private sealed class Collecting(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception) + exception);
    }
}

public sealed class AttackTests(LoggedCoachFactory factory) : IClassFixture<LoggedCoachFactory>
{
    private T Service<T>()
        where T : notnull => factory.Services.GetRequiredService<T>();

    [Fact]
    public async Task RevokedKey_Is401AndChangesNothing()
    {
        var keys = Service<ConnectorKeys>();
        var (created, secret) = await keys.CreateAsync("Short-lived platform", DatabaseSetup.DemoTeamId, "test");
        using var client = factory.CreateConnectorClient(secret);
        var id = await client.StartConversationAsync();
        Assert.NotNull((await keys.ListAsync()).Single(k => k.Id == created.Id).LastUsedAt);

        await keys.RevokeAsync(created.Id, "test");
        var turn = await client.AddTurnAsync(id, "customer", "hello?");

        Assert.Equal(HttpStatusCode.Unauthorized, turn.StatusCode);
        Assert.Equal("application/problem+json", turn.Content.Headers.ContentType?.MediaType);
        await using var db = await Service<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Turns.CountAsync(t => t.ConversationId == id));
        var stored = await db.ConnectorKeys.SingleAsync(k => k.Id == created.Id);
        Assert.NotEqual(secret, stored.Hash);
        Assert.DoesNotContain(secret, JsonSerializer.Serialize(stored), StringComparison.Ordinal);
        Assert.Contains(await Service<AuditLog>().RecentAsync(50), a => a.Action == AuditActions.KeyRevoked);
    }

    [Fact]
    public async Task RateLimit_PerKey_Is429WithRetryAfter_OtherKeysUnaffected()
    {
        var (_, secret) = await Service<ConnectorKeys>().CreateAsync("Busy platform", DatabaseSetup.DemoTeamId, "test");
        using var busy = factory.CreateConnectorClient(secret);
        var id = await busy.StartConversationAsync();
        HttpResponseMessage? refused = null;
        var accepted = 0;
        for (var i = 0; i < 60 && refused is null; i++)
        {
            var response = await busy.AddTurnAsync(id, "customer", $"message {i}");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                accepted++;
            }
        }

        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 carries Retry-After");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var transcript = (await factory.CreateConnectorClient().GetConversationAsync(id))["transcript"]!.AsArray();
        Assert.Equal(accepted, transcript.Count);
        using var other = factory.CreateConnectorClient();
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/v1/conversations/{id}")).StatusCode);
    }

    [Fact]
    public async Task CardNumber_IsMaskedInStorageAndInTheAnswers()
    {
        using var client = factory.CreateConnectorClient();
        var id = await client.StartConversationAsync();

        var answer = await (await client.AddTurnAsync(id, "customer", "Charge it to 4111 1111 1111 1111 please")).ReadJsonAsync();

        Assert.Equal("Charge it to •••• •••• •••• 1111 please", answer["turn"]!["text"]!.GetValue<string>());
        await using var db = await Service<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        var stored = await db.Turns.SingleAsync(t => t.ConversationId == id);
        Assert.DoesNotContain("4111 1111 1111 1111", stored.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("4111 1111", (await client.GetConversationAsync(id)).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CardNumber_WrittenWithOtherSeparatorsOrDigits_OrInTheNameIssueOrOptions_IsMaskedEverywhere()
    {
        using var client = factory.CreateConnectorClient();
        var id = await client.StartConversationAsync(
            customer: "Maria 4111 1111 1111 1111", issue: "a charge on card 5500\u00a00055\u00a05555\u00a05559", options: ["refund to ３７８２ ８２２４ ６３１０ ００５"]);

        var answer = await (await client.AddTurnAsync(id, "customer", "It is 4111.1111.1111.1111 and ٤١١١١١١١١١١١١١١١")).ReadJsonAsync();

        Assert.Equal("It is ••••.••••.••••.1111 and ••••••••••••١١١١", answer["turn"]!["text"]!.GetValue<string>());
        var conversation = (await client.GetConversationAsync(id))["conversation"]!;
        Assert.Equal("Maria •••• •••• •••• 1111", conversation["customerName"]!.GetValue<string>());
        Assert.Equal("a charge on card ••••\u00a0••••\u00a0••••\u00a05559", conversation["issueSummary"]!.GetValue<string>());
        Assert.Equal("refund to •••• •••• •••０ ００５", Assert.Single(conversation["options"]!.AsArray())!.GetValue<string>());
        Assert.All(conversation["suggestions"]!.AsArray(), c => Assert.DoesNotContain("5500", c!["text"]!.GetValue<string>(), StringComparison.Ordinal));
        await using var db = await Service<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        var stored = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id);
        Assert.Equal("Maria •••• •••• •••• 1111", stored.CustomerName);
        Assert.DoesNotContain("5500", stored.IssueSummary, StringComparison.Ordinal);
        Assert.DoesNotContain(stored.Options, o => o.Contains("３７８２", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MarkupAndSql_AreStoredVerbatimAndHarmOnlyNothing()
    {
        using var client = factory.CreateConnectorClient();
        const string name = "<img src=x onerror=alert(1)>";
        const string sql = "'); DROP TABLE Turns; --";
        var response = await client.PostAsJsonAsync("/api/v1/conversations", new { channel = "chat", customerName = name, issueSummary = sql });
        var id = (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();

        (await client.AddTurnAsync(id, "customer", sql)).EnsureSuccessStatusCode();

        var state = await client.GetConversationAsync(id);
        Assert.Equal(name, state["conversation"]!["customerName"]!.GetValue<string>());
        Assert.Equal(sql, state["transcript"]![0]!["text"]!.GetValue<string>());
        await using var db = await Service<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        Assert.True(await db.Turns.AnyAsync());
    }

    [Fact]
    public async Task Logs_NeverHoldMessageTextsOrKeys()
    {
        using var client = factory.CreateConnectorClient();
        var id = await client.StartConversationAsync(customer: "Zelda Quartermain");
        const string secretText = "my mother's maiden name is Wigglesworth";
        (await client.AddTurnAsync(id, "customer", secretText)).EnsureSuccessStatusCode();
        await SignIn.TryAsync(factory, "ana", "wrong-password-123");

        var lines = factory.Lines.ToArray();
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, l => l.Contains("Wigglesworth", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Quartermain", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(CoachFactory.DemoKey, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("wrong-password-123", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pages_CarrySecurityHeaders()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/account/login");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_FiveFailures_LockTheAccountAndAreAudited()
    {
        await Service<AdminService>().CreatePersonAsync("victim", "Vic Tim", Roles.Agent, DatabaseSetup.DemoTeamId, "Right-Password-1", "test");

        for (var i = 0; i < 5; i++)
        {
            var (_, failed) = await SignIn.TryAsync(factory, "victim", "wrong-password");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        var (_, locked) = await SignIn.TryAsync(factory, "victim", "Right-Password-1");
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var audit = await Service<AuditLog>().RecentAsync(100);
        Assert.True(audit.Count(a => a.Actor == "victim" && a.Action == AuditActions.SignInFailed) >= 4);
        Assert.Contains(audit, a => a.Actor == "victim" && a.Action == AuditActions.LockedOut);
    }

    [Fact]
    public async Task Hub_AgentSubscribingToAnotherAgentsConversation_IsRefused()
    {
        using var client = factory.CreateConnectorClient();
        var response = await client.PostAsJsonAsync("/api/v1/conversations", new { channel = "chat", customerName = "Maria", issueSummary = "refund", agentId = "ana" });
        var id = (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();

        await using var ben = await ConnectAsync(await SignIn.AsAsync(factory, "ben"));
        await using var ana = await ConnectAsync(await SignIn.AsAsync(factory, "ana"));

        var refused = await Assert.ThrowsAsync<HubException>(() => ben.InvokeAsync<JsonElement>("SubscribeToConversation", id));
        Assert.Contains("outside your reach", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => ben.InvokeAsync("SubscribeToTeam", DatabaseSetup.DemoTeamId));
        var state = await ana.InvokeAsync<JsonElement>("SubscribeToConversation", id);
        Assert.Equal("ana", state.GetProperty("agentId").GetString());
    }

    [Fact]
    public async Task Hub_LeadOfAnotherTeam_IsRefused_LeadOfTheTeamIsNot()
    {
        var admin = Service<AdminService>();
        await admin.CreateTeamAsync("billing-2", "Billing", "test");
        await admin.CreatePersonAsync("olga", "Olga Lead", Roles.TeamLead, "billing-2", "Olga-Password-1", "test");
        using var client = factory.CreateConnectorClient();
        var id = await client.StartConversationAsync();

        await using var olga = await ConnectAsync(await SignIn.AsAsync(factory, "olga", "Olga-Password-1"));
        await using var leo = await ConnectAsync(await SignIn.AsAsync(factory, "leo"));

        await Assert.ThrowsAsync<HubException>(() => olga.InvokeAsync<JsonElement>("SubscribeToConversation", id));
        await Assert.ThrowsAsync<HubException>(() => olga.InvokeAsync("SubscribeToTeam", DatabaseSetup.DemoTeamId));
        await olga.InvokeAsync("SubscribeToTeam", "billing-2");
        await leo.InvokeAsync("SubscribeToTeam", DatabaseSetup.DemoTeamId);
        Assert.Equal(id, (await leo.InvokeAsync<JsonElement>("SubscribeToConversation", id)).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Hub_OversizeMessage_ClosesTheConnection()
    {
        await using var hub = await ConnectAsync(await SignIn.AsAsync(factory, "leo"));

        await Assert.ThrowsAnyAsync<Exception>(() => hub.InvokeAsync("SubscribeToTeam", new string('x', 100_000)));
        // The client learns of the close a moment after the failed call.
        await Eventually.HoldsAsync("the hub connection to close after the oversize message", () => hub.State != HubConnectionState.Connected);
    }

    private async Task<HubConnection> ConnectAsync(SignIn.Session session)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, "hubs/coaching"), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                o.Headers["Cookie"] = session.CookieHeader;
            })
            .Build();
        await hub.StartAsync();
        return hub;
    }
}
