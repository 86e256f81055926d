using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Library;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Library;

public sealed class LibraryServiceTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    private LibraryService Library => factory.Services.GetRequiredService<LibraryService>();

    private PhraseLibraryProvider Published => factory.Services.GetRequiredService<PhraseLibraryProvider>();

    [Fact]
    public async Task EditPublishRollback_AgentsSeeOnlyPublished_AndEveryVersionCanComeBack()
    {
        var original = Published.Current.Phrases.First(p => p.Id == "ack-apology");
        var edited = new Phrase { Id = original.Id, Stage = original.Stage, Category = original.Category, Channel = original.Channel, Text = "I'm truly sorry, {customer}; that should not have happened." };

        await Library.SaveAsync(edited, "tara");
        Assert.Equal(original.Text, Published.Current.Phrases.First(p => p.Id == "ack-apology").Text);
        Assert.Contains(LibraryService.Diff(Published.Current.Phrases, await Library.DraftAsync()), c => c.Id == "ack-apology" && c.Change == "changed");

        var published = await Library.PublishAsync("Warmer apology", "tara");

        var live = Published.Current.Phrases.First(p => p.Id == "ack-apology");
        Assert.Equal(edited.Text, live.Text);
        Assert.Equal(original.Version + 1, live.Version);
        Assert.Contains(await Library.DiffAsync(published.Number), c => c.Id == "ack-apology" && c.After!.Contains("truly sorry", StringComparison.Ordinal));
        Assert.Contains(await factory.Services.GetRequiredService<AuditLog>().RecentAsync(20), a => a.Action == AuditActions.LibraryPublished && a.Target == $"version {published.Number}");

        var rolledBack = await Library.RollbackAsync(published.Number - 1, "tara");

        Assert.Equal(published.Number + 1, rolledBack.Number);
        Assert.Equal(original.Text, Published.Current.Phrases.First(p => p.Id == "ack-apology").Text);
        Assert.Equal(3, (await Library.VersionsAsync()).Count(v => v.Number >= published.Number - 1));
    }

    [Fact]
    public async Task Import_WithABadRow_ChangesNothing_WithGoodRows_FillsTheDraft()
    {
        var before = await Library.DraftAsync();
        var bad = "id,stage,category,channel,signal,ladderStep,teams,text\r\nnew-1,Closing,Closing,both,,,,Thanks {customer}!\r\nnew-2,Closing,Closing,both,,,,Bye {nobody}\r\n";

        var refused = await Library.ImportAsync(LibraryFormat.ReadCsv(new StringReader(bad)), replace: false, "tara");

        Assert.False(refused.Succeeded);
        Assert.Equal(before.Select(p => p.Id), (await Library.DraftAsync()).Select(p => p.Id));

        var good = "id,stage,category,channel,signal,ladderStep,teams,text\r\nnew-1,Closing,Closing,both,,,care-1,Thanks {customer}!\r\n";
        var accepted = await Library.ImportAsync(LibraryFormat.ReadCsv(new StringReader(good)), replace: false, "tara");

        Assert.True(accepted.Succeeded);
        var draft = await Library.DraftAsync();
        Assert.Equal(before.Count + 1, draft.Count);
        Assert.Equal(["care-1"], draft.Single(p => p.Id == "new-1").Teams);
        await Library.DiscardDraftAsync();
    }

    [Fact]
    public async Task Publish_ChangesTheCardsOfLiveConversations()
    {
        var conversations = factory.Services.GetRequiredService<ConversationService>();
        var greeting = new Phrase { Id = "open-extra-warm", Stage = Stage.Opening, Category = PhraseCategory.Greeting, Channel = Channel.Chat, Text = "A very warm welcome, {customer}! I'm {agent}." };
        foreach (var p in (await Library.DraftAsync()).Where(p => p.Stage == Stage.Opening && p.Category == PhraseCategory.Greeting))
        {
            await Library.DeleteAsync(p.Id, "tara");
        }

        await Library.SaveAsync(greeting, "tara");
        await Library.PublishAsync("One greeting", "tara");
        var started = await conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a refund", "ana", null, null));

        Assert.Contains(started.Suggestions, s => s.PhraseId == "open-extra-warm" && s.Text == "A very warm welcome, Maria! I'm Ana.");
    }

    [Fact]
    public async Task ExportCsv_APhraseThatLooksLikeAFormula_IsDefusedForSpreadsheets()
    {
        var tara = await SignIn.AsAsync(factory, "tara");
        await Library.SaveAsync(new Phrase { Id = "formula-like", Stage = Stage.Closing, Category = PhraseCategory.Closing, Text = "=HYPERLINK(\"http://evil.test\",\"Thanks\")" }, "tara");
        try
        {
            var csv = await tara.Client.GetStringAsync("/library/export.csv?source=draft");

            var row = new CoachConsole.Core.Text.CsvReader(new StringReader(csv)).ReadAll().Single(r => r[0] == "formula-like");
            Assert.Equal("'=HYPERLINK(\"http://evil.test\",\"Thanks\")", row[7]);
            Assert.Equal("=HYPERLINK(\"http://evil.test\",\"Thanks\")", LibraryFormat.ReadCsv(new StringReader(csv)).Phrases.Single(p => p.Id == "formula-like").Text);
        }
        finally
        {
            await Library.DiscardDraftAsync();
        }
    }

    [Fact]
    public async Task Export_AsCsv_ForTrainersOnly()
    {
        var tara = await SignIn.AsAsync(factory, "tara");
        var ana = await SignIn.AsAsync(factory, "ana");

        var csv = await tara.Client.GetStringAsync("/library/export.csv");
        var refused = await ana.Client.GetAsync("/library/export.csv");

        Assert.StartsWith("id,stage,category,channel,signal,ladderStep,teams,text", csv, StringComparison.Ordinal);
        Assert.True(LibraryFormat.ReadCsv(new StringReader(csv)).Succeeded);
        Assert.DoesNotContain("ladderStep", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/denied", refused.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }
}
