using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachConsole.Web.Tests.Infrastructure;

namespace CoachConsole.Web.Tests.Learning;

/// <summary>The learning downloads over HTTP, signed in through the real sign-in form.</summary>
public sealed class LearningEndpointsTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    private async Task<Guid> EndedConversationOfAnaAsync()
    {
        var connector = factory.CreateConnectorClient();
        var started = await connector.PostAsJsonAsync("/api/v1/conversations", new { channel = "chat", customerName = "Maria Lopez", issueSummary = "charged twice on my bill", agentId = "ana" });
        var id = (await started.ReadJsonAsync())["id"]!.GetValue<Guid>();
        (await connector.AddTurnAsync(id, "customer", "I was charged twice and I'm furious!")).EnsureSuccessStatusCode();
        (await connector.PostAsync($"/api/v1/conversations/{id}/end", null)).EnsureSuccessStatusCode();
        return id;
    }

    [Fact]
    public async Task Review_TheAgentGetsIt_AnotherAgentGets403ProblemDetails_AnUnknownOne404()
    {
        var id = await EndedConversationOfAnaAsync();
        var ana = await SignIn.AsAsync(factory, "ana");
        var ben = await SignIn.AsAsync(factory, "ben");

        var mine = await ana.Client.GetAsync($"/learning/reviews/{id}");
        var theirs = await ben.Client.GetAsync($"/learning/reviews/{id}");
        var unknown = await ana.Client.GetAsync($"/learning/reviews/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        var review = await mine.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("I was charged twice and I'm furious!", review!["transcript"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("Billing dispute", review["issue"]!["category"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, theirs.StatusCode);
        Assert.Equal("application/problem+json", theirs.Content.Headers.ContentType?.MediaType);
        Assert.Equal(403, (await theirs.ReadJsonAsync())["status"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task IssuesCsv_AndDebriefReport_ForTheLeadsTeam_ButNotAnotherTeam()
    {
        await EndedConversationOfAnaAsync();
        var leo = await SignIn.AsAsync(factory, "leo");

        var csv = await leo.Client.GetAsync("/learning/issues.csv?team=care-1");
        var report = await leo.Client.GetAsync("/learning/debrief.html?team=care-1");
        var otherTeam = await leo.Client.GetAsync("/learning/debrief.html?team=other-team");
        var badDate = await leo.Client.GetAsync("/learning/issues.csv?from=yesterday");

        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("category,cause,", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("Billing dispute,Double charge,", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Contains("Team debrief: Customer Care", await report.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, otherTeam.StatusCode);
        Assert.Equal("application/problem+json", otherTeam.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
    }
}
