using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Library;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Library;

public sealed class WhatIfTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    [Fact]
    public async Task Replay_WithADraftCueAndPhrase_ReportsTheNewStagePathAndCards_WithoutPublishing()
    {
        var conversations = factory.Services.GetRequiredService<ConversationService>();
        var recorded = await conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a refund", "ana", null, null));
        await conversations.AddTurnAsync(recorded.Id, new AddTurn(Speaker.Customer, "Hello, I have a question about my refund.", null, null, null));
        await conversations.AddTurnAsync(recorded.Id, new AddTurn(Speaker.Customer, "Please pass this to the resolutions desk", null, null, null));
        var untouched = await conversations.StartAsync(new StartConversation(Channel.Voice, "Tom Reed", "a bill", "ben", null, null));
        await conversations.AddTurnAsync(untouched.Id, new AddTurn(Speaker.Customer, "Hi there, quick question about my bill.", null, null, null));

        var cues = factory.Services.GetRequiredService<CueService>();
        await cues.AddAsync(SignalKind.ManagerRequest, "resolutions desk", "tara");
        var library = factory.Services.GetRequiredService<LibraryService>();
        await library.SaveAsync(new Phrase { Id = "open-chat-extra", Stage = Stage.Opening, Category = PhraseCategory.Greeting, Channel = Channel.Chat, Text = "Welcome back, {customer}!" }, "tara");

        var results = await factory.Services.GetRequiredService<WhatIfService>().RunAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));

        var maria = results.Single(r => r.ConversationId == recorded.Id);
        Assert.True(maria.PathChanged);
        Assert.DoesNotContain(Stage.Escalating, maria.PathNow);
        Assert.Equal(Stage.Escalating, maria.PathWithDraft[^1]);
        var tom = results.Single(r => r.ConversationId == untouched.Id);
        Assert.False(tom.Changed);
        Assert.Equal((await conversations.GetAsync(recorded.Id)).Conversation.Stage, maria.PathNow[^1]);
        Assert.Empty(cues.Published);
    }
}
