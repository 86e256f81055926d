using System.Security.Claims;
using Bunit;
using CoachConsole.Core.Conversations;
using CoachConsole.Web.Components.Pages.Learning;
using CoachConsole.Web.Components.Pages.Trainer;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Components;

/// <summary>A card number typed into the pages (a coaching comment, a practice reply) is shown and kept masked.</summary>
public sealed class CardNumberEntryTests : ComponentTestContext
{
    private const string Card = "4111 1111 1111 1111";
    private const string Masked = "•••• •••• •••• 1111";

    private readonly Bunit.TestDoubles.BunitAuthorizationContext _auth;

    public CardNumberEntryTests() => _auth = AddAuthorization();

    private void SignInAs(string id, string name, string role, params string[] ledTeams)
    {
        _auth.SetAuthorized(id);
        _auth.SetRoles(role);
        _auth.SetClaims(
        [
            new Claim(ClaimTypes.NameIdentifier, id),
            new Claim(ClaimTypes.Name, id),
            new Claim(CoachConsole.Web.Auth.CoachClaims.DisplayName, name),
            .. ledTeams.Select(t => new Claim(CoachConsole.Web.Auth.CoachClaims.Leads, t)),
        ]);
    }

    /// <summary>The markup without its GUIDs (conversation and element ids), whose hex digits can hold any four digits by chance.</summary>
    private static string WithoutIds(string markup) =>
        System.Text.RegularExpressions.Regex.Replace(markup, "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "");

    private static AngleSharp.Dom.IElement Field<T>(IRenderedComponent<T> page, string testId)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        page.Find($"textarea[data-testid={testId}], input[data-testid={testId}], [data-testid={testId}] textarea, [data-testid={testId}] input");

    [Fact]
    public async Task ReviewPage_ACommentWithACardNumber_IsShownAndStoredMasked()
    {
        var conversations = Services.GetRequiredService<ConversationService>();
        var c = await conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "charged twice on my bill", "ana", null, null));
        await conversations.AddTurnAsync(c.Id, new AddTurn(Speaker.Customer, "I was charged twice and I am furious!", null, null, null));
        await conversations.EndAsync(c.Id);
        SignInAs("leo", "Leo Park", Roles.TeamLead, DatabaseSetup.DemoTeamId);
        RenderProviders();
        var page = Render<ReviewPage>(p => p.Add(x => x.Id, c.Id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-comments]")));

        Field(page, "comment-text").Input($"Never read back a card like 5500\u00a00055\u00a05555\u00a05559 or {Card}.");
        page.Find("[data-testid=comment-send]").Click();

        page.WaitForAssertion(() => Assert.Equal(
            $"Never read back a card like ••••\u00a0••••\u00a0••••\u00a05559 or {Masked}.",
            page.Find("[data-testid=comment] .mud-typography-body2").TextContent.Trim()));
        Assert.DoesNotContain("0055", WithoutIds(page.Markup), StringComparison.Ordinal);
        Assert.DoesNotContain("4111", WithoutIds(page.Markup), StringComparison.Ordinal);
        await using var db = await Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        var stored = await db.ReviewComments.AsNoTracking().SingleAsync(x => x.ConversationId == c.Id);
        Assert.Equal($"Never read back a card like ••••\u00a0••••\u00a0••••\u00a05559 or {Masked}.", stored.Text);
    }

    [Fact]
    public void PracticePage_AReplyWithACardNumber_IsShownMasked()
    {
        SignInAs("ana", "Ana Ruiz", Roles.Agent);
        RenderProviders();
        var page = Render<Practice>();
        page.WaitForAssertion(() => Assert.True(page.FindAll("[data-testid=persona]").Count >= 5));
        page.Find("[data-persona=defective-blender] [data-testid=persona-start]").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=turn]")));

        Field(page, "practice-reply").Input($"I'm sorry. Is the card {Card} the one charged?");
        page.Find("[data-testid=practice-send]").Click();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=turn]").Count));
        Assert.Contains(page.FindAll("[data-testid=turn]"), t => t.TextContent.Contains($"Is the card {Masked} the one charged?", StringComparison.Ordinal));
        Assert.DoesNotContain("4111", WithoutIds(page.Markup), StringComparison.Ordinal);
    }
}
