using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.ScaleOut;

/// <summary>The agent's typing across two real instances and a real Redis.</summary>
public sealed class ScaleOutChatTypingTests
{
    [Fact]
    public async Task TypingOnOneInstance_ReachesAChatOnTheOther_OnceAndWithoutBeingStored()
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        using var api = cluster.A.CreateConnectorClient();
        var id = await api.StartConversationAsync();
        var onB = new List<AgentTyping>();
        using var subscription = cluster.B.Services.GetRequiredService<ChatTyping>().Subscribe(t =>
        {
            lock (onB)
            {
                onB.Add(t);
            }
        });
        int revision;
        await using (var db = await cluster.A.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync())
        {
            revision = (await db.Conversations.SingleAsync(c => c.Id == id)).Revision;
        }

        DateTimeOffset? sent = null;
        cluster.A.Services.GetRequiredService<ChatTyping>().Typed(id, "Ana Ruiz", ref sent);

        await Eventually.HoldsAsync("the typing on B", () => Seen().Count > 0);
        var typing = Assert.Single(Seen());
        Assert.Equal((id, "Ana Ruiz"), (typing.ConversationId, typing.Name));
        await using (var db = await cluster.A.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(revision, (await db.Conversations.SingleAsync(c => c.Id == id)).Revision);
        }

        // A message sent after the typing arrives after it: once B has the next update, no second typing came.
        (await api.AddTurnAsync(id, "customer", "Are you there?")).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync("the customer's message on B", () => cluster.B.Services.GetRequiredService<Realtime.LiveConversations>().All.Any(e => e.Conversation.Id == id && e.Conversation.TurnCount == 1));
        Assert.Single(Seen());

        List<AgentTyping> Seen()
        {
            lock (onB)
            {
                return [.. onB];
            }
        }
    }
}
