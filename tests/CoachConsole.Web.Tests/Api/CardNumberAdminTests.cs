using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using CoachConsole.Web.People;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Api;

/// <summary>
/// What admins type (team names, display names, connector key names) is stored, listed and
/// audited with card numbers masked; a team id or user name holding one is refused and nothing
/// is created.
/// </summary>
public sealed class CardNumberAdminTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    private const string Card = "4111 1111 1111 1111";
    private const string Masked = "•••• •••• •••• 1111";

    private T Service<T>()
        where T : notnull => factory.Services.GetRequiredService<T>();

    private async Task<string> StoredTextsAsync()
    {
        await using var db = await Service<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        return string.Join("\n", [
            .. await db.Teams.AsNoTracking().Select(t => t.Id + " " + t.Name).ToListAsync(),
            .. await db.Users.AsNoTracking().Select(u => u.UserName + " " + u.DisplayName).ToListAsync(),
            .. await db.ConnectorKeys.AsNoTracking().Select(k => k.Name).ToListAsync(),
            .. await db.Audit.AsNoTracking().Select(a => a.Target + " " + a.Detail).ToListAsync()]);
    }

    [Fact]
    public async Task TeamNames_DisplayNames_AndKeyNames_AreStoredListedAndAuditedMasked()
    {
        var admin = Service<AdminService>();

        await admin.CreateTeamAsync("billing-cards", $"Billing {Card}", "adam");
        await admin.CreatePersonAsync("nina", $"Nina 5500\u00a00055\u00a05555\u00a05559", Roles.Agent, "billing-cards", "A-long-first-password-7", "adam");
        var (key, _) = await Service<ConnectorKeys>().CreateAsync($"Platform {Card}", "billing-cards", "adam");

        Assert.Equal($"Billing {Masked}", (await admin.TeamsAsync()).Single(t => t.Id == "billing-cards").Name);
        Assert.Equal("Nina ••••\u00a0••••\u00a0••••\u00a05559", (await admin.PeopleAsync()).Single(p => p.UserName == "nina").DisplayName);
        Assert.Equal($"Platform {Masked}", key.Name);
        Assert.Equal($"Platform {Masked}", (await Service<ConnectorKeys>().ListAsync()).Single(k => k.Id == key.Id).Name);
        var stored = await StoredTextsAsync();
        Assert.Contains(Masked, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Card, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("0055", stored, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("team-4111111111111111")]
    public async Task TeamId_HoldingACardNumber_IsRefused_AndNoTeamIsCreated(string id)
    {
        var admin = Service<AdminService>();

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => admin.CreateTeamAsync(id, "Cards", "adam"));

        Assert.Equal("id", refused.Field);
        Assert.Contains("card number", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await admin.TeamsAsync(), t => t.Id == id);
        Assert.DoesNotContain("4111", await StoredTextsAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("nina.4111.1111.1111.1111")]
    public async Task UserName_HoldingACardNumber_IsRefused_AndNoPersonIsCreated(string userName)
    {
        var admin = Service<AdminService>();
        var before = (await admin.PeopleAsync()).Count;

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => admin.CreatePersonAsync(userName, "Nina", Roles.Agent, DatabaseSetup.DemoTeamId, "A-long-first-password-7", "adam"));

        Assert.Equal("userName", refused.Field);
        Assert.Contains("card number", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await admin.PeopleAsync()).Count);
        Assert.DoesNotContain("4111", await StoredTextsAsync(), StringComparison.Ordinal);
    }
}
