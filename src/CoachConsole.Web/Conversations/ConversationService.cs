using CoachConsole.Core.Coaching;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Privacy;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Data;
using CoachConsole.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Conversations;

public sealed record StartConversation(Channel Channel, string CustomerName, string IssueSummary, string? AgentId, string? TeamId, IReadOnlyList<string>? Options);

/// <summary>A turn to add; <c>Author</c> names the lead who writes an agent turn after a take-over (null for the agent's and the customer's own).</summary>
public sealed record AddTurn(Speaker Speaker, string Text, string? TurnId, DateTimeOffset? At, string? PhraseId, string? Author = null);

/// <summary>
/// The per-turn path: read, move the stage, choose the cards, store, publish one update.
/// Each conversation is processed under its own gate, so its turns keep one order.
/// </summary>
public sealed class ConversationService(
    IDbContextFactory<CoachDbContext> dbFactory,
    Coach coach,
    ConversationLocks locks,
    ConversationCache cache,
    ConversationEventBus events,
    ConversationTimings timings,
    TranscriptMasker masker,
    PhraseLibraryProvider library,
    TurnWriter turns,
    Operations.CoachMetrics metrics,
    TimeProvider clock,
    ILogger<ConversationService> logger)
{
    /// <summary>How often a step is tried when the conversation keeps changing elsewhere.</summary>
    private const int MaxAttempts = 8;

    public int MaxTextLength => coach.Reader.MaxLength;

    public async Task<ConversationView> StartAsync(StartConversation request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ChosenIds.Check(request.AgentId, "agentId");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var agent = await ChooseAgentAsync(db, request.AgentId, request.TeamId, cancellationToken);
        // The name, the issue and the options are filled into cards: masked like turns before anything keeps them.
        var conversation = new Conversation(
            Guid.CreateVersion7(), request.Channel, masker.Mask(request.CustomerName.Trim()), masker.Mask(request.IssueSummary.Trim()),
            agent.Id, agent.DisplayName, agent.TeamId!, clock.GetUtcNow());
        conversation.OfferOptions((request.Options ?? []).Select(masker.Mask).ToList());
        coach.Recoach(conversation, SignalReading.Empty, []);
        await turns.StartAsync(conversation, cancellationToken);
        // Its first turn finds everything it needs here, without reading the database.
        cache.Keep(new ConversationState(conversation, SignalReading.Empty, [], []));
        logger.LogInformation("Conversation {ConversationId} started on {Channel} for agent {AgentId}", conversation.Id, conversation.Channel, agent.Id);

        var view = ConversationView.From(conversation);
        events.Publish(new ConversationUpdate(UpdateKind.Started, view, null, [], true, conversation.NextTimerDue(timings)));
        return view;
    }

    /// <summary>
    /// Before the instance takes traffic: coaches sample exchanges on each channel in memory, then
    /// starts a sample conversation, reads it back and writes a turn of it the way real ones are
    /// written, in transactions that are rolled back. Nothing is stored or published; the first
    /// real conversations are not the ones that pay for compiling the engine, the queries and the
    /// writes. Returns what it coached, for the views' serialisers to be run over. Without
    /// <paramref name="reads"/> it leaves out the reads of a conversation this instance does not
    /// keep (and the save they need a row from): what a pass repeated to get a turn's own path
    /// optimised does.
    /// </summary>
    public async Task<TurnAccepted> WarmUpAsync(bool reads, CancellationToken cancellationToken = default)
    {
        TurnAccepted? last = null;
        foreach (var channel in Enum.GetValues<Channel>())
        {
            last = CoachSample(channel, clock.GetUtcNow());
        }

        await RehearseStorageAsync(reads, cancellationToken);
        return last!;
    }

    /// <summary>The warm-up's exchange, customer and agent in turn: venting, abuse at the agent, a request for a manager, a resolution.</summary>
    private static readonly string[] SampleExchange =
    [
        "Third time I'm writing about this charge and I am honestly furious!!!",
        "I'm sorry you've had to chase this three times. Let me look at the charge now.",
        "You're useless, you idiot, just fix it.",
        "I want to help you with this, and I need us to keep it respectful.",
        "Get me your manager. Right now.",
        "I can bring in my supervisor if we can't sort it together; first, may I check the refund?",
        "Ok the refund shows now. Thanks, that's all I needed.",
        "Glad it's sorted. Is there anything else I can do today?",
        "No, that's everything, bye.",
    ];

    private static Conversation SampleConversation(Channel channel, string agentId, string agentName, string teamId, DateTimeOffset now) =>
        new(Guid.CreateVersion7(), channel, "Sample", "a charge taken twice", agentId, agentName, teamId, now);

    /// <summary>A sample exchange through every stage (a venting customer, abuse at the agent, a request for a manager, a resolution), coached in memory.</summary>
    private TurnAccepted CoachSample(Channel channel, DateTimeOffset now)
    {
        var sample = SampleConversation(channel, "sample", "Sample", "sample", now);
        sample.OfferOptions(["a refund"]);
        coach.Recoach(sample, SignalReading.Empty, []);
        var agentTexts = new List<string>();
        var lastCustomer = SignalReading.Empty;
        TurnAccepted? last = null;
        for (var i = 0; i < SampleExchange.Length; i++)
        {
            var speaker = i % 2 == 0 ? Speaker.Customer : Speaker.Agent;
            var text = masker.Mask(SampleExchange[i]);
            var outcome = coach.Process(sample, speaker, text, now.AddSeconds(i * 5), lastCustomer, agentTexts, null);
            if (speaker == Speaker.Customer)
            {
                lastCustomer = outcome.Reading;
            }
            else
            {
                agentTexts.Add(text);
            }

            var turn = NewTurn(sample, speaker, text, now.AddSeconds(i * 5), outcome.Reading);
            last = new TurnAccepted(TurnView.From(turn), ConversationView.From(sample), [.. outcome.Transitions.Select(StageChangeView.Of)], Replayed: false);
        }

        return last!;
    }

    /// <summary>
    /// The choice of an agent, the reads of a sample conversation when asked (saved through the
    /// model first, so there is a row to read back) and a turn's write of another, the writer
    /// inserting its row as a start does, each rolled back; skipped where no agent could take it.
    /// </summary>
    private async Task RehearseStorageAsync(bool reads, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        CoachUser agent;
        try
        {
            agent = await ChooseAgentAsync(db, null, null, cancellationToken);
        }
        catch (InputRejectedException)
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (reads)
        {
            var started = SampleConversation(Channel.Chat, agent.Id, agent.DisplayName, agent.TeamId!, now);
            coach.Recoach(started, SignalReading.Empty, []);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Conversations.Add(started);
            await db.SaveChangesAsync(cancellationToken);
            _ = await LoadAsync(db, started.Id, cancellationToken);
            await transaction.RollbackAsync(cancellationToken);
        }

        var sample = SampleConversation(Channel.Chat, agent.Id, agent.DisplayName, agent.TeamId!, now);
        coach.Recoach(sample, SignalReading.Empty, []);
        var shownBefore = sample.Suggestions.Select(s => s.PhraseId).ToHashSet(StringComparer.Ordinal);
        var text = masker.Mask(SampleExchange[0]);
        var outcome = coach.Process(sample, Speaker.Customer, text, now, SignalReading.Empty, [], null);
        var turn = NewTurn(sample, Speaker.Customer, text, now, outcome.Reading);
        await turns.RehearseAsync(sample, turn, RecordsOf(sample, outcome.Transitions), ShownCards(sample, shownBefore, now), cancellationToken);
    }

    /// <summary>A coached turn as it is stored: its place in the conversation and the stage it left the conversation in.</summary>
    private static Turn NewTurn(Conversation conversation, Speaker speaker, string text, DateTimeOffset at, SignalReading reading, string? clientTurnId = null, string? phraseId = null, string? author = null) => new()
    {
        Id = Guid.CreateVersion7(),
        ConversationId = conversation.Id,
        Sequence = conversation.TurnCount,
        ClientTurnId = clientTurnId,
        Speaker = speaker,
        Text = text,
        At = at,
        Heat = reading.Heat,
        Mood = reading.Mood,
        Signals = reading.Signals,
        Cues = reading.Cues,
        StageAfter = conversation.Stage,
        PhraseId = phraseId,
        Author = author,
    };

    public async Task<TurnAccepted> AddTurnAsync(Guid conversationId, AddTurn request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        ChosenIds.Check(request.TurnId, "turnId");
        if (request.PhraseId is not null)
        {
            await CheckPhraseAsync(conversationId, request.PhraseId, cancellationToken);
        }

        var accepted = await StepAsync(conversationId, async (storage, state) =>
        {
            var conversation = state.Conversation;
            if (request.TurnId is not null && state.ClientTurnIds.Contains(request.TurnId))
            {
                var db = await storage.ContextAsync(cancellationToken);
                var earlier = await db.Turns.AsNoTracking()
                    .FirstAsync(t => t.ConversationId == conversationId && t.ClientTurnId == request.TurnId, cancellationToken);
                return new TurnAccepted(TurnView.From(earlier), ConversationView.From(conversation), [], Replayed: true);
            }

            if (conversation.IsEnded)
            {
                throw new ConversationEndedException(conversationId);
            }

            // Personal data is masked before anything reads or stores the text.
            var text = masker.Mask(request.Text);
            var at = clock.GetUtcNow();
            var shownBefore = conversation.Suggestions.Select(s => s.PhraseId).ToHashSet(StringComparer.Ordinal);
            var outcome = coach.Process(conversation, request.Speaker, text, at, state.LastCustomer, state.RecentAgentTexts, request.PhraseId);
            var turn = NewTurn(conversation, request.Speaker, text, request.At ?? at, outcome.Reading, request.TurnId, request.PhraseId, request.Author);
            var cards = ShownCards(conversation, shownBefore, at);
            if (request.PhraseId is not null && request.Speaker == Speaker.Agent)
            {
                cards.Add(CardEventFor(conversation, request.PhraseId, CardAction.Used, at));
            }

            // The one write of the turn, made without the change tracker.
            await turns.SaveAsync(conversation, turn, RecordsOf(conversation, outcome.Transitions), cards, cancellationToken);
            state.Stored(request.Speaker, text, outcome.Reading, request.TurnId);

            var view = ConversationView.From(conversation);
            var turnView = TurnView.From(turn);
            var moves = outcome.Transitions.Select(StageChangeView.Of).ToList();
            events.Enqueue(new ConversationUpdate(UpdateKind.TurnAdded, view, turn, outcome.Transitions, outcome.SuggestionsChanged, conversation.NextTimerDue(timings)));
            return new TurnAccepted(turnView, view, moves, Replayed: false);
        }, cancellationToken);

        if (!accepted.Replayed)
        {
            metrics.TurnProcessed(request.Speaker == Speaker.Customer ? "customer" : "agent", System.Diagnostics.Stopwatch.GetElapsedTime(arrived).TotalMilliseconds);
        }

        return accepted;
    }

    public Task<ConversationView> EndAsync(Guid conversationId, CancellationToken cancellationToken = default) =>
        StepAsync(conversationId, async (_, state) =>
        {
            var conversation = state.Conversation;
            var moves = conversation.End(clock.GetUtcNow());
            if (moves.Count == 0)
            {
                return ConversationView.From(conversation);
            }

            coach.Recoach(conversation, SignalReading.Empty, []);
            await turns.SaveAsync(conversation, null, RecordsOf(conversation, moves), [], cancellationToken);
            var view = ConversationView.From(conversation);
            events.Enqueue(new ConversationUpdate(UpdateKind.Ended, view, null, moves, true));
            return view;
        }, cancellationToken);

    /// <summary>The agent raises a hand: the conversation moves to Escalating.</summary>
    public Task<ConversationView> EscalateAsync(Guid conversationId, string reason, CancellationToken cancellationToken = default)
    {
        // The agent's words go into the stage path, the lead's timeline and the review: masked like turns.
        var masked = masker.Mask(reason ?? "");
        return ChangeAsync(conversationId, (c, now) => c.Escalate(masked, now), cancellationToken);
    }

    /// <summary>A lead joined or took over: the conversation is now with a supervisor.</summary>
    public Task<ConversationView> SupervisorJoinedAsync(Guid conversationId, CancellationToken cancellationToken = default) =>
        ChangeAsync(conversationId, (c, now) => c.SupervisorJoined(now), cancellationToken);

    /// <summary>Fires the time-based triggers of one conversation that are due now.</summary>
    public Task<ConversationView> TickAsync(Guid conversationId, CancellationToken cancellationToken = default) =>
        ChangeAsync(conversationId, (c, now) => c.IsEnded ? [] : c.Tick(now, timings), cancellationToken);

    /// <summary>The conversation as stored, without its transcript, stage path and notes: one read.</summary>
    public async Task<ConversationView> GetViewAsync(Guid conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = await StoredAsync(db, conversationId, cancellationToken);
        return ConversationView.From(conversation);
    }

    public async Task<ConversationDetails> GetAsync(Guid conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = await StoredAsync(db, conversationId, cancellationToken);
        var turns = await db.Turns.AsNoTracking()
            .Where(t => t.ConversationId == conversationId)
            .OrderBy(t => t.Sequence)
            .ToListAsync(cancellationToken);
        var path = await db.StageChanges.AsNoTracking().Where(x => x.ConversationId == conversationId).OrderBy(x => x.Id).ToListAsync(cancellationToken);
        var notes = await db.LeadNotes.AsNoTracking().Where(x => x.ConversationId == conversationId).OrderBy(x => x.Id).ToListAsync(cancellationToken);
        return new ConversationDetails(
            ConversationView.From(conversation),
            turns.Select(TurnView.From).ToList(),
            path.Select(x => new StageChangeView(x.From, x.To, x.Trigger, x.Reason, x.At)).ToList(),
            notes.Select(LeadNoteView.From).ToList());
    }

    /// <summary>The team a conversation belongs to, for access checks; it never changes, so it is read once.</summary>
    public async Task<string> TeamOfAsync(Guid conversationId, CancellationToken cancellationToken = default)
    {
        if (cache.TeamOf(conversationId) is { } known)
        {
            return known;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var team = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId).Select(c => c.TeamId).FirstOrDefaultAsync(cancellationToken)
            ?? throw new ConversationNotFoundException(conversationId);
        cache.RememberTeam(conversationId, team);
        return team;
    }

    /// <summary>The live conversations of one agent, oldest first.</summary>
    public async Task<IReadOnlyList<ConversationView>> LiveForAgentAsync(string agentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var live = await db.Conversations.AsNoTracking()
            .Where(c => c.AgentId == agentId && c.EndedAt == null)
            .ToListAsync(cancellationToken);
        return live.OrderBy(c => c.StartedAt).Select(ConversationView.From).ToList();
    }

    /// <summary>Every live conversation with the next moment its timers could fire.</summary>
    public async Task<IReadOnlyList<(ConversationView Conversation, DateTimeOffset? TimerDue)>> LiveAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var live = await db.Conversations.AsNoTracking().Where(c => c.EndedAt == null).ToListAsync(cancellationToken);
        return live.Select(c => (ConversationView.From(c), c.NextTimerDue(timings))).ToList();
    }

    private Task<ConversationView> ChangeAsync(Guid conversationId, Func<Conversation, DateTimeOffset, IReadOnlyList<StageTransition>> change, CancellationToken cancellationToken) =>
        StepAsync(conversationId, async (_, state) =>
        {
            var conversation = state.Conversation;
            if (conversation.IsEnded)
            {
                throw new ConversationEndedException(conversationId);
            }

            var moves = change(conversation, clock.GetUtcNow());
            if (moves.Count == 0)
            {
                return ConversationView.From(conversation);
            }

            var outcome = coach.Recoach(conversation, state.LastCustomer, [], moves: moves);
            await turns.SaveAsync(conversation, null, RecordsOf(conversation, moves), [], cancellationToken);
            var view = ConversationView.From(conversation);
            events.Enqueue(new ConversationUpdate(UpdateKind.StageChanged, view, null, moves, outcome.SuggestionsChanged, conversation.NextTimerDue(timings)));
            return view;
        }, cancellationToken);

    /// <summary>
    /// A voice utterance still being spoken: shown to whoever watches, replaced by the final turn
    /// with the same id, never coached and never stored.
    /// </summary>
    public Task PartialAsync(Guid conversationId, Speaker speaker, string text, string turnId, CancellationToken cancellationToken = default) =>
        ReadStepAsync(conversationId, state =>
        {
            if (state.Conversation.IsEnded)
            {
                throw new ConversationEndedException(conversationId);
            }

            events.Enqueue(new ConversationUpdate(UpdateKind.Partial, ConversationView.From(state.Conversation), null, [], false, Partial: new PartialView(turnId, speaker, masker.Mask(text))));
        }, cancellationToken);

    /// <summary>
    /// Records what the agent did with a card. "Used" without a turn (on a call the agent says it
    /// aloud) also retires the card, so it is not suggested again.
    /// </summary>
    public async Task<ConversationView> RecordCardAsync(Guid conversationId, string phraseId, CardAction action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(phraseId);
        await CheckPhraseAsync(conversationId, phraseId, cancellationToken);
        return await StepAsync(conversationId, async (storage, state) =>
        {
            var db = await storage.ContextAsync(cancellationToken);
            var conversation = state.Conversation;
            db.CardEvents.Add(CardEventFor(conversation, phraseId, action, clock.GetUtcNow()));
            var changed = false;
            if (action == CardAction.Used && !conversation.IsEnded)
            {
                changed = coach.CardSaid(conversation, phraseId, clock.GetUtcNow(), state.LastCustomer).SuggestionsChanged;
            }

            await db.SaveChangesAsync(cancellationToken);
            var view = ConversationView.From(conversation);
            if (changed)
            {
                events.Enqueue(new ConversationUpdate(UpdateKind.CardUsed, view, null, [], true, conversation.NextTimerDue(timings)));
            }

            return view;
        }, cancellationToken);
    }

    /// <summary>
    /// Refuses a phrase id that is not a phrase of the conversation's team in the published library
    /// (an over-long id, or one holding U+0000, before anything looks it up), so nothing records a
    /// card that was never offered.
    /// </summary>
    private async Task CheckPhraseAsync(Guid conversationId, string phraseId, CancellationToken cancellationToken)
    {
        if (phraseId.Length is 0 or > LibraryFormat.MaxId || phraseId.Contains('\0', StringComparison.Ordinal))
        {
            throw new InputRejectedException("phraseId", $"phraseId must be the id of a phrase in the library, 1 to {LibraryFormat.MaxId} characters.");
        }

        ChosenIds.Check(phraseId, "phraseId");

        var team = await TeamOfAsync(conversationId, cancellationToken);
        if (!library.Current.Phrases.Any(p => p.Id == phraseId && p.SuitsTeam(team)))
        {
            throw new InputRejectedException("phraseId", "There is no such phrase in this team's library.");
        }
    }

    /// <summary>
    /// One step of one conversation, under its gate, on the state kept from its last step (or read
    /// from storage). When the save finds the conversation changed elsewhere since it was read
    /// (another instance took one of its turns, or stored the same turn for a retrying client),
    /// the state is read again and the step redone: no update is lost and the turns keep one order.
    /// When storage cannot be used at all, the step fails at once; the state it changed is not put
    /// back, so the next step (the same turn retried) starts from what is stored. The update a
    /// step queues is delivered once the gate is released, in the order the steps queued theirs.
    /// </summary>
    private async Task<T> StepAsync<T>(Guid conversationId, Func<StepStorage, ConversationState, Task<T>> step, CancellationToken cancellationToken)
    {
        try
        {
            return await StepUnderGateAsync(conversationId, step, cancellationToken);
        }
        finally
        {
            events.Flush(conversationId);
        }
    }

    private async Task<T> StepUnderGateAsync<T>(Guid conversationId, Func<StepStorage, ConversationState, Task<T>> step, CancellationToken cancellationToken)
    {
        using var gate = await locks.AcquireAsync(conversationId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            await using var storage = new StepStorage(dbFactory);
            var state = cache.Take(conversationId) ?? await LoadAsync(await storage.ContextAsync(cancellationToken), conversationId, cancellationToken);
            storage.Tracks(state.Conversation);
            try
            {
                var result = await step(storage, state);
                cache.Keep(state);
                return result;
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts && !StorageFailure.IsUnavailable(e))
            {
                metrics.StepRedone();
                logger.LogInformation("Conversation {ConversationId} changed elsewhere; reading it again (attempt {Attempt})", conversationId, attempt + 1);

                // A moment of a random length, so two instances racing for one conversation do not keep colliding.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 10 * attempt)), cancellationToken);
            }
        }
    }

    /// <summary>
    /// A step that changes nothing (a voice partial), in the conversation's order: it opens the
    /// database only when this instance does not keep the conversation's state.
    /// </summary>
    private async Task ReadStepAsync(Guid conversationId, Action<ConversationState> step, CancellationToken cancellationToken)
    {
        try
        {
            using var gate = await locks.AcquireAsync(conversationId, cancellationToken);
            var state = cache.Take(conversationId);
            if (state is null)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                state = await LoadAsync(db, conversationId, cancellationToken);
            }

            step(state);
            cache.Keep(state);
        }
        finally
        {
            events.Flush(conversationId);
        }
    }

    private static async Task<ConversationState> LoadAsync(CoachDbContext db, Guid conversationId, CancellationToken cancellationToken)
    {
        var conversation = await StoredAsync(db, conversationId, cancellationToken);
        var lastCustomer = await LastCustomerTurnAsync(db, conversationId, cancellationToken);
        var agentTexts = await db.Turns.AsNoTracking()
            .Where(t => t.ConversationId == conversationId && t.Speaker == Speaker.Agent)
            .OrderByDescending(t => t.Sequence)
            .Take(ConversationState.RecentAgentTurns)
            .Select(t => t.Text)
            .ToListAsync(cancellationToken);
        var turnIds = await db.Turns.AsNoTracking()
            .Where(t => t.ConversationId == conversationId && t.ClientTurnId != null)
            .Select(t => t.ClientTurnId!)
            .ToListAsync(cancellationToken);
        return new ConversationState(conversation, ReadingOf(lastCustomer), agentTexts, turnIds);
    }

    private static async Task<Conversation> StoredAsync(CoachDbContext db, Guid conversationId, CancellationToken cancellationToken) =>
        await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken)
            ?? throw new ConversationNotFoundException(conversationId);

    private static Task<Turn?> LastCustomerTurnAsync(CoachDbContext db, Guid conversationId, CancellationToken cancellationToken) =>
        db.Turns.AsNoTracking()
            .Where(t => t.ConversationId == conversationId && t.Speaker == Speaker.Customer)
            .OrderByDescending(t => t.Sequence)
            .FirstOrDefaultAsync(cancellationToken);

    private static CardEvent CardEventFor(Conversation conversation, string phraseId, CardAction action, DateTimeOffset at)
    {
        var shown = conversation.Suggestions.FirstOrDefault(s => s.PhraseId == phraseId);
        return new CardEvent
        {
            ConversationId = conversation.Id,
            PhraseId = phraseId,
            PhraseVersion = shown?.PhraseVersion ?? 1,
            Action = action,
            Stage = shown?.Reason.Stage ?? conversation.Stage,
            AtTurn = conversation.TurnCount,
            AgentId = conversation.AgentId,
            At = at,
        };
    }

    /// <summary>Cards that newly appeared: how often a phrase is suggested, for the trainers' figures.</summary>
    private static List<CardEvent> ShownCards(Conversation conversation, HashSet<string> shownBefore, DateTimeOffset at) =>
        [.. conversation.Suggestions.Where(s => !shownBefore.Contains(s.PhraseId)).Select(card => CardEventFor(conversation, card.PhraseId, CardAction.Shown, at))];

    /// <summary>The moves of the stage kept for its path: a move that stays where it was is not one.</summary>
    private static List<StageChangeRecord> RecordsOf(Conversation conversation, IReadOnlyList<StageTransition> moves) =>
        [.. moves.Where(m => m.From != m.To).Select(move => new StageChangeRecord
        {
            ConversationId = conversation.Id,
            From = move.From,
            To = move.To,
            Trigger = move.Trigger.ToString(),
            Reason = move.Reason.Length > 300 ? move.Reason[..300] : move.Reason,
            At = move.At,
        })];

    /// <summary>
    /// The storage of one attempt of a step: a context is opened only when the step asks for one
    /// (a turn is written without it), and the conversation is tracked from before the step changes it.
    /// </summary>
    private sealed class StepStorage(IDbContextFactory<CoachDbContext> dbFactory) : IAsyncDisposable
    {
        private CoachDbContext? _db;
        private Conversation? _conversation;

        /// <summary>The conversation this step works on; a context opened for the step tracks it.</summary>
        public void Tracks(Conversation conversation)
        {
            _conversation = conversation;
            _db?.Conversations.Attach(conversation);
        }

        /// <summary>The step's context. Ask before changing the conversation, so its changes are saved.</summary>
        public async ValueTask<CoachDbContext> ContextAsync(CancellationToken cancellationToken)
        {
            if (_db is null)
            {
                _db = await dbFactory.CreateDbContextAsync(cancellationToken);
                if (_conversation is not null)
                {
                    _db.Conversations.Attach(_conversation);
                }
            }

            return _db;
        }

        public ValueTask DisposeAsync() => _db?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    private static SignalReading ReadingOf(Turn? turn) =>
        turn is null ? SignalReading.Empty : new SignalReading(turn.Heat, turn.Mood, turn.Signals, turn.Cues);

    private static async Task<CoachUser> ChooseAgentAsync(CoachDbContext db, string? agentId, string? teamId, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(agentId))
        {
            var named = await Agents(db, agentId, null).FirstOrDefaultAsync(cancellationToken)
                ?? throw new InputRejectedException("agentId", $"There is no agent '{agentId}'.");
            if (teamId is not null && named.User.TeamId != teamId)
            {
                throw new AccessDeniedException($"Agent '{agentId}' is not in team '{teamId}'.");
            }

            return named.User;
        }

        // No agent named: route to the agent of the team with the fewest live conversations.
        AgentLoad? chosen = null;
        await foreach (var candidate in Agents(db, null, teamId).WithCancellation(cancellationToken))
        {
            if (chosen is null || candidate.Live < chosen.Live
                || (candidate.Live == chosen.Live && string.CompareOrdinal(candidate.User.Id, chosen.User.Id) < 0))
            {
                chosen = candidate;
            }
        }

        return chosen?.User
            ?? throw new InputRejectedException(teamId is null ? "agentId" : "teamId", "No agent is available to take the conversation.");
    }

    private sealed record AgentLoad(CoachUser User, int Live);

    /// <summary>
    /// The users who take conversations (members of a team in the agent role), the one named or
    /// those of the team given, each with how many live conversations it has. Every start runs it:
    /// compiled once, so a start does not build and look up the query's expression again.
    /// </summary>
    private static readonly Func<CoachDbContext, string?, string?, IAsyncEnumerable<AgentLoad>> Agents =
        EF.CompileAsyncQuery((CoachDbContext db, string? agentId, string? teamId) =>
            db.Users.AsNoTracking()
                .Where(u => u.TeamId != null && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Agent)))
                .Where(u => agentId == null || u.Id == agentId)
                .Where(u => teamId == null || u.TeamId == teamId)
                .Select(u => new AgentLoad(u, db.Conversations.Count(c => c.AgentId == u.Id && c.EndedAt == null))));
}
