using System.Net;
using CoachConsole.Core.Conversations;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CoachConsole.Web.Tests.Browser;

/// <summary>The customer's chat over a restart of the product: the same address, the same database, the same browser.</summary>
public sealed class CustomerChatRestartBrowserTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coachconsole-chat-restart-").FullName;
    private readonly int _port = LoopbackPort.Free();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The product on a fixed loopback port (the browser keeps what it stores per address) and a database that outlives it.</summary>
    private sealed class SameAddressFactory : CoachFactory
    {
        public SameAddressFactory(string directory, int port)
            : base(new CoachHostOptions { Directory = directory }) =>
            UseKestrel(o => o.Listen(IPAddress.Loopback, port));
    }

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
        Assertions.SetDefaultExpectTimeout((float)Eventually.Timeout.TotalMilliseconds);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        TestDatabase.Remove(_directory);
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = $"http://127.0.0.1:{_port}/" });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Eventually.Timeout.TotalMilliseconds);
        return page;
    }

    private static async Task<Guid> OnlyConversationAsync(CoachFactory app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        return (await db.Conversations.SingleAsync()).Id;
    }

    [Fact]
    public async Task AfterARestart_TheChatResumesWithItsTranscript_InThisBrowserOnly()
    {
        var customer = await NewPageAsync();
        Guid id;
        await using (var first = new SameAddressFactory(_directory, _port))
        {
            _ = first.ServerAddress;
            await customer.GotoAsync("/chat?agent=ana");
            await customer.Locator("[data-interactive=true]").WaitForAsync();
            await customer.Field("customer-name").FillAsync("Maria Lopez");
            await customer.Field("customer-issue").FillAsync("a broken blender");
            await customer.TestId("start-chat").ClickAsync();
            await customer.SendAsCustomerAsync("Hello, my blender broke");
            id = await OnlyConversationAsync(first);
            await first.Services.GetRequiredService<ConversationService>().AddTurnAsync(id, new AddTurn(Speaker.Agent, "Sorry to hear that, Maria.", null, null, null));
            await Assertions.Expect(customer.TestId("transcript")).ToContainTextAsync("Sorry to hear that");

            // The tab leaves while the product is down (a live circuit would hold up the shutdown), and comes back to the same address.
            await customer.GotoAsync("about:blank");
        }

        await using var second = new SameAddressFactory(_directory, _port);
        _ = second.ServerAddress;
        await customer.GotoAsync("/chat?agent=ana");
        await customer.Locator("[data-interactive=true]").WaitForAsync();

        await Assertions.Expect(customer.TestId("transcript")).ToContainTextAsync("Sorry to hear that, Maria.");
        await Assertions.Expect(customer.TestId("transcript")).ToContainTextAsync("Hello, my blender broke");
        await Assertions.Expect(customer.TestId("start-chat")).ToHaveCountAsync(0);
        await customer.SendAsCustomerAsync("It still does not turn on");
        await using (var db = await second.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(id, (await db.Conversations.SingleAsync()).Id);
            Assert.Equal(3, await db.Turns.CountAsync(t => t.ConversationId == id));
        }

        // Another browser, even one that knows the chat's id, starts from the form.
        var stranger = await NewPageAsync();
        await stranger.GotoAsync("/chat");
        await stranger.EvaluateAsync("([key, id]) => localStorage.setItem(key, JSON.stringify(id))", new object[] { CoachConsole.Web.Components.Pages.Customer.CustomerChat.StorageKey, id.ToString() });
        await stranger.ReloadAsync();
        await stranger.Locator("[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(stranger.TestId("start-chat")).ToBeVisibleAsync();
        await Eventually.HoldsAsync("the made-up chat to be forgotten", async () => await stranger.EvaluateAsync<string?>("key => localStorage.getItem(key)", CoachConsole.Web.Components.Pages.Customer.CustomerChat.StorageKey) is null);
        await Assertions.Expect(stranger.TestId("transcript")).ToHaveCountAsync(0);

        // Once the chat has ended, coming back shows a fresh form.
        await second.Services.GetRequiredService<ConversationService>().EndAsync(id);
        await Assertions.Expect(customer.TestId("chat-ended")).ToBeVisibleAsync();
        await customer.ReloadAsync();
        await customer.Locator("[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(customer.TestId("start-chat")).ToBeVisibleAsync();
        await Assertions.Expect(customer.TestId("transcript")).ToHaveCountAsync(0);
    }
}
