using Bunit;
using CoachConsole.Core.Conversations;
using CoachConsole.Web.Components.Pages.Agent;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Components;

public sealed class MarkupSafetyTests : ComponentTestContext
{
    public MarkupSafetyTests() => SignInAs("ana", "Ana Ruiz", "Agent");

    [Fact]
    public async Task MarkupInNamesAndTexts_IsShownAsText_AndCardNumbersMasked()
    {
        var conversations = Services.GetRequiredService<ConversationService>();
        var started = await conversations.StartAsync(new StartConversation(Channel.Chat, "<img src=x onerror=alert(1)>", "<b>billing</b>", "ana", null, null));
        await conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Customer, "<script>alert('x')</script> card 4111 1111 1111 1111", null, null, null));
        RenderProviders();

        var console = Render<AgentConsole>();

        console.WaitForAssertion(() =>
        {
            var transcript = console.Find("[data-testid=transcript]");
            Assert.Contains("<script>alert('x')</script>", transcript.TextContent, StringComparison.Ordinal);
            Assert.Contains("•••• •••• •••• 1111", transcript.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("4111 1111 1111 1111", console.Markup, StringComparison.Ordinal);
            Assert.Empty(console.FindAll("script"));
            Assert.Empty(console.FindAll("img[src=x]"));
            Assert.Contains("<img src=x onerror=alert(1)>", console.Find("h6").TextContent, StringComparison.Ordinal);
        });
    }
}
