using System.Security.Claims;
using System.Text.Json.Nodes;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using CoachConsole.Web.Floor;
using CoachConsole.Web.Library;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.ScaleOut;

/// <summary>What a trainer publishes or a lead suggests on one instance reaches the agents on the other.</summary>
public sealed class ScaleOutPublicationTests
{
    private static readonly ClaimsPrincipal Lead = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, Roles.Admin), new Claim(CoachClaims.DisplayName, "Leo Park")], "test"));

    [Fact]
    public async Task LibraryPublishedOnOneInstance_IsTheLibraryTheOtherServesCardsFrom()
    {
        const string Marker = " (version two)";
        await using var cluster = await ScaleOutCluster.StartAsync();
        var libraryA = cluster.A.Services.GetRequiredService<LibraryService>();
        var publishedB = cluster.B.Services.GetRequiredService<PhraseLibraryProvider>();
        Assert.DoesNotContain(publishedB.Current.Phrases, p => p.Text.EndsWith(Marker, StringComparison.Ordinal));

        var draft = await libraryA.DraftAsync();
        await libraryA.ImportAsync(new ImportResult([.. draft.Select(p => p with { Text = p.Text + Marker })], []), replace: true, "trainer");
        var version = await libraryA.PublishAsync("clearer wording", "trainer");

        await Eventually.HoldsAsync($"B to read library version {version.Number}", () =>
            publishedB.Current.Phrases.Count == version.Phrases && publishedB.Current.Phrases.All(p => p.Text.EndsWith(Marker, StringComparison.Ordinal)));

        // A conversation on B gets its cards from the library A published.
        using var apiB = cluster.B.CreateConnectorClient();
        var id = await apiB.StartConversationAsync();
        var turn = await (await apiB.AddTurnAsync(id, "customer", "This is RIDICULOUS!!! Third time I have called.")).ReadJsonAsync();
        var cards = turn["conversation"]!["suggestions"]!.AsArray().Select(s => s!["text"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(cards);
        Assert.All(cards, text => Assert.EndsWith(Marker, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CuesPublishedOnOneInstance_AreReadInTheOthersConversations()
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        var cuesA = cluster.A.Services.GetRequiredService<CueService>();
        var cuesB = cluster.B.Services.GetRequiredService<CueService>();
        using var apiB = cluster.B.CreateConnectorClient();
        var id = await apiB.StartConversationAsync();
        var before = await (await apiB.AddTurnAsync(id, "customer", "Please fetch the big cheese.")).ReadJsonAsync();
        Assert.DoesNotContain("managerRequest", Signals(before));

        await cuesA.AddAsync(SignalKind.ManagerRequest, "fetch the big cheese", "trainer");
        await cuesA.PublishAsync("trainer");

        await Eventually.HoldsAsync("B to read the published cue", () => cuesB.Published.Any(c => c.Phrase == "fetch the big cheese"));
        var after = await (await apiB.AddTurnAsync(id, "customer", "I said fetch the big cheese.")).ReadJsonAsync();
        Assert.Contains("managerRequest", Signals(after));

        static IReadOnlyList<string> Signals(JsonObject answer) =>
            answer["turn"]!["signals"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task BreakSuggestedOnOneInstance_ReachesTheAgentsConsolesOnTheOther()
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        var rosterA = cluster.A.Services.GetRequiredService<Roster>();
        var rosterB = cluster.B.Services.GetRequiredService<Roster>();
        var onB = new List<AgentNotice>();
        using var subscription = rosterB.Subscribe(notice =>
        {
            lock (onB)
            {
                onB.Add(notice);
            }
        });

        await rosterA.SuggestBreakAsync("ana", Lead);

        await Eventually.HoldsAsync("the break suggestion on B", () => Seen().Count > 0);
        var notice = Assert.Single(Seen());
        Assert.Equal("ana", notice.AgentId);
        Assert.Equal("Leo Park", notice.From);

        List<AgentNotice> Seen()
        {
            lock (onB)
            {
                return [.. onB];
            }
        }
    }
}
