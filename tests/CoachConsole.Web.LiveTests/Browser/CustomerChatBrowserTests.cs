using System.Net;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CoachConsole.Web.Tests.Browser;

/// <summary>The product with the chat limited to one chat an hour per client address.</summary>
public sealed class OneChatAnHourFixture() : BrowserFixture(new OneChatAnHourFactory())
{
    private sealed class OneChatAnHourFactory() : Infrastructure.CoachFactory(new Infrastructure.CoachHostOptions
    {
        Kestrel = true,
        Settings = new Dictionary<string, string?> { ["CustomerChat:ChatsPerHour"] = "1" },
    });
}

public sealed class CustomerChatBrowserTests(OneChatAnHourFixture fixture) : IClassFixture<OneChatAnHourFixture>
{
    [Fact]
    public async Task ASecondChatFromTheSameAddress_IsRefusedWithTheLimit_AndStartsNothing()
    {
        var first = await fixture.OpenAsync("/chat?agent=ana");
        await first.Field("customer-name").FillAsync("Maria Lopez");
        await first.Field("customer-issue").FillAsync("a broken blender");
        await first.TestId("start-chat").ClickAsync();
        await first.Field("customer-message").FillAsync("Hello, my blender broke");
        await first.TestId("customer-send").ClickAsync();
        await Assertions.Expect(first.TestId("transcript")).ToContainTextAsync("my blender broke");

        var second = await fixture.OpenAsync("/chat?agent=ana");
        await second.Field("customer-name").FillAsync("Tom Reed");
        await second.Field("customer-issue").FillAsync("a double charge");
        await second.TestId("start-chat").ClickAsync();

        await Assertions.Expect(second.TestId("chat-error")).ToContainTextAsync(
            "Too many chats have been started from your address; at most 1 an hour. Please try again in 60 minutes.");
        await Assertions.Expect(second.TestId("customer-message")).ToHaveCountAsync(0);
        await using var db = await fixture.App.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Conversations.CountAsync());

        // The live page counted its chat against the browser's own address, not an unknown one.
        Assert.NotNull(fixture.App.Services.GetRequiredService<CustomerChatGate>().TryStart(IPAddress.Loopback));
    }
}
