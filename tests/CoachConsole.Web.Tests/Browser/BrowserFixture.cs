using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CoachConsole.Web.Tests.Browser;

/// <summary>The product on Kestrel at a free loopback port and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public KestrelCoachFactory App { get; } = new();

    public IBrowser Browser { get; private set; } = default!;

    public Uri BaseAddress => App.ServerAddress;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests need Chromium at {ChromiumPath}: apt-get install -y chromium");
        }

        _ = App.ServerAddress;
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

    /// <summary>Opens a page and waits until its Blazor circuit is up, so clicks are not lost.</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(path);
        await page.Locator("[data-interactive=true]").WaitForAsync();
        return page;
    }
}

public static class PageExtensions
{
    /// <summary>The input or text area inside a MudBlazor field marked with a test id.</summary>
    public static ILocator Field(this IPage page, string testId) =>
        page.Locator($":is([data-testid={testId}] textarea, textarea[data-testid={testId}], [data-testid={testId}] input, input[data-testid={testId}])").First;

    public static ILocator TestId(this IPage page, string testId) => page.Locator($"[data-testid={testId}]");
}
