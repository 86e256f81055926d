using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Api;

/// <summary>The first admin's user name may not hold a card number; their display name is kept masked.</summary>
public sealed class FirstRunCardNumberTests(EmptyInstallFactory factory) : IClassFixture<EmptyInstallFactory>
{
    [Fact]
    public async Task Setup_AUserNameWithACardNumber_IsRefused_ADisplayNameWithOne_IsStoredMasked()
    {
        var services = factory.Services;
        var firstRun = services.GetRequiredService<FirstRun>();

        var refused = await firstRun.CreateAdminAsync(services, firstRun.Token, "root-4111-1111-1111-1111", "Root Admin", "Strong-Password-1");

        Assert.False(refused.Succeeded);
        var error = Assert.Single(refused.Errors);
        Assert.Equal("userName", error.Code);
        Assert.Contains("card number", error.Description, StringComparison.Ordinal);
        Assert.False(await FirstRun.HasAdminAsync(services));

        var created = await firstRun.CreateAdminAsync(services, firstRun.Token, "root", "Root 4111 1111 1111 1111", "Strong-Password-1");

        Assert.True(created.Succeeded);
        await using var db = await services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        var users = await db.Users.AsNoTracking().Select(u => u.UserName + " " + u.DisplayName).ToListAsync();
        Assert.Equal("root Root •••• •••• •••• 1111", Assert.Single(users));
    }
}
