using Microsoft.Playwright;

namespace CoachConsole.Web.Tests.Browser;

/// <summary>The product on Kestrel at a free loopback port and Debian's Chromium driven by Playwright.</summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public BrowserFixture()
        : this(new Infrastructure.KestrelCoachFactory())
    {
    }

    protected BrowserFixture(Infrastructure.CoachFactory app) => App = app;

    public Infrastructure.CoachFactory App { get; }

    public IBrowser Browser { get; private set; } = default!;

    public Uri BaseAddress => App.ServerAddress;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests need Chromium at {ChromiumPath}: apt-get install -y chromium");
        }

        _ = App.ServerAddress;
        // Every expectation waits as long as any test waits for anything (Playwright's own default is five seconds).
        Assertions.SetDefaultExpectTimeout((float)Infrastructure.Eventually.Timeout.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>Opens a page in a fresh browser context and waits until its Blazor circuit is up, so clicks are not lost.</summary>
    public async Task<IPage> OpenAsync(string path, string? timeZone = null)
    {
        var page = await NewPageAsync(timeZone);
        await page.GotoAsync(path);
        await page.Locator("[data-interactive=true]").WaitForAsync();
        return page;
    }

    /// <summary>
    /// Signs a demo person in on the sign-in page, in a browser context of their own; its clock is in
    /// <paramref name="timeZone"/> when one is given (the machine's otherwise).
    /// </summary>
    public async Task<IPage> SignInAsync(string userName, string? thenOpen = null, string password = CoachConsole.Web.Data.DatabaseSetup.DemoPassword, string? timeZone = null, string? locale = null)
    {
        var page = await NewPageAsync(timeZone, locale);
        await page.GotoAsync("/account/login");
        await page.TestId("login-user").FillAsync(userName);
        await page.TestId("login-password").FillAsync(password);
        await page.TestId("login-submit").ClickAsync();
        await page.TestId("signed-in-as").WaitForAsync();
        if (thenOpen is not null)
        {
            await page.GotoAsync(thenOpen);
            await page.Locator("[data-interactive=true]").WaitForAsync();
        }

        return page;
    }

    /// <summary>Opens the customer chat for an agent, starts a chat and sends its first message.</summary>
    public async Task<IPage> StartChatAsync(string agent, string customer, string issue, string firstMessage, string? timeZone = null)
    {
        var page = await OpenAsync($"/chat?agent={agent}", timeZone);
        await page.Field("customer-name").FillAsync(customer);
        await page.Field("customer-issue").FillAsync(issue);
        await page.TestId("start-chat").ClickAsync();
        await page.SendAsCustomerAsync(firstMessage);
        return page;
    }

    private async Task<IPage> NewPageAsync(string? timeZone = null, string? locale = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), TimezoneId = timeZone, Locale = locale });
        var page = await context.NewPageAsync();
        // As long as an expectation may wait: the first actions of a cold instance on a loaded machine take a while.
        page.SetDefaultTimeout((float)Infrastructure.Eventually.Timeout.TotalMilliseconds);
        return page;
    }
}

public static class PageExtensions
{
    /// <summary>The input or text area inside a MudBlazor field marked with a test id.</summary>
    public static ILocator Field(this IPage page, string testId) =>
        page.Locator($":is([data-testid={testId}] textarea, textarea[data-testid={testId}], [data-testid={testId}] input, input[data-testid={testId}])").First;

    public static ILocator TestId(this IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    /// <summary>Sends a message from the customer chat page and waits until it shows.</summary>
    public static async Task SendAsCustomerAsync(this IPage page, string text)
    {
        await page.Field("customer-message").FillAsync(text);
        await page.TestId("customer-send").ClickAsync();
        await Assertions.Expect(page.TestId("transcript")).ToContainTextAsync(text);
    }
}

/// <summary>A browser against a host whose clock the test moves.</summary>
public sealed class ClockedBrowserFixture() : BrowserFixture(new Infrastructure.ClockedKestrelCoachFactory())
{
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => App.Clock;
}
