using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CoachConsole.Web.Tests.Browser;

/// <summary>
/// Every main page passes axe-core's checks with no critical and no serious finding, as each
/// role sees it with the demo data: contrast, landmarks, headings, names of fields and lists.
/// </summary>
public sealed class AccessibilityBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(null, "/chat")]
    [InlineData("ana", "/console")]
    [InlineData("ana", "/practice")]
    [InlineData("tara", "/practice")]
    [InlineData("leo", "/floor")]
    [InlineData("leo", "/reviews")]
    [InlineData("leo", "/lead/debrief")]
    [InlineData("tara", "/library")]
    [InlineData("ada", "/admin")]
    public async Task MainPage_HasNoCriticalOrSeriousFinding(string? user, string path)
    {
        var page = user is null ? await fixture.OpenAsync(path) : await fixture.SignInAsync(user, thenOpen: path);
        if (path == "/chat")
        {
            // The chat as a customer sees it while talking, not only its start form.
            await page.Field("customer-name").FillAsync("Maria Lopez");
            await page.Field("customer-issue").FillAsync("a broken blender");
            await page.TestId("start-chat").ClickAsync();
            await page.SendAsCustomerAsync("My blender broke again and I want it sorted today.");
        }

        await Assertions.Expect(page.Locator("main")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("h1")).ToHaveCountAsync(1);

        var result = await page.RunAxe();

        var findings = result.Violations
            .Where(v => v.Impact is "critical" or "serious")
            .Select(v => $"{v.Impact} {v.Id}: {v.Help} at {string.Join(" | ", v.Nodes.Take(4).Select(n => n.Html))}")
            .ToList();
        Assert.True(findings.Count == 0, $"{path}:\n{string.Join("\n", findings)}");
    }

    [Theory]
    [InlineData("en-GB", @"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}$")]
    [InlineData("en-US", @"^\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}:\d{2}\s?[AP]M$")]
    [InlineData("de-DE", @"^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$")]
    public async Task Dates_AreWrittenAsTheBrowsersLanguageWritesThem(string locale, string pattern)
    {
        var page = await fixture.SignInAsync("ada", thenOpen: "/admin", locale: locale);

        await page.Locator(".mud-tab", new() { HasText = "Audit log" }).ClickAsync();

        var first = page.TestId("audit-at").First;
        await Assertions.Expect(first).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(pattern));
    }
}
