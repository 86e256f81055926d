using CoachConsole.Core.Conversations;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Api;

/// <summary>Which agent a new conversation goes to when the connector names one, and when it does not.</summary>
public sealed class AgentRoutingTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    private ConversationService Conversations => factory.Services.GetRequiredService<ConversationService>();

    [Fact]
    public async Task NoAgentNamed_GoesToTheTeamsAgentWithTheFewestLiveConversations_TiesToTheFirstById()
    {
        for (var i = 0; i < 7; i++)
        {
            var expected = await LeastBusyAgentAsync(DatabaseSetup.DemoTeamId);

            var view = await Conversations.StartAsync(Request(agentId: null, teamId: DatabaseSetup.DemoTeamId));

            Assert.Equal(expected, view.AgentId);
            if (i == 3)
            {
                // An agent finishes a conversation: the next goes to them while they have fewer.
                await Conversations.EndAsync(view.Id);
            }
        }

        var live = await LiveCountsAsync(DatabaseSetup.DemoTeamId);
        Assert.True(live.Values.Max() - live.Values.Min() <= 1, $"live conversations should stay even: {string.Join(", ", live)}");
    }

    [Fact]
    public async Task AgentNamed_TakesTheConversationWhateverTheirLoad()
    {
        var busiest = (await LiveCountsAsync(DatabaseSetup.DemoTeamId)).MaxBy(a => a.Value).Key;

        var view = await Conversations.StartAsync(Request(agentId: busiest, teamId: DatabaseSetup.DemoTeamId));

        Assert.Equal(busiest, view.AgentId);
    }

    [Fact]
    public async Task AgentOfAnotherTeam_IsRefusedAndNothingIsStored()
    {
        var before = await CountConversationsAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => Conversations.StartAsync(Request(agentId: "ana", teamId: "other-team")));

        Assert.Equal(before, await CountConversationsAsync());
    }

    [Theory]
    [InlineData("nobody")]
    [InlineData("leo")] // a team lead, not an agent
    public async Task UnknownAgent_IsRefusedNamingAgentId(string agentId)
    {
        var before = await CountConversationsAsync();

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Conversations.StartAsync(Request(agentId, DatabaseSetup.DemoTeamId)));

        Assert.Equal("agentId", refused.Field);
        Assert.Equal(before, await CountConversationsAsync());
    }

    [Fact]
    public async Task TeamWithoutAgents_IsRefusedNamingTeamId()
    {
        var before = await CountConversationsAsync();

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Conversations.StartAsync(Request(agentId: null, teamId: "other-team")));

        Assert.Equal("teamId", refused.Field);
        Assert.Equal(before, await CountConversationsAsync());
    }

    private static StartConversation Request(string? agentId, string? teamId) =>
        new(Channel.Chat, "Sam Field", "a parcel that never came", agentId, teamId, null);

    private async Task<string> LeastBusyAgentAsync(string teamId) =>
        (await LiveCountsAsync(teamId)).OrderBy(a => a.Value).ThenBy(a => a.Key, StringComparer.Ordinal).First().Key;

    /// <summary>Each agent of the team with the conversations they have live, read straight from the database.</summary>
    private async Task<Dictionary<string, int>> LiveCountsAsync(string teamId)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        var agentRole = await db.Roles.Where(r => r.Name == Roles.Agent).Select(r => r.Id).SingleAsync();
        var agents = await db.Users
            .Where(u => u.TeamId == teamId && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == agentRole))
            .Select(u => u.Id)
            .ToListAsync();
        var live = await db.Conversations.Where(c => c.EndedAt == null && agents.Contains(c.AgentId))
            .GroupBy(c => c.AgentId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        return agents.ToDictionary(a => a, a => live.SingleOrDefault(l => l.Key == a)?.Count ?? 0);
    }

    private async Task<int> CountConversationsAsync()
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        return await db.Conversations.CountAsync();
    }
}
