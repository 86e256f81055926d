using Bunit;
using CoachConsole.Core.Conversations;
using CoachConsole.Web.Components.Pages.Agent;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Components;

public sealed class AgentConsoleTests : ComponentTestContext
{
    private ConversationService Conversations => Services.GetRequiredService<ConversationService>();

    public AgentConsoleTests() => SignInAs("ana", "Ana Ruiz", "Agent");

    private IRenderedComponent<AgentConsole> RenderConsole() => Render<AgentConsole>();

    [Fact]
    public void NoLiveConversations_ShowsTheEmptyState()
    {
        RenderProviders();

        var console = RenderConsole();

        console.WaitForAssertion(() => Assert.NotNull(console.Find("[data-testid=no-conversations]")));
    }

    [Fact]
    public async Task PushedEvents_NewConversationAndAngryTurn_UpdateListStageHeatAndCards()
    {
        RenderProviders();
        var console = RenderConsole();
        console.WaitForAssertion(() => console.Find("[data-testid=no-conversations]"));

        var started = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a broken blender", "ana", null, ["a replacement"]));
        console.WaitForAssertion(() => Assert.Single(console.FindAll("[data-testid=conversation-item]")));
        console.WaitForAssertion(() => Assert.Equal("Opening", console.Find("[data-testid=stage]").TextContent.Trim()));

        await Conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Customer, "This is RIDICULOUS!!! I'm furious", null, null, null));

        console.WaitForAssertion(() =>
        {
            Assert.Equal("Listening", console.Find("[data-testid=stage]").TextContent.Trim());
            Assert.StartsWith("Angry", console.Find("[data-testid=heat]").TextContent.Trim(), StringComparison.Ordinal);
            // Empathy leads, then an apology and a sign of listening, each shown for the Listening stage.
            var cards = console.FindAll("[data-testid=card]");
            Assert.Equal(
                ["1 · Empathy", "2 · Apology", "3 · Listening cue"],
                cards.Select(c => c.QuerySelector(".card-category")!.TextContent.Trim()));
            Assert.All(cards, c => Assert.Contains("Listening", c.QuerySelector("[data-testid=card-why]")!.TextContent, StringComparison.Ordinal));
            Assert.Contains("RIDICULOUS!!! I'm furious", console.Find("[data-testid=transcript]").TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task UnselectedConversation_NewCustomerTurn_CountsUnreadWithoutStealingFocus()
    {
        var first = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a broken blender", "ana", null, null));
        var second = await Conversations.StartAsync(new StartConversation(Channel.Voice, "Tom Reed", "a double charge", "ana", null, null));
        RenderProviders();
        var console = RenderConsole();
        console.WaitForAssertion(() => Assert.Equal(2, console.FindAll("[data-testid=conversation-item]").Count));

        await Conversations.AddTurnAsync(second.Id, new AddTurn(Speaker.Customer, "Hello? Anyone there?", null, null, null));

        console.WaitForAssertion(() => Assert.Equal("1", console.Find("[data-testid=unread]").TextContent.Trim()));
        Assert.Contains("Maria Lopez", console.Find("h6").TextContent, StringComparison.Ordinal);
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task UseCardThenSend_StoresTheAgentTurnAndMovesTheStage()
    {
        var started = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a broken blender", "ana", null, null));
        await Conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Customer, "I'm furious, this is the worst!!!", null, null, null));
        await Conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Agent, "Okay.", null, null, null));
        RenderProviders();
        var console = RenderConsole();
        console.WaitForAssertion(() => Assert.Equal("Acknowledging", console.Find("[data-testid=stage]").TextContent.Trim()));

        await console.ClickAsync("[data-testid=use-card]");
        await console.ClickAsync("[data-testid=send]");

        console.WaitForAssertion(() => Assert.Equal("Clarifying", console.Find("[data-testid=stage]").TextContent.Trim()));
        var details = await Conversations.GetAsync(started.Id);
        var sent = details.Transcript[^1];
        Assert.Equal(Speaker.Agent, sent.Speaker);
        Assert.DoesNotContain(details.Conversation.Suggestions, s => s.Text == sent.Text);
    }

    [Fact]
    public async Task UseCardThenSend_AfterItsPhraseLeftTheLibrary_SendsTheAnswerAsTheAgentsOwnWords()
    {
        var started = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a broken blender", "ana", null, null));
        await Conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Customer, "I'm furious, this is the worst!!!", null, null, null));
        await Conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Agent, "Okay.", null, null, null));
        RenderProviders();
        var console = RenderConsole();
        console.WaitForAssertion(() => Assert.Equal("Acknowledging", console.Find("[data-testid=stage]").TextContent.Trim()));
        var card = (await Conversations.GetAsync(started.Id)).Conversation.Suggestions[0];

        await console.ClickAsync("[data-testid=use-card]");
        var library = Services.GetRequiredService<CoachConsole.Web.Library.LibraryService>();
        await library.DeleteAsync(card.PhraseId, "tara");
        await library.PublishAsync("Without one card", "tara");
        await console.ClickAsync("[data-testid=send]");

        await using var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        var sent = await db.Turns.Where(t => t.ConversationId == started.Id).OrderBy(t => t.Sequence).LastAsync();
        Assert.Equal((Speaker.Agent, card.Text, (string?)null), (sent.Speaker, sent.Text, sent.PhraseId));
        Assert.DoesNotContain(await db.CardEvents.Where(e => e.ConversationId == started.Id).ToListAsync(), e => e.PhraseId == card.PhraseId && e.Action == CardAction.Used);
    }

    [Fact]
    public async Task OwnReplyMovesTheStage_ThePathShowsEachStageOnce_AsAReloadWould()
    {
        var started = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a broken blender", "ana", null, null));
        await Conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Customer, "I'm furious, this is the worst!!!", null, null, null));
        RenderProviders();
        var console = RenderConsole();
        console.WaitForAssertion(() => Assert.Equal("Listening", console.Find("[data-testid=stage]").TextContent.Trim()));

        // The agent's own reply from the first card: the stage moves on.
        await console.ClickAsync("[data-testid=use-card]");
        await console.ClickAsync("[data-testid=send]");
        console.WaitForAssertion(() => Assert.Equal("Clarifying", console.Find("[data-testid=stage]").TextContent.Trim()));

        // The bus delivers in order: once this customer turn shows, the replies' own updates have come back too.
        await Conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Customer, "It stopped working after two days.", null, null, null));
        console.WaitForAssertion(() => Assert.Contains("It stopped working after two days.", console.Find("[data-testid=transcript]").TextContent, StringComparison.Ordinal));

        var details = await Conversations.GetAsync(started.Id);
        string[] reloaded = [CoachConsole.Web.Components.Shared.Display.Label(details.StagePath[0].From), .. details.StagePath.Select(m => CoachConsole.Web.Components.Shared.Display.Label(m.To))];
        Assert.Equal(["Opening", "Listening", "Clarifying"], reloaded.Take(3));
        console.WaitForAssertion(() => Assert.Equal(reloaded, console.FindAll("[data-testid=stage-path] .mud-chip").Select(c => c.TextContent.Trim())));
    }

    [Fact]
    public async Task APartialRelayedLateAfterItsFinalTurn_DoesNotShowAsStillSpeaking()
    {
        var started = await Conversations.StartAsync(new StartConversation(Channel.Voice, "Tom Reed", "a double charge", "ana", null, null));
        RenderProviders();
        var console = RenderConsole();
        console.WaitForAssertion(() => Assert.Contains("Tom Reed", console.Find("h6").TextContent, StringComparison.Ordinal));
        var bus = Services.GetRequiredService<CoachConsole.Web.Realtime.ConversationEventBus>();
        CoachConsole.Web.Realtime.ConversationUpdate? partial = null;
        using (bus.SubscribeAll(u => partial = u.Partial is null ? partial : u))
        {
            await Conversations.PartialAsync(started.Id, Speaker.Customer, "I was charged", "utt-1");
        }

        console.WaitForAssertion(() => Assert.Contains("I was charged", console.Find("[data-testid=partial]").TextContent, StringComparison.Ordinal));
        await Conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Customer, "I was charged twice for one order.", "utt-1", null, null));
        console.WaitForAssertion(() => Assert.Empty(console.FindAll("[data-testid=partial]")));

        // The partial relayed again, late, as from another instance; the bus delivers in order, so once the next turn shows it has been seen.
        bus.Publish(partial! with { Remote = true });
        await Conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Agent, "I'm sorry, let me look at that charge.", "utt-2", null, null));

        console.WaitForAssertion(() => Assert.Contains("let me look at that charge", console.Find("[data-testid=transcript]").TextContent, StringComparison.Ordinal));
        Assert.Empty(console.FindAll("[data-testid=partial]"));
        Assert.Single(console.FindAll("[data-testid=transcript]")[0].QuerySelectorAll(".bubble-text"), b => b.TextContent.Contains("charged twice", StringComparison.Ordinal));
    }

    private static System.Security.Claims.ClaimsPrincipal Leo => new(new System.Security.Claims.ClaimsIdentity(
        [
            new(System.Security.Claims.ClaimTypes.NameIdentifier, "leo"), new(System.Security.Claims.ClaimTypes.Name, "leo"), new(CoachConsole.Web.Auth.CoachClaims.DisplayName, "Leo Park"),
            new(System.Security.Claims.ClaimTypes.Role, Roles.TeamLead), new(CoachConsole.Web.Auth.CoachClaims.Leads, DatabaseSetup.DemoTeamId),
        ],
        "test"));

    [Fact]
    public async Task ALeadsTakeOver_LabelsTheLeadsMessagesWithTheLeadsName_AndShowsWhoEndedIt_BeforeTheWrapUp()
    {
        var started = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a broken blender", "ana", null, null));
        await Conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Customer, "I want your manager. Now.", null, null, null));
        RenderProviders();
        var console = RenderConsole();
        console.WaitForAssertion(() => Assert.Single(console.FindAll("[data-testid=turn]")));

        var lead = Services.GetRequiredService<LeadActions>();
        await lead.JoinAsync(started.Id, Leo, takeOver: true);
        await lead.ReplyAsync(started.Id, Leo, "Maria, this is Leo, the team lead; I'll take it from here.");

        console.WaitForAssertion(() =>
        {
            Assert.NotNull(console.Find("[data-testid=observing]"));
            var agentSide = Assert.Single(console.FindAll("[data-testid=turn][data-speaker=agent]"));
            Assert.StartsWith("Leo Park ·", agentSide.QuerySelector(".bubble-meta")!.TextContent.Trim(), StringComparison.Ordinal);
        });

        await lead.EndAsync(started.Id, Leo);

        console.WaitForAssertion(() =>
        {
            Assert.Equal("Leo Park ended this conversation after taking it over.", console.Find("[data-testid=ended-by-lead]").TextContent.Trim());
            Assert.NotNull(console.Find("[data-testid=wrap-up]"));
        });
    }

    /// <summary>An ended, wrapped-up conversation of Ana's with a follow-up due tomorrow.</summary>
    private async Task<ConversationView> WrappedUpWithFollowUpAsync()
    {
        var started = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a replacement blender", "ana", null, null));
        await Conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Customer, "Please call me when the replacement ships.", null, null, null));
        await Conversations.EndAsync(started.Id);
        await Services.GetRequiredService<WrapUps>().SubmitAsync(started.Id, "ana", new WrapUpInput(Outcome.FollowUpNeeded, Clock.GetUtcNow().AddDays(1), "Call when it ships", null, null, false));
        return started;
    }

    [Fact]
    public async Task FollowUpTheLeadMarksDone_LeavesTheQueueWithoutAReload()
    {
        var conversation = await WrappedUpWithFollowUpAsync();
        RenderProviders();
        var console = RenderConsole();
        console.WaitForAssertion(() => Assert.Contains("Call when it ships", console.Find("[data-testid=followup]").TextContent, StringComparison.Ordinal));

        await Services.GetRequiredService<CoachConsole.Web.Learning.TeamFollowUps>().CompleteAsync(conversation.Id, Leo, "Called her, the blender arrived");

        console.WaitForAssertion(() =>
        {
            Assert.Empty(console.FindAll("[data-testid=followup]"));
            Assert.NotNull(console.Find("[data-testid=no-followups]"));
        });
    }

    [Fact]
    public async Task LeadsCoachingComment_ShowsOnTheConsoleWithoutAReload()
    {
        var conversation = await WrappedUpWithFollowUpAsync();
        RenderProviders();
        var console = RenderConsole();
        console.WaitForAssertion(() => console.Find("[data-testid=followup]"));
        Assert.Empty(console.FindAll("[data-testid=coaching-comment]"));

        await Services.GetRequiredService<CoachConsole.Web.Learning.ReviewService>().AddCommentAsync(conversation.Id, Leo, "Good call offering the follow-up.");

        console.WaitForAssertion(() =>
        {
            var comment = console.Find("[data-testid=coaching-comment]");
            Assert.Contains("Leo Park on Maria Lopez: Good call offering the follow-up.", comment.TextContent, StringComparison.Ordinal);
            Assert.Equal($"/review/{conversation.Id}", comment.QuerySelector("a")!.GetAttribute("href"));
        });
    }

    [Fact]
    public async Task Reconnect_ReopensTheConversationTheAgentHadOpen_NotTheFirst()
    {
        await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a broken blender", "ana", null, null));
        var tom = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Tom Reed", "a double charge", "ana", null, null));
        RenderProviders();
        var console = RenderConsole();
        console.WaitForAssertion(() => Assert.Contains("Maria Lopez", console.Find("h6").TextContent, StringComparison.Ordinal));

        await console.ClickAsync("[data-testid=conversation-item]", 1);
        console.WaitForAssertion(() => Assert.Contains("Tom Reed", console.Find("h6").TextContent, StringComparison.Ordinal));
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        Assert.EndsWith($"?conversation={tom.Id}", navigation.Uri, StringComparison.Ordinal);

        // The connection is lost: the browser reloads the page at its address, and a new console starts.
        var reconnected = RenderConsole();
        reconnected.WaitForAssertion(() =>
        {
            Assert.Contains("Tom Reed", reconnected.Find("h6").TextContent, StringComparison.Ordinal);
            Assert.Contains("Tom Reed", reconnected.Find(".mud-selected-item").TextContent, StringComparison.Ordinal);
        });
    }
}
