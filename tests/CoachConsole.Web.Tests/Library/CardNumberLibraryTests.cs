using System.Text.Json.Nodes;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Practice;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Data;
using CoachConsole.Web.Library;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Library;

/// <summary>
/// What trainers type (phrasings, publish notes, detection cues, practice personas) is stored and
/// shown with card numbers masked; a phrase id, a phrase's team or a persona id holding a card
/// number is refused and nothing changes.
/// </summary>
public sealed class CardNumberLibraryTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    private const string Card = "4111 1111 1111 1111";
    private const string Masked = "•••• •••• •••• 1111";

    private T Service<T>()
        where T : notnull => factory.Services.GetRequiredService<T>();

    private LibraryService Library => Service<LibraryService>();

    private async Task<CoachDbContext> DbAsync() => await Service<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();

    private static Phrase Closing(string id, string text, params string[] teams) =>
        new() { Id = id, Stage = Stage.Closing, Category = PhraseCategory.Closing, Text = text, Teams = teams };

    [Fact]
    public async Task Phrasings_TypedOrImported_AndThePublishNote_AreStoredPublishedAndShownMasked()
    {
        await Library.SaveAsync(Closing("closing-card-typed", $"Thanks {{customer}}, the refund goes to card {Card}."), "tara");
        var csv = "id,stage,category,channel,signal,ladderStep,teams,text\r\n"
            + "closing-card-imported,Closing,Closing,both,,,,\"Refund sent to 5500\u00a00055\u00a05555\u00a05559, {customer}.\"\r\n";
        Assert.True((await Library.ImportAsync(LibraryFormat.ReadCsv(new StringReader(csv)), replace: false, "tara")).Succeeded);

        var draft = await Library.DraftAsync();
        Assert.Equal($"Thanks {{customer}}, the refund goes to card {Masked}.", draft.Single(p => p.Id == "closing-card-typed").Text);
        Assert.Equal("Refund sent to ••••\u00a0••••\u00a0••••\u00a05559, {customer}.", draft.Single(p => p.Id == "closing-card-imported").Text);

        var version = await Library.PublishAsync($"Card wording, checked against {Card}", "tara");

        Assert.Equal($"Card wording, checked against {Masked}", version.Note);
        Assert.Equal($"Card wording, checked against {Masked}", (await Library.VersionsAsync()).Single(v => v.Number == version.Number).Note);
        var live = Service<PhraseLibraryProvider>().Current.Phrases;
        Assert.Equal($"Thanks {{customer}}, the refund goes to card {Masked}.", live.Single(p => p.Id == "closing-card-typed").Text);
        Assert.DoesNotContain("4111", LibraryFormat.WriteCsv(live), StringComparison.Ordinal);
        await using var db = await DbAsync();
        var stored = string.Join("\n", [
            .. await db.Phrases.AsNoTracking().Select(p => p.Text).ToListAsync(),
            .. await db.LibraryVersions.AsNoTracking().Select(v => v.Json + v.Note).ToListAsync(),
            .. await db.Audit.AsNoTracking().Select(a => a.Detail ?? "").ToListAsync()]);
        Assert.Contains(Masked, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Card, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("0055", stored, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("closing-4111111111111111")]
    public async Task PhraseId_OrTeam_HoldingACardNumber_IsRefused_AndTheDraftIsUnchanged(string id)
    {
        var before = (await Library.DraftAsync()).Select(p => p.Id).ToList();

        var byId = await Assert.ThrowsAsync<InputRejectedException>(() => Library.SaveAsync(Closing(id, "Thanks, {customer}."), "tara"));
        var byTeam = await Assert.ThrowsAsync<InputRejectedException>(() => Library.SaveAsync(Closing("closing-for-a-team", "Thanks, {customer}.", id), "tara"));
        var csv = $"id,stage,category,channel,signal,ladderStep,teams,text\r\n{id},Closing,Closing,both,,,,Thanks {{customer}}.\r\n";
        var imported = await Library.ImportAsync(LibraryFormat.ReadCsv(new StringReader(csv)), replace: false, "tara");

        Assert.Equal(("id", "teams"), (byId.Field, byTeam.Field));
        Assert.Contains("card number", byId.Message, StringComparison.Ordinal);
        Assert.Contains("card number", byTeam.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(id, byId.Message, StringComparison.Ordinal);
        Assert.False(imported.Succeeded);
        Assert.Contains(imported.Errors, e => e.Field == "id" && e.Message.Contains("card number", StringComparison.Ordinal));
        Assert.Equal(before, (await Library.DraftAsync()).Select(p => p.Id).ToList());
        Assert.DoesNotContain(Service<PhraseLibraryProvider>().Current.Phrases, p => p.Id == id);
    }

    [Fact]
    public async Task DetectionCue_IsStoredAndListedMasked()
    {
        var cues = Service<CueService>();

        var added = await cues.AddAsync(SignalKind.ManagerRequest, $"my card is {Card}", "tara");

        Assert.Equal($"my card is {Masked}", added);

        var listed = await cues.AllAsync();
        Assert.Contains(listed, c => c.Phrase == $"my card is {Masked}");
        Assert.DoesNotContain(listed, c => c.Phrase.Contains(Card, StringComparison.Ordinal));
        await using var db = await DbAsync();
        Assert.DoesNotContain(await db.DetectionCues.AsNoTracking().Select(c => c.Phrase).ToListAsync(), p => p.Contains("4111", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PersonaTexts_AreStoredAndPlayedMasked_AndAPersonaIdHoldingACardNumberIsRefused()
    {
        var store = Service<PersonaStore>();
        var shipped = await store.AllAsync();
        var json = JsonNode.Parse(DefaultPersonas.ToJson(shipped[0]))!.AsObject();
        json["id"] = "card-reader";
        json["name"] = $"Maria {Card}";
        json["scenario"] = $"Reads out {Card} unprompted";
        json["issue"] = $"a charge on 5500\u00a00055\u00a05555\u00a05559";
        json["options"] = new JsonArray($"a refund to {Card}");
        json["opening"] = new JsonArray($"My card is {Card} and it was charged twice!");
        json["lines"]![0]!["text"] = $"I told you, it is {Card}.";

        var saved = await store.SaveAsync(json.ToJsonString(), "tara");

        var played = (await store.AllAsync()).Single(p => p.Id == "card-reader");
        Assert.Equal((saved.Name, saved.Scenario), (played.Name, played.Scenario));
        Assert.Equal(($"Maria {Masked}", $"Reads out {Masked} unprompted", "a charge on ••••\u00a0••••\u00a0••••\u00a05559"), (played.Name, played.Scenario, played.Issue));
        Assert.Equal([$"a refund to {Masked}"], played.Options);
        Assert.Equal([$"My card is {Masked} and it was charged twice!"], played.Opening);
        Assert.Equal($"I told you, it is {Masked}.", played.Lines[0].Text);
        await using (var db = await DbAsync())
        {
            var record = await db.Personas.AsNoTracking().SingleAsync(p => p.Id == "card-reader");
            Assert.DoesNotContain("4111", record.Json, StringComparison.Ordinal);
            Assert.DoesNotContain("0055", record.Json, StringComparison.Ordinal);
        }

        json["id"] = "4111111111111111";
        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => store.SaveAsync(json.ToJsonString(), "tara"));

        Assert.Equal("id", refused.Field);
        Assert.DoesNotContain("4111", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await store.AllAsync(), p => p.Id == "4111111111111111");
    }
}
