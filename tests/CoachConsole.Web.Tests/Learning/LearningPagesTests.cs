using System.Security.Claims;
using Bunit;
using CoachConsole.Core.Conversations;
using CoachConsole.Web.Components.Pages.Learning;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Learning;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Learning;

/// <summary>The learning pages rendered with bUnit over the real services and a SQLite file.</summary>
public sealed class LearningPagesTests : ComponentTestContext
{
    // Registered before anything is resolved; each test then says who is signed in.
    private readonly Bunit.TestDoubles.BunitAuthorizationContext _auth;

    public LearningPagesTests() => _auth = AddAuthorization();

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

    private void SignInAsLead() => SignInAs("leo", "Leo Park", Roles.TeamLead, DatabaseSetup.DemoTeamId);

    private async Task<Guid> EndedConversationAsync()
    {
        var conversations = Services.GetRequiredService<ConversationService>();
        var c = await conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "charged twice on my bill", "ana", null, null));
        await conversations.AddTurnAsync(c.Id, new AddTurn(Speaker.Customer, "I was charged twice and I am furious!", null, null, null));
        await conversations.AddTurnAsync(c.Id, new AddTurn(Speaker.Agent, "I'm so sorry, that sounds really frustrating.", null, null, null));
        await conversations.EndAsync(c.Id);
        return c.Id;
    }

    [Fact]
    public void ExamplesPage_NothingShared_SaysHowExamplesAreMade()
    {
        SignInAs("ana", "Ana Ruiz", Roles.Agent);
        RenderProviders();

        var page = Render<ExamplesPage>();

        page.WaitForAssertion(() => Assert.Contains("No shared examples yet", page.Find("[data-testid=examples-empty]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=example]"));
    }

    [Fact]
    public async Task ReviewPage_AnotherAgent_IsToldItIsOutsideTheirReach()
    {
        var id = await EndedConversationAsync();
        SignInAs("ben", "Ben Okafor", Roles.Agent);
        RenderProviders();

        var page = Render<ReviewPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Contains("outside your reach", page.Find("[data-testid=review-problem]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=review-turn]"));
        Assert.DoesNotContain("furious", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewPage_LeadSeesTheTimelineAndComments_TheAgentSeesTheComment()
    {
        var id = await EndedConversationAsync();
        SignInAsLead();
        RenderProviders();

        var page = Render<ReviewPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=review-turn]").Count));
        Assert.Equal(["customer", "agent"], page.FindAll("[data-testid=review-turn]").Select(e => e.GetAttribute("data-speaker")));
        Assert.NotEmpty(page.FindAll("[data-testid=review-move]"));
        Assert.Contains("Billing dispute", page.Find("[data-testid=review-issue]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid=no-comments]"));

        page.Find("textarea[data-testid=comment-text]").Input("Lovely apology; ask a clarifying question next.");
        page.Find("[data-testid=comment-send]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=comment]")));
        Assert.Equal(1, await Services.GetRequiredService<ReviewService>().UnreadCountAsync("ana"));
        Assert.Contains("ask a clarifying question", (await Services.GetRequiredService<ReviewService>().GetAsync(id, LearningHost.Ana)).Comments.Single().Text, StringComparison.Ordinal);
    }

    [Fact]
    public void DebriefPage_NoConversationsThisWeek_ShowsTheEmptyState()
    {
        SignInAsLead();
        RenderProviders();

        var page = Render<DebriefPage>();

        page.WaitForAssertion(() => Assert.Contains("No conversations of Customer Care ended", page.Find("[data-testid=debrief-empty]").TextContent, StringComparison.Ordinal));
        Assert.Contains("team=care-1", page.Find("[data-testid=debrief-report]").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssuesPage_ShowsTheTeamsIssues_AndKeepsTheTeamWhenThePeriodChanges()
    {
        await EndedConversationAsync();
        SignInAsLead();
        RenderProviders();

        var page = Render<IssuesPage>();
        page.WaitForAssertion(() => Assert.Equal("Billing dispute", page.Find("[data-testid=issue-category]").TextContent));
        Assert.Equal("1", page.Find("[data-testid=issue-bar]").ParentElement!.GetAttribute("data-bars"));
        Assert.Equal("30", page.Find("[data-testid=issue-timeline]").GetAttribute("data-steps"));
        var line = page.Find("[data-testid=issue-line]");
        Assert.Equal("Billing dispute", line.GetAttribute("data-category"));
        Assert.Equal(1, line.GetAttribute("data-counts")!.Split(',').Sum(int.Parse));

        page.Find("[data-testid=last-7]").Click();

        page.WaitForAssertion(() => Assert.Equal("7", page.Find("[data-testid=issue-timeline]").GetAttribute("data-steps")));
        Assert.Equal("1", page.Find("[data-testid=issue-count]").TextContent);
        Assert.Contains("from=", page.Find("[data-testid=issues-csv]").GetAttribute("href"), StringComparison.Ordinal);
    }
}
