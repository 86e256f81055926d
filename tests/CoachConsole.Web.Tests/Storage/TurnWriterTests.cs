using CoachConsole.Core.Coaching;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Data;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CoachConsole.Web.Tests.Storage;

/// <summary>
/// The one write of a turn, made without the change tracker, on the database the host runs on
/// (SQLite, or PostgreSQL with COACH_TEST_DATABASE): what it stores reads back through the model
/// field for field, and a stale conversation or a repeated turn id changes nothing.
/// </summary>
public sealed class TurnWriterTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Started = new(2026, 4, 7, 10, 15, 0, TimeSpan.FromHours(2));

    private IDbContextFactory<CoachDbContext> Contexts => factory.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>();

    private TurnWriter Writer => factory.Services.GetRequiredService<TurnWriter>();

    [Fact]
    public async Task AWrittenTurn_ReadsBackThroughTheModel_WithItsMovesCardsAndTheConversationAsTheTurnLeftIt()
    {
        var conversation = await StoredConversationAsync();
        var at = Started.AddSeconds(41);
        var reading = new SignalReading(0.83, Mood.Angry, SignalKind.ManagerRequest | SignalKind.Profanity, [new Cue(SignalKind.ManagerRequest, 9, 19, "put me through to your manager")]);
        var moves = conversation.CustomerSaid(reading, at);
        var card = new Suggestion("ack-wait", 3, PhraseCategory.Empathy, "I hear that the wait has worn you down, Zoë.", new SuggestionReason(conversation.Stage, SignalKind.ManagerRequest, ["manager"], "asks for a manager"));
        conversation.ShowSuggestions([card], afterCustomerTurn: true);
        conversation.OfferOptions(["a refund «today»", "ein Ersatz"]);
        var turn = new Turn
        {
            Id = Guid.CreateVersion7(),
            ConversationId = conversation.Id,
            Sequence = 1,
            ClientTurnId = "call-7/utt-1",
            Speaker = Speaker.Customer,
            Text = "I've had it — put me through to your manager 😤",
            At = at,
            Heat = reading.Heat,
            Mood = reading.Mood,
            Signals = reading.Signals,
            Cues = reading.Cues,
            StageAfter = conversation.Stage,
            Author = "Léa Martin",
        };
        var move = moves.First(m => m.From != m.To);
        var stageChange = new StageChangeRecord { ConversationId = conversation.Id, From = move.From, To = move.To, Trigger = move.Trigger.ToString(), Reason = move.Reason, At = move.At };
        var shown = new CardEvent { ConversationId = conversation.Id, PhraseId = "ack-wait", PhraseVersion = 3, Action = CardAction.Shown, Stage = conversation.Stage, AtTurn = 1, AgentId = "ana", At = at };

        await Writer.SaveAsync(conversation, turn, [stageChange], [shown]).WaitAsync(Deadline);
        Assert.Equal(1, conversation.Revision);

        await using var db = await Contexts.CreateDbContextAsync();
        var stored = await db.Turns.AsNoTracking().SingleAsync(t => t.ConversationId == conversation.Id);
        Assert.Equivalent(turn, stored, strict: true);
        Assert.Equal(turn.At, stored.At);

        var storedConversation = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == conversation.Id);
        Assert.Equal(1, storedConversation.Revision);
        Assert.Equal(conversation.Stage, storedConversation.Stage);
        Assert.NotEqual(Stage.Opening, storedConversation.Stage);
        Assert.Equal(["a refund «today»", "ein Ersatz"], storedConversation.Options);
        Assert.Equivalent(new[] { card }, storedConversation.Suggestions, strict: true);
        Assert.Equal(conversation.LastCustomerTurnAt, storedConversation.LastCustomerTurnAt);
        Assert.Equal(conversation.StageEnteredAt, storedConversation.StageEnteredAt);
        Assert.Equal(conversation.CardsAtLastTurn, storedConversation.CardsAtLastTurn);
        Assert.Equal(conversation.CustomerName, storedConversation.CustomerName);

        var path = await db.StageChanges.AsNoTracking().Where(x => x.ConversationId == conversation.Id).ToListAsync();
        var storedMove = Assert.Single(path);
        Assert.True(storedMove.Id > 0);
        Assert.Equal((move.From, move.To, move.Trigger.ToString(), move.Reason, move.At), (storedMove.From, storedMove.To, storedMove.Trigger, storedMove.Reason, storedMove.At));
        var storedCard = Assert.Single(await db.CardEvents.AsNoTracking().Where(x => x.ConversationId == conversation.Id).ToListAsync());
        Assert.Equal((CardAction.Shown, "ack-wait", 3, 1, "ana", at), (storedCard.Action, storedCard.PhraseId, storedCard.PhraseVersion, storedCard.AtTurn, storedCard.AgentId, storedCard.At));

        // Still an ordinary row for every other save: a tracked change goes over the revision written here.
        var tracked = await db.Conversations.SingleAsync(c => c.Id == conversation.Id);
        tracked.End(at.AddMinutes(3));
        await db.SaveChangesAsync().WaitAsync(Deadline);
        Assert.Equal(2, tracked.Revision);
        Assert.Equal(1, await CoachDbContext.EndedBetween(db.Conversations, at, at.AddMinutes(4)).CountAsync(c => c.Id == conversation.Id));
    }

    [Fact]
    public async Task ATurnWrittenOverAConversationChangedMeanwhile_IsRefused_AndStoresNothing()
    {
        var id = (await StoredConversationAsync()).Id;
        var mine = await ReadAsync(id);
        var theirs = await ReadAsync(id);

        await Writer.SaveAsync(mine, TurnOf(mine, 1, "first", "t-1"), [], [CardOf(mine, "ack-wait")]).WaitAsync(Deadline);
        var refused = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => Writer.SaveAsync(theirs, TurnOf(theirs, 2, "second", "t-2"), [], [CardOf(theirs, "apology-delay")]).WaitAsync(Deadline));
        Assert.Contains(id.ToString(), refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, theirs.Revision);

        await using var db = await Contexts.CreateDbContextAsync();
        Assert.Equal(["first"], await db.Turns.Where(t => t.ConversationId == id).Select(t => t.Text).ToListAsync());
        Assert.Equal(["ack-wait"], await db.CardEvents.Where(c => c.ConversationId == id).Select(c => c.PhraseId).ToListAsync());
        Assert.Equal(1, (await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id)).Revision);

        // The next write over what is stored goes through.
        var fresh = await ReadAsync(id);
        await Writer.SaveAsync(fresh, TurnOf(fresh, 2, "second", "t-2"), [], []).WaitAsync(Deadline);
        Assert.Equal(2, await db.Turns.CountAsync(t => t.ConversationId == id));
    }

    [Fact]
    public async Task ATurnIdStoredBefore_FailsTheWrite_AsAConflictNotAnOutage_AndStoresNothingOfIt()
    {
        var id = (await StoredConversationAsync()).Id;
        var conversation = await ReadAsync(id);
        await Writer.SaveAsync(conversation, TurnOf(conversation, 1, "where is my parcel?", "retry-me"), [], []).WaitAsync(Deadline);

        await RefusedAsAConflictAsync(Writer.SaveAsync(conversation, TurnOf(conversation, 2, "where is my parcel?", "retry-me"), [], [CardOf(conversation, "ack-wait")]));
        Assert.Equal(1, conversation.Revision);

        await using var db = await Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.Turns.CountAsync(t => t.ConversationId == id));
        Assert.Equal(0, await db.CardEvents.CountAsync(c => c.ConversationId == id));
        Assert.Equal(1, (await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id)).Revision);
    }

    [Fact]
    public async Task AnEndWrittenWithoutATurn_StoresTheEndAndItsMove_AndTheReportsFindItInItsPeriod()
    {
        var conversation = await StoredConversationAsync();
        var endedAt = Started.AddMinutes(12);
        var moves = conversation.End(endedAt);
        var records = moves.Where(m => m.From != m.To).Select(m => new StageChangeRecord { ConversationId = conversation.Id, From = m.From, To = m.To, Trigger = m.Trigger.ToString(), Reason = m.Reason, At = m.At }).ToList();

        await Writer.SaveAsync(conversation, null, records, []).WaitAsync(Deadline);

        await using var db = await Contexts.CreateDbContextAsync();
        var stored = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == conversation.Id);
        Assert.Equal((Stage.Ended, endedAt, 1), (stored.Stage, stored.EndedAt, stored.Revision));
        Assert.Equal(0, await db.Turns.CountAsync(t => t.ConversationId == conversation.Id));
        Assert.Equal([Stage.Ended], await db.StageChanges.Where(x => x.ConversationId == conversation.Id).Select(x => x.To).ToListAsync());
        Assert.Equal(1, await CoachDbContext.EndedBetween(db.Conversations, endedAt, endedAt.AddSeconds(1)).CountAsync(c => c.Id == conversation.Id));
        Assert.Equal(0, await CoachDbContext.EndedBetween(db.Conversations, Started, endedAt).CountAsync(c => c.Id == conversation.Id));
    }

    [Fact]
    public async Task StepsQueuedWhileAWriteIsUnderWay_AreStored_AndTheOnesThatCannotBeFailAlone()
    {
        var first = await StoredConversationAsync();
        var second = await StoredConversationAsync();
        var repeated = await StoredConversationAsync();
        await Writer.SaveAsync(repeated, TurnOf(repeated, 1, "is anyone there?", "same-id"), [], []).WaitAsync(Deadline);
        var staleId = (await StoredConversationAsync()).Id;
        var stale = await ReadAsync(staleId);
        var current = await ReadAsync(staleId);
        await Writer.SaveAsync(current, TurnOf(current, 1, "hello?", "s-1"), [], []).WaitAsync(Deadline);

        var (repeating, staleWrite, firstWrite, secondWrite) = await QueuedTogetherAsync(() => (
            Writer.SaveAsync(repeated, TurnOf(repeated, 2, "is anyone there?", "same-id"), [], [CardOf(repeated, "ack-wait")]),
            Writer.SaveAsync(stale, TurnOf(stale, 2, "hello from before", "s-old"), [], []),
            Writer.SaveAsync(first, TurnOf(first, 1, "my card was charged twice", "f-1"), [], [CardOf(first, "ack-wait")]),
            Writer.SaveAsync(second, TurnOf(second, 1, "the app logs me out", "g-1"), [], [])));

        await Task.WhenAll(firstWrite, secondWrite).WaitAsync(Deadline);
        await RefusedAsAConflictAsync(repeating);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => staleWrite.WaitAsync(Deadline));
        Assert.Equal((1, 1, 1, 0), (first.Revision, second.Revision, repeated.Revision, stale.Revision));

        await using var db = await Contexts.CreateDbContextAsync();
        Assert.Equal(["my card was charged twice"], await db.Turns.Where(t => t.ConversationId == first.Id).Select(t => t.Text).ToListAsync());
        Assert.Equal(["the app logs me out"], await db.Turns.Where(t => t.ConversationId == second.Id).Select(t => t.Text).ToListAsync());
        Assert.Equal(["ack-wait"], await db.CardEvents.Where(c => c.ConversationId == first.Id).Select(c => c.PhraseId).ToListAsync());
        Assert.Equal(1, await db.Turns.CountAsync(t => t.ConversationId == repeated.Id));
        Assert.Equal(0, await db.CardEvents.CountAsync(c => c.ConversationId == repeated.Id));
        Assert.Equal(["hello?"], await db.Turns.Where(t => t.ConversationId == staleId).Select(t => t.Text).ToListAsync());
        var revisions = await db.Conversations.AsNoTracking().Where(c => c.Id == first.Id || c.Id == second.Id || c.Id == repeated.Id || c.Id == staleId).Select(c => c.Revision).ToListAsync();
        Assert.Equal([1, 1, 1, 1], revisions);
    }

    [Fact]
    public async Task AStartedConversation_ReadsBackThroughTheModel_AndTakesItsFirstTurn()
    {
        var conversation = new Conversation(Guid.CreateVersion7(), Channel.Chat, "Zoë O'Brien 🙂", "a «fridge» that hums\tall night", "ben", "Ben Okafor", DatabaseSetup.DemoTeamId, Started);
        conversation.OfferOptions(["a technician visit", "ein Ersatzgerät"]);
        var card = new Suggestion("greet-warm", 2, PhraseCategory.Empathy, "Thanks for reaching out, Zoë.", new SuggestionReason(Stage.Opening, SignalKind.None, [], "opening"));
        conversation.ShowSuggestions([card]);

        await Writer.StartAsync(conversation).WaitAsync(Deadline);

        var stored = await ReadAsync(conversation.Id);
        Assert.Equal(
            (conversation.Channel, conversation.CustomerName, conversation.IssueSummary, conversation.AgentId, conversation.AgentName, conversation.TeamId, conversation.StartedAt, conversation.Stage, conversation.Revision),
            (stored.Channel, stored.CustomerName, stored.IssueSummary, stored.AgentId, stored.AgentName, stored.TeamId, stored.StartedAt, stored.Stage, stored.Revision));
        Assert.Null(stored.EndedAt);
        Assert.Equal(["a technician visit", "ein Ersatzgerät"], stored.Options);
        Assert.Equivalent(new[] { card }, stored.Suggestions, strict: true);
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            Assert.Null(await db.Conversations.Where(c => c.Id == conversation.Id).Select(c => EF.Property<long?>(c, CoachDbContext.EndedAtTicks)).SingleAsync());
        }

        await Writer.SaveAsync(conversation, TurnOf(conversation, 1, "it hums again tonight", "z-1"), [], []).WaitAsync(Deadline);
        Assert.Equal(1, (await ReadAsync(conversation.Id)).Revision);
    }

    [Fact]
    public async Task StartsQueuedWithTurns_AreStoredTogether_AndAConversationStartedTwiceFailsAlone()
    {
        var talking = await StoredConversationAsync();
        var already = await StoredConversationAsync();
        var fresh = new Conversation(Guid.CreateVersion7(), Channel.Voice, "Sam Field", "a parcel that never came", "ana", "Ana Ruiz", DatabaseSetup.DemoTeamId, Started);

        var (startingAgain, starting, turn) = await QueuedTogetherAsync(() => (
            Writer.StartAsync(already),
            Writer.StartAsync(fresh),
            Writer.SaveAsync(talking, TurnOf(talking, 1, "still waiting on that refund", "t-1"), [], [])));

        await Task.WhenAll(starting, turn).WaitAsync(Deadline);
        await RefusedAsAConflictAsync(startingAgain);

        await using var db = await Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.Conversations.CountAsync(c => c.Id == already.Id));
        Assert.Equal("Sam Field", (await ReadAsync(fresh.Id)).CustomerName);
        Assert.Equal(["still waiting on that refund"], await db.Turns.Where(t => t.ConversationId == talking.Id).Select(t => t.Text).ToListAsync());
    }

    /// <summary>
    /// Starts the steps <paramref name="queue"/> makes while the writer is busy, so that they queue
    /// up and go into the next transactions together. On SQLite the database's one writer is held
    /// meanwhile; on PostgreSQL the writer is left waiting, in the middle of a step, for a row
    /// another transaction has locked, until they are queued.
    /// </summary>
    private async Task<T> QueuedTogetherAsync<T>(Func<T> queue)
    {
        var storage = factory.Services.GetRequiredService<StorageSettings>();
        if (storage.Provider == StorageProvider.Sqlite)
        {
            var gate = SqliteWriteGate.WriterFor(storage.ConnectionString);
            await gate.WaitAsync().WaitAsync(Deadline);
            try
            {
                return queue();
            }
            finally
            {
                gate.Release();
            }
        }

        var held = await StoredConversationAsync();
        await using var holder = new NpgsqlConnection(storage.ConnectionString);
        await holder.OpenAsync();
        await using var locking = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM \"Conversations\" WHERE \"Id\" = @id FOR UPDATE", holder, locking))
        {
            lockRow.Parameters.AddWithValue("id", held.Id);
            _ = await lockRow.ExecuteScalarAsync();
        }

        var waiting = Writer.SaveAsync(held, TurnOf(held, 1, "hello, is this the right queue?", null), [], []);
        await using (var watcher = new NpgsqlConnection(storage.ConnectionString))
        {
            await watcher.OpenAsync();
            await using var blocked = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", watcher);
            var until = DateTime.UtcNow + Deadline;
            while ((long)(await blocked.ExecuteScalarAsync())! == 0)
            {
                Assert.True(DateTime.UtcNow < until, "The writer never reached the locked row.");
                Assert.False(waiting.IsCompleted, "The write over the locked row finished while the row was locked.");
                await Task.Delay(10);
            }
        }

        try
        {
            return queue();
        }
        finally
        {
            await locking.RollbackAsync();
            await waiting.WaitAsync(Deadline);
            Assert.Equal(1, held.Revision);
        }
    }

    /// <summary>A write the database refused for what it holds (a row stored already): a conflict, not an outage.</summary>
    private static async Task RefusedAsAConflictAsync(Task write)
    {
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => write.WaitAsync(Deadline));
        Assert.IsNotType<DbUpdateConcurrencyException>(refused);
        Assert.False(StorageFailure.IsUnavailable(refused));
    }

    private async Task<Conversation> StoredConversationAsync()
    {
        var conversation = new Conversation(Guid.CreateVersion7(), Channel.Voice, "Zoë O'Brien", "a router that drops «every» evening", "ana", "Ana Ruiz", DatabaseSetup.DemoTeamId, Started);
        await using var db = await Contexts.CreateDbContextAsync();
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync().WaitAsync(Deadline);
        return await ReadAsync(conversation.Id);
    }

    private async Task<Conversation> ReadAsync(Guid id)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    private static Turn TurnOf(Conversation conversation, int sequence, string text, string? clientTurnId) => new()
    {
        Id = Guid.CreateVersion7(),
        ConversationId = conversation.Id,
        Sequence = sequence,
        ClientTurnId = clientTurnId,
        Speaker = Speaker.Customer,
        Text = text,
        At = Started.AddSeconds(sequence),
        StageAfter = conversation.Stage,
    };

    private static CardEvent CardOf(Conversation conversation, string phraseId) => new()
    {
        ConversationId = conversation.Id,
        PhraseId = phraseId,
        PhraseVersion = 1,
        Action = CardAction.Shown,
        Stage = conversation.Stage,
        AtTurn = conversation.TurnCount,
        AgentId = conversation.AgentId,
        At = Started,
    };
}
