using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace CoachConsole.Benchmarks;

/// <summary>
/// Memory per agent console: opens N real agent consoles (Blazor circuits) in Debian's Chromium
/// against a running instance, signed in as a demo agent, each with live conversations on screen,
/// and reads the instance's settled managed heap before and after.
/// <c>dotnet run -c Release --project tests/CoachConsole.Benchmarks -- consoles --url URL --key KEY [--count 40] [--path /console]</c>
/// </summary>
public static class ConsoleMemory
{
    public static async Task<int> RunAsync(string[] args)
    {
        string url = "http://127.0.0.1:5216", key = "demo-connector-key", agent = "ana", password = "CoachDemo2026", path = "/console";
        var count = 40;
        var hold = 0;
        var live = 3;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--url": url = args[i + 1]; break;
                case "--key": key = args[i + 1]; break;
                case "--count": count = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--agent": agent = args[i + 1]; break;
                case "--path": path = args[i + 1]; break;
                case "--live": live = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--hold-seconds": hold = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: await Console.Error.WriteLineAsync($"consoles: unknown option '{args[i]}'."); return 2;
            }
        }

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        for (var c = 0; c < live; c++)
        {
            var started = await http.PostAsJsonAsync("/api/v1/conversations", new { channel = "chat", customerName = $"Memory Customer {c + 1}", issueSummary = "a late order", agentId = agent });
            var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            for (var t = 0; t < 6; t++)
            {
                await http.PostAsJsonAsync($"/api/v1/conversations/{id}/turns", new { speaker = t % 2 == 0 ? "customer" : "agent", text = t % 2 == 0 ? "This is the third time I've called about my order!" : "I'm sorry, I understand how frustrating that is." });
            }
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url });
        var login = await context.NewPageAsync();
        await login.GotoAsync("/account/login");
        await login.Locator(":is([data-testid=login-user] input, input[data-testid=login-user])").First.FillAsync(agent);
        await login.Locator(":is([data-testid=login-password] input, input[data-testid=login-password])").First.FillAsync(password);
        await login.Locator("[data-testid=login-submit]").ClickAsync();
        await login.Locator("[data-testid=signed-in-as]").WaitForAsync();
        await login.CloseAsync();

        var before = await HeapAsync(http);
        var pages = new List<IPage>();
        for (var p = 0; p < count; p++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(path);
            if (path == "/console")
            {
                await page.Locator("[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            }
            else
            {
                await page.WaitForTimeoutAsync(1000);
            }

            pages.Add(page);
            await Console.Error.WriteAsync($"\r{p + 1}/{count} consoles open");
        }

        await Task.Delay(2000);
        var with = await HeapAsync(http);
        await Console.Error.WriteLineAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} circuits on {path}: managed heap {before / 1048576.0:F1} MB before, {with / 1048576.0:F1} MB with them: {(with - before) / 1024.0 / count:F0} KB per console"));
        // Keeps the consoles open a while, e.g. for a heap snapshot of the instance.
        await Task.Delay(TimeSpan.FromSeconds(hold));
        return 0;
    }

    private static async Task<long> HeapAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/v1/instance?settle=true")).GetProperty("managedHeapBytes").GetInt64();
}
