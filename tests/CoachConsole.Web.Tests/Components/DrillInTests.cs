using System.Security.Claims;
using Bunit;
using CoachConsole.Core.Conversations;
using CoachConsole.Web.Components.Pages.Lead;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Components;

/// <summary>The lead's hand on a live conversation, from the drill-in: join, take over, write to the customer, end.</summary>
public sealed class DrillInTests : ComponentTestContext
{
    public DrillInTests()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("leo");
        auth.SetRoles(Roles.TeamLead);
        auth.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, "leo"),
            new Claim(ClaimTypes.Name, "leo"),
            new Claim(CoachConsole.Web.Auth.CoachClaims.DisplayName, "Leo Park"),
            new Claim(CoachConsole.Web.Auth.CoachClaims.Leads, DatabaseSetup.DemoTeamId));
    }

    private ConversationService Conversations => Services.GetRequiredService<ConversationService>();

    private IRenderedComponent<DrillIn> RenderDrillIn(Guid id, bool providers = true)
    {
        if (providers)
        {
            RenderProviders();
        }

        var drill = Render<DrillIn>(p => p.Add(d => d.ConversationId, id));
        drill.WaitForAssertion(() => drill.Find("[data-testid=drill-stage]"));
        return drill;
    }

    private static AngleSharp.Dom.IElement Field(IRenderedComponent<DrillIn> drill, string testId) =>
        drill.Find($"textarea[data-testid={testId}], input[data-testid={testId}], [data-testid={testId}] textarea, [data-testid={testId}] input");

    [Fact]
    public async Task PushablePhrases_AreShownFilledWithThisConversationsCustomerAndIssue()
    {
        var c = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a broken blender", "ana", null, null));
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        var drill = RenderDrillIn(c.Id, providers: false);

        // The list opens as the lead clicks it; its entries are the phrases of the Opening stage.
        await drill.InvokeAsync(() => drill.FindAll("div.mud-input-control.mud-select").Single(d => d.QuerySelector("[data-testid=push-phrase]") is not null).MouseDown());

        drill.WaitForAssertion(() =>
        {
            var options = popovers.FindAll("[data-testid=push-phrase-option]").Select(o => o.TextContent.Trim()).ToList();
            Assert.NotEmpty(options);
            Assert.All(options, o => Assert.DoesNotContain("{", o, StringComparison.Ordinal));
            Assert.Contains(options, o => o.Contains("Maria", StringComparison.Ordinal) && o.Contains("broken blender", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task AfterJoin_TakeOverIsOffered_ThenTheLeadWritesUnderTheirOwnName_AndEndsTheConversation()
    {
        var c = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a broken blender", "ana", null, null));
        await Conversations.AddTurnAsync(c.Id, new AddTurn(Speaker.Customer, "I want to speak to a manager!", null, null, null));
        var drill = RenderDrillIn(c.Id);

        await drill.ClickAsync("[data-testid=join]");
        drill.WaitForAssertion(() => Assert.Equal("Supervisor engaged", drill.Find("[data-testid=drill-stage]").TextContent.Trim()));
        Assert.False(drill.Find("[data-testid=take-over]").HasAttribute("disabled"), "Take over is offered after Join.");
        Assert.Empty(drill.FindAll("[data-testid=lead-end]"));

        await drill.ClickAsync("[data-testid=take-over]");
        drill.WaitForAssertion(() => drill.Find("[data-testid=lead-reply]"));
        await drill.InvokeAsync(() => Field(drill, "lead-reply").Input("Maria, I'm the team lead; I'll sort this out now."));
        await drill.ClickAsync("[data-testid=lead-send]");

        // The drill-in names the lead under the message, not the agent.
        drill.WaitForAssertion(() =>
        {
            var mine = drill.FindAll("[data-testid=turn][data-speaker=agent]").Single();
            Assert.StartsWith("Leo Park ·", mine.QuerySelector(".bubble-meta")!.TextContent.Trim(), StringComparison.Ordinal);
        });
        var stored = (await Conversations.GetAsync(c.Id)).Transcript.Single(t => t.Speaker == Speaker.Agent);
        Assert.Equal("Leo Park", stored.Author);
        Assert.Null((await Conversations.GetAsync(c.Id)).Transcript.Single(t => t.Speaker == Speaker.Customer).Author);

        await drill.ClickAsync("[data-testid=lead-end]");
        drill.WaitForAssertion(() => drill.Find("[data-testid=drill-review]"));

        var details = await Conversations.GetAsync(c.Id);
        Assert.True(details.Conversation.IsEnded);
        Assert.Equal("Leo Park", details.LeadNotes.Single(n => n.Kind == nameof(LeadNoteKind.Ended)).LeadName);
        await using var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        var audited = await db.Audit.Where(a => a.Target == $"conversation {c.Id}").Select(a => a.Action).ToListAsync();
        Assert.Contains(CoachConsole.Web.Auth.AuditActions.LeadReply, audited);
        Assert.Contains(CoachConsole.Web.Auth.AuditActions.LeadEnd, audited);
    }

    [Fact]
    public async Task WithoutATakeOver_TheLeadCannotWriteToTheCustomerNorEnd_AndNothingChanges()
    {
        var c = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a broken blender", "ana", null, null));
        var leo = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new(ClaimTypes.NameIdentifier, "leo"), new(ClaimTypes.Name, "leo"), new(CoachConsole.Web.Auth.CoachClaims.DisplayName, "Leo Park"),
                new(ClaimTypes.Role, Roles.TeamLead), new(CoachConsole.Web.Auth.CoachClaims.Leads, DatabaseSetup.DemoTeamId),
            ],
            "test"));
        var lead = Services.GetRequiredService<LeadActions>();
        await lead.JoinAsync(c.Id, leo, takeOver: false);

        var write = await Assert.ThrowsAsync<InputRejectedException>(() => lead.ReplyAsync(c.Id, leo, "Hello"));
        Assert.Contains("Take the conversation over", write.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InputRejectedException>(() => lead.EndAsync(c.Id, leo));

        var details = await Conversations.GetAsync(c.Id);
        Assert.Empty(details.Transcript);
        Assert.False(details.Conversation.IsEnded);
    }
}
