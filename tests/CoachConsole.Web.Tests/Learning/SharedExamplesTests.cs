using CoachConsole.Core.Conversations;
using CoachConsole.Core.Practice;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Learning;
using Microsoft.EntityFrameworkCore;
using static CoachConsole.Web.Tests.Learning.LearningHost;

namespace CoachConsole.Web.Tests.Learning;

public sealed class SharedExamplesTests : LearningTests
{
    private SharedExamples Examples => Host.Get<SharedExamples>();

    private async Task<Guid> RecordAsync()
    {
        var conversations = Host.Get<ConversationService>();
        var c = await conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "Maria's double charge on card 4111 1111 1111 1111", "ana", null, null));
        await conversations.AddTurnAsync(c.Id, new AddTurn(Speaker.Customer, "I'm Maria Lopez and I was charged twice on 4111 1111 1111 1111! Write to maria.lopez@example.com or call +44 20 7946 0958.", null, null, null));
        await conversations.AddTurnAsync(c.Id, new AddTurn(Speaker.Agent, "Maria, I'm Ana and I'm so sorry about the double charge.", null, null, null));
        await conversations.AddTurnAsync(c.Id, new AddTurn(Speaker.Customer, "Thank you, that helps.", null, null, null));
        await conversations.EndAsync(c.Id);
        return c.Id;
    }

    [Fact]
    public async Task Share_StoresAMaskedSnapshot_WithoutCardEmailPhoneOrNames_ThatOutlivesTheConversation()
    {
        var id = await RecordAsync();

        var example = await Examples.ShareAsync(id, Leo, null, "Ana let Maria finish, then apologised by name.");

        Assert.Equal(IssueTaxonomy.BillingDispute, example.Situation);
        await using (var db = await Host.DbAsync())
        {
            var stored = await db.SharedExamples.AsNoTracking().SingleAsync();
            var everything = string.Join("\n", stored.Title, stored.Note, stored.Snapshot);
            foreach (var secret in new[] { "Maria", "Lopez", "Ana ", "maria.lopez@example.com", "7946", "4111 1111 1111 1111", "1111 1111 1111" })
            {
                Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
            }

            Assert.Contains("the customer", stored.Note, StringComparison.Ordinal);
            Assert.Contains("the agent", stored.Note, StringComparison.Ordinal);
            Assert.Contains("•••• 1111", stored.Title, StringComparison.Ordinal);
        }

        var first = example.Turns[0].Text;
        Assert.Contains("[email]", first, StringComparison.Ordinal);
        Assert.Contains("[phone]", first, StringComparison.Ordinal);
        Assert.StartsWith("I'm the customer and I was charged twice", first, StringComparison.Ordinal);

        // Deleting the conversation keeps the example, masked and unchanged.
        await using (var db = await Host.DbAsync())
        {
            await db.Conversations.Where(c => c.Id == id).ExecuteDeleteAsync();
        }

        var kept = await Examples.GetAsync(example.Id);
        Assert.Null(kept!.ConversationId);
        Assert.Equal(example.Turns.Select(t => t.Text), kept.Turns.Select(t => t.Text));
    }

    [Fact]
    public async Task Search_BySituationAndText_AndAPracticePersonaFromTheCustomersWords()
    {
        var id = await RecordAsync();
        var example = await Examples.ShareAsync(id, Tara, IssueTaxonomy.BillingDispute, "A sincere apology before any fix.");

        Assert.Single(await Examples.SearchAsync(IssueTaxonomy.BillingDispute));
        Assert.Empty(await Examples.SearchAsync(IssueTaxonomy.AbusiveCaller));
        Assert.Single(await Examples.SearchAsync(null, "sincere apology"));
        Assert.Single(await Examples.SearchAsync(null, "charged twice"));
        Assert.Empty(await Examples.SearchAsync(null, "blender"));

        var persona = SharedExamples.ToPersona(example);
        Assert.Empty(DefaultPersonas.Validate(persona));
        Assert.Equal(example.Turns[0].Text, Assert.Single(persona.Opening));
        Assert.Contains(persona.Lines, l => l.Text == "Thank you, that helps.");
    }

    [Fact]
    public async Task Share_AgentsAndLeadsOfOtherTeamsCannot()
    {
        var id = await RecordAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => Examples.ShareAsync(id, Ana, null, "Mine was great"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Examples.ShareAsync(id, OtherLead, null, "Not mine to share"));
        Assert.Empty(await Examples.SearchAsync());
    }
}
