using AngleSharp.Dom;
using Bunit;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Components.Pages.Admin;
using CoachConsole.Web.Components.Pages.Trainer;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Library;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CoachConsole.Web.Tests.Components;

/// <summary>The trainer's library page and the admin's keys: what changed reads at a glance, and nothing is undone by a stray click.</summary>
public sealed class TrainerAdminPagesTests : ComponentTestContext
{
    public TrainerAdminPagesTests()
    {
        Services.AddSingleton<AccessGuard>();
        Services.AddSingleton<ConnectorKeys>();
        Services.AddSingleton<CoachConsole.Web.People.AdminService>();
        SignInAs("ada", "Ada Stone", Roles.Trainer, Roles.Admin);
    }

    private LibraryService Library => Services.GetRequiredService<LibraryService>();

    private static Task OpenTab<T>(IRenderedComponent<T> page, string name)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        page.InvokeAsync(() => page.FindAll(".mud-tab").First(t => t.TextContent.Trim() == name).Click());

    private static IElement Button(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private IRenderedComponent<LibraryPage> RenderLibrary(out IRenderedComponent<MudDialogProvider> dialogs)
    {
        Render<MudPopoverProvider>();
        dialogs = Render<MudDialogProvider>();
        var page = Render<LibraryPage>();
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-interactive]").GetAttribute("data-interactive")));
        page.WaitForElement("[data-testid=draft-status]");
        return page;
    }

    [Fact]
    public async Task DraftStatus_AnUnpublishedCue_IsNotCalledMatching()
    {
        await Services.GetRequiredService<CueService>().AddAsync(SignalKind.ManagerRequest, "put me through to your boss", "tess");

        var page = RenderLibrary(out _);

        page.WaitForAssertion(() =>
        {
            var status = page.Find("[data-testid=draft-status]").TextContent;
            Assert.DoesNotContain("matches", status, StringComparison.Ordinal);
            Assert.Contains("1 unpublished cue change", status, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task VersionChanges_MarkTheWordsThatChanged()
    {
        var phrase = (await Library.DraftAsync()).First(p => p.Text.Contains(' ', StringComparison.Ordinal));
        var words = phrase.Text.Split(' ');
        var changed = string.Join(' ', words.Take(words.Length - 1).Append("altogether-new-ending."));
        await Library.SaveAsync(phrase with { Text = changed }, "tess");
        var version = await Library.PublishAsync("new ending", "tess");

        var page = RenderLibrary(out _);
        await OpenTab(page, "Versions");
        page.WaitForAssertion(() => page.FindAll("[data-testid=versions] button").First(b => b.TextContent.Trim() == "Changes").Click());

        page.WaitForAssertion(() =>
        {
            var row = page.FindAll("[data-testid=diff-row]").Single(r => r.TextContent.Contains(phrase.Id, StringComparison.Ordinal));
            Assert.Equal(words[^1], row.QuerySelector("[data-testid=diff-removed]")!.TextContent.Trim());
            Assert.Equal("altogether-new-ending.", row.QuerySelector("[data-testid=diff-added]")!.TextContent.Trim());
            Assert.DoesNotContain(row.QuerySelectorAll("[data-testid=diff-added]"), e => e.TextContent.Contains(words[0], StringComparison.Ordinal) && words.Length > 2);
        });
        Assert.Equal(version.Number, (await Library.VersionsAsync())[0].Number);
    }

    [Fact]
    public async Task RollBack_AsksFirst_AndCancellingChangesNothing()
    {
        var phrase = (await Library.DraftAsync())[0];
        await Library.SaveAsync(phrase with { Text = phrase.Text + " Thanks for bearing with me." }, "tess");
        await Library.PublishAsync("longer", "tess");
        var before = (await Library.VersionsAsync()).Count;

        var page = RenderLibrary(out var dialogs);
        await OpenTab(page, "Versions");
        page.WaitForElement("[data-testid=rollback]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Roll back the library?", dialogs.Markup, StringComparison.Ordinal));
        await dialogs.InvokeAsync(() => Button(dialogs, "Keep the current version").Click());

        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Roll back the library?", dialogs.Markup, StringComparison.Ordinal));
        Assert.Equal(before, (await Library.VersionsAsync()).Count);

        page.Find("[data-testid=rollback]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Roll back the library?", dialogs.Markup, StringComparison.Ordinal));
        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim().StartsWith("Roll back to version", StringComparison.Ordinal)).Click());

        page.WaitForAssertion(() => Assert.Contains("is live again", page.Find("[data-testid=library-message]").TextContent, StringComparison.Ordinal));
        Assert.Equal(before + 1, (await Library.VersionsAsync()).Count);
    }

    [Fact]
    public async Task Effectiveness_ShowsThePhrasingAndTheEffectInWords()
    {
        var conversations = Services.GetRequiredService<ConversationService>();
        var started = await conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a broken blender", "ana", null, ["a replacement"]));
        var angry = await conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Customer, "This is the third broken blender, I am so fed up with you people!", null, null, null));
        var card = angry.Conversation.Suggestions[0];
        await conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Agent, "I can hear how fed up you are, and I am sorry.", null, null, card.PhraseId));
        await conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Customer, "Fine. What can you do?", null, null, null));
        var wording = (await Library.DraftAsync()).Single(p => p.Id == card.PhraseId).Text;

        var page = RenderLibrary(out _);
        await OpenTab(page, "Effectiveness");
        page.WaitForElement("[data-testid=effects-run]").Click();

        page.WaitForAssertion(() =>
        {
            var row = page.FindAll("[data-testid=effect-row]").Single(r => r.TextContent.Contains(card.PhraseId, StringComparison.Ordinal));
            Assert.Equal(wording, row.QuerySelector("[data-testid=effect-phrasing]")!.TextContent.Trim());
            var effect = row.QuerySelector("[data-testid=effect-words]")!.TextContent;
            Assert.Matches("^(Calms|Heats up|No clear effect|No comparable turns yet)", effect);
            Assert.DoesNotMatch(@"[+-]\d\.\d\d", effect);
        });
    }

    [Fact]
    public async Task RevokingAKey_AsksFirst_AndCancellingKeepsItWorking()
    {
        var keys = Services.GetRequiredService<ConnectorKeys>();
        var (key, _) = await keys.CreateAsync("Chat platform", DatabaseSetup.DemoTeamId, "ada");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<AdminPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-tab")));
        await OpenTab(page, "Connector keys");

        page.WaitForAssertion(() => page.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Revoke the key “Chat platform”?", dialogs.Markup, StringComparison.Ordinal));
        await dialogs.InvokeAsync(() => Button(dialogs, "Keep it").Click());
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Revoke the key", dialogs.Markup, StringComparison.Ordinal));
        Assert.Null((await keys.ListAsync()).Single(k => k.Id == key.Id).RevokedAt);

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();
        dialogs.WaitForAssertion(() => Button(dialogs, "Revoke the key"));
        await dialogs.InvokeAsync(() => Button(dialogs, "Revoke the key").Click());

        page.WaitForAssertion(() => Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() == "Revoke"));
        Assert.NotNull((await keys.ListAsync()).Single(k => k.Id == key.Id).RevokedAt);
    }
}
