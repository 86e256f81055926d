using System.Collections.Concurrent;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Operations;
using CoachConsole.Web.Realtime;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CoachConsole.Web.Tests.Storage;

/// <summary>
/// The warm-up an instance runs before it listens (on SQLite, or PostgreSQL with
/// COACH_TEST_DATABASE): it goes through a start, the reads and a turn's write, and leaves the
/// database and the consoles exactly as they were; a rehearsed write that fails holds up no real one.
/// </summary>
public sealed class WarmUpTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private IDbContextFactory<CoachDbContext> Contexts => factory.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>();

    private TurnWriter Writer => factory.Services.GetRequiredService<TurnWriter>();

    [Fact]
    public async Task TheWarmUp_Finishes_StoresNothing_AndPublishesNothing()
    {
        var before = await RowCountsAsync();
        var updates = new ConcurrentQueue<ConversationUpdate>();
        using var all = factory.Services.GetRequiredService<ConversationEventBus>().SubscribeAll(updates.Enqueue);

        // The test hosts warm up with one pass (WarmUp:UntilOptimised is off for them).
        Assert.Equal(new WarmUpResult(true, 1), await factory.Services.GetRequiredService<StartupWarmUp>().RunAsync().WaitAsync(Deadline));

        Assert.Equal(before, await RowCountsAsync());
        var conversations = factory.Services.GetRequiredService<ConversationService>();
        var real = await conversations.StartAsync(new StartConversation(Channel.Chat, "Ifeoma", "a refund that never came", null, null, null));
        await Eventually.HoldsAsync("the real start's update", () => !updates.IsEmpty);
        Assert.Equal(real.Id, Assert.Single(updates).Conversation.Id);
        var accepted = await conversations.AddTurnAsync(real.Id, new AddTurn(Speaker.Customer, "Where is my money?", "w-1", null, null));
        Assert.Equal(1, accepted.Conversation.Revision - real.Revision);
    }

    [Fact]
    public async Task UntilOptimised_RehearsesManyTimes_AndStillStoresAndPublishesNothing()
    {
        var before = await RowCountsAsync();
        var updates = new ConcurrentQueue<ConversationUpdate>();
        using var all = factory.Services.GetRequiredService<ConversationEventBus>().SubscribeAll(updates.Enqueue);
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["WarmUp:UntilOptimised"] = "true" }).Build();
        var warmUp = new StartupWarmUp(
            factory.Services.GetRequiredService<ConversationService>(),
            factory.Services.GetRequiredService<IOptions<JsonOptions>>(),
            factory.Services.GetRequiredService<IOptions<JsonHubProtocolOptions>>(),
            settings,
            NullLogger<StartupWarmUp>.Instance);

        var result = await warmUp.RunAsync().WaitAsync(Deadline);

        Assert.True(result.Finished);
        Assert.InRange(result.Passes, StartupWarmUp.MinimumPasses, int.MaxValue);
        Assert.Equal(before, await RowCountsAsync());
        Assert.Empty(updates);
    }

    [Fact]
    public async Task ARehearsedStep_RunsTheWholeWrite_AndKeepsNothingOfIt()
    {
        var sample = Unstored("Oskar Nyström");
        var at = sample.StartedAt.AddSeconds(3);
        var move = sample.CustomerSaid(new SignalReading(0.9, Mood.Angry, SignalKind.ManagerRequest, []), at).First(m => m.From != m.To);
        var turn = TurnOf(sample, "Put me through to someone who can decide.");
        var stageChange = new StageChangeRecord { ConversationId = sample.Id, From = move.From, To = move.To, Trigger = move.Trigger.ToString(), Reason = move.Reason, At = move.At };
        var card = new CardEvent { ConversationId = sample.Id, PhraseId = "ack-wait", PhraseVersion = 1, Action = CardAction.Shown, Stage = sample.Stage, AtTurn = 1, AgentId = "ana", At = at };

        await Writer.RehearseAsync(sample, turn, [stageChange], [card]).WaitAsync(Deadline);

        Assert.Equal(0, sample.Revision);
        await using var db = await Contexts.CreateDbContextAsync();
        Assert.False(await db.Conversations.AnyAsync(c => c.Id == sample.Id));
        Assert.False(await db.Turns.AnyAsync(t => t.ConversationId == sample.Id));
        Assert.False(await db.StageChanges.AnyAsync(x => x.ConversationId == sample.Id));
        Assert.False(await db.CardEvents.AnyAsync(x => x.ConversationId == sample.Id));
    }

    [Fact]
    public async Task ARehearsalTheDatabaseRefuses_FailsAlone_AndTheNextRealTurnIsStored()
    {
        // A turn without its text: the database refuses the row, and the rehearsal's transaction keeps nothing.
        var sample = Unstored("Mei Lin");
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Writer.RehearseAsync(sample, TurnOf(sample, null!), [], []).WaitAsync(Deadline));

        var real = Unstored("Mei Lin");
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            db.Conversations.Add(real);
            await db.SaveChangesAsync();
        }

        var stored = await ReadAsync(real.Id);
        await Writer.SaveAsync(stored, TurnOf(stored, "Still there?"), [], []).WaitAsync(Deadline);
        await using var check = await Contexts.CreateDbContextAsync();
        Assert.Equal("Still there?", (await check.Turns.AsNoTracking().SingleAsync(t => t.ConversationId == real.Id)).Text);
        Assert.False(await check.Conversations.AnyAsync(c => c.Id == sample.Id));
    }

    private static Conversation Unstored(string customer) =>
        new(Guid.CreateVersion7(), Channel.Chat, customer, "a parcel sent to the old address", "ana", "Ana Ruiz", DatabaseSetup.DemoTeamId, new DateTimeOffset(2026, 5, 2, 9, 0, 0, TimeSpan.Zero));

    private static Turn TurnOf(Conversation conversation, string text) => new()
    {
        Id = Guid.CreateVersion7(),
        ConversationId = conversation.Id,
        Sequence = 1,
        Speaker = Speaker.Customer,
        Text = text,
        At = conversation.StartedAt.AddSeconds(1),
        StageAfter = conversation.Stage,
    };

    private async Task<Conversation> ReadAsync(Guid id)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    private async Task<(int Conversations, int Turns, int Moves, int Cards)> RowCountsAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return (await db.Conversations.CountAsync(), await db.Turns.CountAsync(), await db.StageChanges.CountAsync(), await db.CardEvents.CountAsync());
    }
}
