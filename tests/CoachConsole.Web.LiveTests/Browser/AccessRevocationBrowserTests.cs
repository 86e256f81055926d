using System.Text.RegularExpressions;
using CoachConsole.Web.Data;
using CoachConsole.Web.People;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CoachConsole.Web.Tests.Browser;

/// <summary>A live console (a Blazor circuit) whose person is locked or changed goes to the sign-in form at once.</summary>
public sealed class AccessRevocationBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Password = "Right-Password-1";

    [Fact]
    public async Task LockingAnAgent_EndsTheirOpenConsole_WhichGoesToSignIn()
    {
        var (agentId, userName) = await NewPersonAsync(Roles.Agent);
        var page = await fixture.SignInAsync(userName, thenOpen: "/console", password: Password);
        await Assertions.Expect(page.TestId("signed-in-as")).ToBeVisibleAsync();

        await Admin.SetLockedAsync(agentId, locked: true, "test");

        await Assertions.Expect(page.TestId("login-user")).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.GotoAsync("/console");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
    }

    [Fact]
    public async Task ALeadMadeAnAgent_LosesTheOpenFloorAtOnce()
    {
        var (leadId, userName) = await NewPersonAsync(Roles.TeamLead);
        var page = await fixture.SignInAsync(userName, thenOpen: "/floor", password: Password);
        await Assertions.Expect(page.TestId("nav-floor")).ToBeVisibleAsync();

        await Admin.ChangeRoleAsync(leadId, Roles.Agent, DatabaseSetup.DemoTeamId, "test");

        await Assertions.Expect(page.TestId("login-user")).ToBeVisibleAsync();
        await page.GotoAsync("/floor");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
    }

    [Fact]
    public async Task AnAdminChangingALeadsRoleOnTheAdminPage_SendsTheLeadsOpenFloorToSignIn()
    {
        var (_, userName) = await NewPersonAsync(Roles.TeamLead);
        var lead = await fixture.SignInAsync(userName, thenOpen: "/floor", password: Password);
        var admin = await fixture.SignInAsync("ada", thenOpen: "/admin");

        await ChooseAsync(admin, "change-person", userName);
        await ChooseAsync(admin, "change-role-to", "Agent");
        await ChooseAsync(admin, "change-team", DatabaseSetup.DemoTeamName);
        await admin.TestId("change-role").ClickAsync();

        await Assertions.Expect(lead.TestId("login-user")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("tr", new() { HasText = userName })).ToContainTextAsync("Agent");
        await Assertions.Expect(admin.TestId("admin-error")).ToHaveCountAsync(0);
    }

    private static async Task ChooseAsync(IPage page, string select, string option)
    {
        await page.TestId(select).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = option }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    private AdminService Admin => fixture.App.Services.GetRequiredService<AdminService>();

    private async Task<(string Id, string UserName)> NewPersonAsync(string role)
    {
        var userName = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..20];
        await Admin.CreatePersonAsync(userName, "Pat Doe", role, DatabaseSetup.DemoTeamId, Password, "test");
        return ((await Admin.PeopleAsync()).Single(p => p.UserName == userName).Id, userName);
    }
}
