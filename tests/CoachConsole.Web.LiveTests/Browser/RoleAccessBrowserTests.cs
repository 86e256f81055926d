using Microsoft.Playwright;

namespace CoachConsole.Web.Tests.Browser;

public sealed class RoleAccessBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly (string Nav, string Path)[] Pages =
    [
        ("nav-console", "/console"),
        ("nav-floor", "/floor"),
        ("nav-library", "/library"),
        ("nav-admin", "/admin"),
    ];

    [Theory]
    [InlineData("ana", "nav-console")]
    [InlineData("leo", "nav-floor")]
    [InlineData("tara", "nav-library")]
    [InlineData("ada", "nav-admin")]
    public async Task EachRole_SeesOnlyItsOwnPages(string user, string ownNav)
    {
        var page = await fixture.SignInAsync(user);

        await Assertions.Expect(page.TestId(ownNav)).ToBeVisibleAsync();
        foreach (var (nav, _) in Pages)
        {
            await Assertions.Expect(page.TestId(nav)).ToHaveCountAsync(nav == ownNav ? 1 : 0);
        }

        foreach (var (nav, path) in Pages)
        {
            await page.GotoAsync(path);
            if (nav == ownNav)
            {
                await Assertions.Expect(page.TestId("access-denied")).ToHaveCountAsync(0);
                await Assertions.Expect(page).ToHaveURLAsync(new Uri(fixture.BaseAddress, path).ToString());
            }
            else
            {
                await Assertions.Expect(page.TestId("access-denied")).ToBeVisibleAsync();
            }
        }
    }

    [Fact]
    public async Task TheSignOutButton_EndsTheSession()
    {
        var page = await fixture.SignInAsync("ana", thenOpen: "/console");

        await page.TestId("sign-out").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await page.GotoAsync("/console");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await Assertions.Expect(page.TestId("login-user")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignedOut_PagesRedirectToSignIn_AndAWrongPasswordSaysSo()
    {
        var page = await fixture.OpenAsync("/chat");

        await page.GotoAsync("/admin");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await page.TestId("login-user").FillAsync("ada");
        await page.TestId("login-password").FillAsync("not-the-password");
        await page.TestId("login-submit").ClickAsync();

        await Assertions.Expect(page.TestId("login-error")).ToContainTextAsync("not right");
    }
}
