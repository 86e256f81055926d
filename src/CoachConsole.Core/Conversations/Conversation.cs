using CoachConsole.Core.Coaching;
using CoachConsole.Core.Signals;
using Stateless;
using Stateless.Graph;

namespace CoachConsole.Core.Conversations;

/// <summary>
/// A live conversation and its de-escalation stage. The stage machine keeps its state in the
/// entity's own properties, so a conversation loaded from storage resumes exactly where it was.
/// Not thread-safe: one conversation is processed by one caller at a time.
/// </summary>
public sealed class Conversation
{
    /// <summary>Acknowledgements after which persisting heat calls for a supervisor.</summary>
    public const int AcknowledgementsBeforeEscalation = 2;

    /// <summary>Rejected offers after which a supervisor is called.</summary>
    public const int RejectionsBeforeEscalation = 2;

    /// <summary>A first customer turn this long (in words) tells the issue; shorter is a greeting.</summary>
    public const int SubstantiveWords = 5;

    /// <summary>The boundary ladder: three graded warnings, then the policy's end.</summary>
    public const int PolicyEndStep = 4;

    private StateMachine<Stage, Trigger>? _machine;
    private readonly List<StageTransition> _pending = [];

    public Conversation(Guid id, Channel channel, string customerName, string issueSummary, string agentId, string agentName, string teamId, DateTimeOffset startedAt)
    {
        Id = id;
        AgentName = agentName;
        Channel = channel;
        CustomerName = customerName;
        IssueSummary = issueSummary;
        AgentId = agentId;
        TeamId = teamId;
        StartedAt = startedAt;
        StageEnteredAt = startedAt;
        LastActivityAt = startedAt;
        Stage = Stage.Opening;
    }

    private Conversation()
    {
        CustomerName = string.Empty;
        IssueSummary = string.Empty;
        AgentId = string.Empty;
        AgentName = string.Empty;
        TeamId = string.Empty;
    }

    public Guid Id { get; private set; }

    public Channel Channel { get; private set; }

    public string CustomerName { get; private set; }

    public string IssueSummary { get; private set; }

    /// <summary>What the business can offer for this issue, filled into the offer phrasings.</summary>
    public IReadOnlyList<string> Options { get; private set; } = [];

    public string AgentId { get; private set; }

    public string AgentName { get; private set; }

    public string TeamId { get; private set; }

    /// <summary>The coaching cards on the agent's screen now.</summary>
    public IReadOnlyList<Suggestion> Suggestions { get; private set; } = [];

    /// <summary>Phrases the agent has already used in this conversation; never suggested again.</summary>
    public IReadOnlyList<string> UsedPhraseIds { get; private set; } = [];

    public Stage Stage { get; private set; }

    /// <summary>The stage that abuse interrupted; the ladder returns there.</summary>
    public Stage? InterruptedStage { get; private set; }

    /// <summary>How far up the boundary ladder the conversation has gone (0 before any abuse).</summary>
    public int BoundaryStep { get; private set; }

    public int AcknowledgementsWhileHot { get; private set; }

    public int Rejections { get; private set; }

    /// <summary>The agent asked a question or paraphrased and is waiting for the customer's answer.</summary>
    public bool AwaitingAnswer { get; private set; }

    /// <summary>The agent has stated the current step of the boundary ladder; the next abuse climbs it.</summary>
    public bool BoundaryStated { get; private set; }

    /// <summary>How many customer turns the conversation has had.</summary>
    public int CustomerTurns { get; private set; }

    /// <summary>What the agent did since the customer's last turn (apologised, asked, offered...).</summary>
    public SignalKind AgentMovesSinceCustomer { get; private set; }

    /// <summary>What the agent did between the customer's previous turn and their last one.</summary>
    public SignalKind AgentMovesBeforeCustomer { get; private set; }

    /// <summary>The agent's latest moves: since the customer's last turn, or the ones that turn answered.</summary>
    public SignalKind RecentAgentMoves => AgentMovesSinceCustomer != SignalKind.None ? AgentMovesSinceCustomer : AgentMovesBeforeCustomer;

    /// <summary>Everything the agent has done in this conversation.</summary>
    public SignalKind AgentMovesSoFar { get; private set; }

    /// <summary>Every signal the customer has given in this conversation.</summary>
    public SignalKind CustomerSignalsSoFar { get; private set; }

    /// <summary>The cards on screen when the customer's last turn was coached.</summary>
    public IReadOnlyList<string> CardsAtLastTurn { get; private set; } = [];

    /// <summary>The cards on screen when the customer's turn before that was coached.</summary>
    public IReadOnlyList<string> CardsAtTurnBefore { get; private set; } = [];

    /// <summary>The phrasings shown in this conversation, most recent last, so variants take turns.</summary>
    public IReadOnlyList<string> ShownPhraseIds { get; private set; } = [];

    /// <summary>The agent has handed the case to a supervisor or specialist, or arranged their call.</summary>
    public bool HandedOver => (AgentMovesSoFar & SignalKind.EscalationOffer) != 0;

    public double Heat { get; private set; }

    public Mood Mood { get; private set; } = Mood.Neutral;

    public int TurnCount { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset StageEnteredAt { get; private set; }

    public DateTimeOffset LastActivityAt { get; private set; }

    public DateTimeOffset? LastCustomerTurnAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>
    /// How many times the conversation has been saved. Storage checks it on every save, so two
    /// instances changing one conversation at once cannot overwrite each other: the later one
    /// reads the conversation again and redoes its step.
    /// </summary>
    public int Revision { get; private set; }

    /// <summary>Storage saved this state as the conversation's next revision (a save that stamps it itself does not call this).</summary>
    public void SavedAsNextRevision() => Revision++;

    public bool IsEnded => Stage == Stage.Ended;

    private StateMachine<Stage, Trigger> Machine => _machine ??= Configure(new StateMachine<Stage, Trigger>(() => Stage, s => Stage = s), this);

    /// <summary>Most phrasings remembered as shown; older ones may come back.</summary>
    public const int ShownMemory = 40;

    /// <summary>Puts cards on the agent's screen; <paramref name="afterCustomerTurn"/> when they answer a customer turn.</summary>
    public void ShowSuggestions(IReadOnlyList<Suggestion> suggestions, bool afterCustomerTurn = false)
    {
        ArgumentNullException.ThrowIfNull(suggestions);
        Suggestions = suggestions;
        if (afterCustomerTurn)
        {
            CardsAtTurnBefore = CardsAtLastTurn;
            CardsAtLastTurn = suggestions.Select(s => s.PhraseId).ToList();
        }

        var fresh = suggestions.Where(s => ShownPhraseIds.Count == 0 || !ShownPhraseIds.Contains(s.PhraseId, StringComparer.Ordinal)).Select(s => s.PhraseId).ToList();
        if (fresh.Count > 0)
        {
            var all = ShownPhraseIds.Concat(fresh).ToList();
            ShownPhraseIds = all.Count > ShownMemory ? all[^ShownMemory..] : all;
        }
    }

    public void MarkPhraseUsed(string phraseId)
    {
        if (!UsedPhraseIds.Contains(phraseId, StringComparer.Ordinal))
        {
            UsedPhraseIds = [.. UsedPhraseIds, phraseId];
        }
    }

    public void OfferOptions(IEnumerable<string> options) =>
        Options = options.Select(o => o.Trim()).Where(o => o.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Applies a customer's utterance and returns the stage moves it caused.</summary>
    public IReadOnlyList<StageTransition> CustomerSaid(SignalReading reading, DateTimeOffset at)
    {
        ThrowIfEnded();
        ArgumentNullException.ThrowIfNull(reading);
        Heat = reading.Heat;
        Mood = reading.Mood;
        LastCustomerTurnAt = at;
        CustomerTurns++;
        CustomerSignalsSoFar |= reading.Signals;
        Touch(at);
        try
        {
            ReadCustomer(reading, at);
            return Flush();
        }
        finally
        {
            AgentMovesBeforeCustomer = AgentMovesSinceCustomer;
            AgentMovesSinceCustomer = SignalKind.None;
        }
    }

    /// <summary>
    /// One customer turn is one move, chosen by what matters most: abuse, then a manager request,
    /// thanks, a rejection, heat, then the calm moves. Where each move leads from each stage, and
    /// on which condition, is the machine's configuration.
    /// </summary>
    private void ReadCustomer(SignalReading reading, DateTimeOffset at)
    {
        if (reading.Has(SignalKind.Abuse))
        {
            Fire(Trigger.CustomerAbusive, Describe("abuse aimed at the agent", reading, SignalKind.Abuse), at);
            return;
        }

        if (Stage == Stage.BoundarySetting)
        {
            Fire(Trigger.CustomerRespectful, "the customer is respectful again", at);
        }

        if (reading.Has(SignalKind.ManagerRequest))
        {
            FireIfPermitted(Trigger.ManagerRequested, reading, Describe("the customer asked for a manager", reading, SignalKind.ManagerRequest), at);
            return;
        }

        if (reading.Has(SignalKind.Thanks) && !reading.IsHot)
        {
            FireIfPermitted(Trigger.CustomerThanked, reading, Describe("the customer thanked the agent", reading, SignalKind.Thanks), at);
            return;
        }

        if (reading.Has(SignalKind.Rejection) && Stage is Stage.Confirming or Stage.Resolving)
        {
            Rejections++;
            FireIfPermitted(Trigger.CustomerRejected, reading, Describe("the customer turned the offer down", reading, SignalKind.Rejection), at);
            return;
        }

        if (reading.IsHot)
        {
            var trigger = Stage is Stage.Clarifying or Stage.Resolving or Stage.Confirming ? Trigger.HeatSpiked : Trigger.CustomerVented;
            FireIfPermitted(trigger, reading, $"the customer is {reading.Mood.ToString().ToLowerInvariant()}", at);
            return;
        }

        AcknowledgementsWhileHot = 0;
        FireIfPermitted(Trigger.CustomerCalm, reading, CalmReason(reading), at);
        AwaitingAnswer = false;
    }

    private static string CalmReason(SignalReading reading) =>
        reading.Has(SignalKind.Acceptance) ? Describe("the customer accepted", reading, SignalKind.Acceptance)
        : reading.Has(SignalKind.Calming) ? Describe("the customer is calming", reading, SignalKind.Calming)
        : "the customer answered calmly";

    /// <summary>Applies an agent's utterance and returns the stage moves it caused.</summary>
    public IReadOnlyList<StageTransition> AgentSaid(SignalReading reading, DateTimeOffset at)
    {
        ThrowIfEnded();
        ArgumentNullException.ThrowIfNull(reading);
        Touch(at);
        AgentMovesSinceCustomer |= reading.Signals;

        // "Would you like me to put you through to my manager?" offers a hand-over; it does not make one.
        AgentMovesSoFar |= reading.AsksQuestion ? reading.Signals & ~SignalKind.EscalationOffer : reading.Signals;

        if (reading.Has(SignalKind.EscalationOffer) && Machine.CanFire(Trigger.AgentEscalated))
        {
            Fire(Trigger.AgentEscalated, Describe("the agent offered a supervisor", reading, SignalKind.EscalationOffer), at);
            return Flush();
        }

        if (Stage == Stage.Escalating && reading.Has(SignalKind.EscalationOffer) && !reading.Has(SignalKind.ClarifyingQuestion))
        {
            Fire(Trigger.AgentHandedOver, Describe("the agent arranged the hand-over", reading, SignalKind.EscalationOffer), at);
            return Flush();
        }

        if (Stage == Stage.BoundarySetting)
        {
            if (reading.Has(SignalKind.BoundaryStatement) && Machine.CanFire(Trigger.AgentSetBoundary))
            {
                Fire(Trigger.AgentSetBoundary, Describe("the agent stated the boundary", reading, SignalKind.BoundaryStatement), at);
            }

            return Flush();
        }

        var acknowledged = reading.Has(SignalKind.Acknowledgement) || reading.Has(SignalKind.Apology);
        if (acknowledged && Mood is Mood.Annoyed or Mood.Angry)
        {
            AcknowledgementsWhileHot++;
        }

        if (reading.Has(SignalKind.ClosingRemark) && !reading.Has(SignalKind.OfferOfOptions) && Machine.CanFire(Trigger.AgentWrappedUp))
        {
            Fire(Trigger.AgentWrappedUp, Describe("the agent is wrapping up", reading, SignalKind.ClosingRemark), at);
        }
        else if (reading.Has(SignalKind.OfferOfOptions) && Machine.CanFire(Trigger.AgentOfferedOptions))
        {
            Fire(Trigger.AgentOfferedOptions, Describe("the agent offered options", reading, SignalKind.OfferOfOptions), at);
        }
        else if (reading.Has(SignalKind.ClarifyingQuestion) && Machine.CanFire(Trigger.AgentClarified))
        {
            AwaitingAnswer = true;
            Fire(Trigger.AgentClarified, Describe("the agent asked a clarifying question", reading, SignalKind.ClarifyingQuestion), at);
        }
        else if (acknowledged && Machine.CanFire(Trigger.AgentAcknowledged))
        {
            var signal = reading.Has(SignalKind.Acknowledgement) ? SignalKind.Acknowledgement : SignalKind.Apology;
            Fire(Trigger.AgentAcknowledged, Describe("the agent acknowledged the customer", reading, signal), at);
        }
        else if (Machine.CanFire(Trigger.AgentSpoke))
        {
            Fire(Trigger.AgentSpoke, "the agent took the turn after the venting", at);
        }

        return Flush();
    }

    /// <summary>The agent raises a hand for a supervisor.</summary>
    public IReadOnlyList<StageTransition> Escalate(string reason, DateTimeOffset at)
    {
        ThrowIfEnded();
        if (Machine.CanFire(Trigger.AgentEscalated))
        {
            AgentMovesSoFar |= SignalKind.EscalationOffer;
            Fire(Trigger.AgentEscalated, string.IsNullOrWhiteSpace(reason) ? "the agent asked for a supervisor" : reason, at);
        }

        return Flush();
    }

    /// <summary>The agent said the ladder card aloud (on a call): the current step is stated.</summary>
    public void StateBoundary(DateTimeOffset at)
    {
        ThrowIfEnded();
        if (Machine.CanFire(Trigger.AgentSetBoundary))
        {
            Fire(Trigger.AgentSetBoundary, "the agent stated the boundary", at);
        }

        Flush();
    }

    public IReadOnlyList<StageTransition> SupervisorJoined(DateTimeOffset at)
    {
        ThrowIfEnded();
        if (Machine.CanFire(Trigger.SupervisorJoined))
        {
            Fire(Trigger.SupervisorJoined, "a supervisor joined", at);
        }

        return Flush();
    }

    /// <summary>Fires the time-based triggers that are due at <paramref name="now"/>.</summary>
    public IReadOnlyList<StageTransition> Tick(DateTimeOffset now, ConversationTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        if (Stage == Stage.Listening && Channel == Channel.Voice && LastCustomerTurnAt is { } last
            && now - last >= timings.PauseAfterVenting)
        {
            Fire(Trigger.CustomerPaused, $"the customer paused for {(now - last).TotalSeconds:0} s after venting", now);
        }
        else if (IsStuck(now, timings) && Machine.CanFire(Trigger.StuckTooLong))
        {
            Fire(Trigger.StuckTooLong, $"{(now - StageEnteredAt).TotalMinutes:0} min in {Stage}: time to move on", now);
        }

        return Flush();
    }

    /// <summary>The next moment a time-based trigger could fire, or null when none can.</summary>
    public DateTimeOffset? NextTimerDue(ConversationTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        if (Stage == Stage.Listening && Channel == Channel.Voice && LastCustomerTurnAt is { } last)
        {
            return last + timings.PauseAfterVenting;
        }

        return Stage is Stage.Listening or Stage.Clarifying ? StageEnteredAt + timings.StuckInStage : null;
    }

    /// <summary>True when the conversation has sat in one working stage longer than it should.</summary>
    public bool IsStuck(DateTimeOffset now, ConversationTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        return Stage is not (Stage.Ended or Stage.Opening or Stage.SupervisorEngaged)
            && now - StageEnteredAt >= timings.StuckInStage;
    }

    public IReadOnlyList<StageTransition> End(DateTimeOffset at)
    {
        if (IsEnded)
        {
            return [];
        }

        EndedAt = at;
        Fire(Trigger.ConversationEnded, "the conversation ended", at);
        return Flush();
    }

    /// <summary>The stage graph as a Mermaid state diagram.</summary>
    public static string ToMermaid()
    {
        var sample = new Conversation(Guid.Empty, Channel.Chat, "", "", "", "", "", DateTimeOffset.UnixEpoch);
        return MermaidGraph.Format(sample.Machine.GetInfo());
    }

    private void Touch(DateTimeOffset at)
    {
        TurnCount++;
        LastActivityAt = at;
    }

    private void ThrowIfEnded()
    {
        if (IsEnded)
        {
            throw new ConversationEndedException(Id);
        }
    }

    private string? _reason;
    private DateTimeOffset _at;

    private void Fire(Trigger trigger, string reason, DateTimeOffset at)
    {
        _reason = reason;
        _at = at;
        Machine.Fire(trigger);
    }

    private void FireIfPermitted(Trigger trigger, SignalReading reading, string reason, DateTimeOffset at)
    {
        var withReading = ReadingTriggers[trigger];
        if (Machine.CanFire(withReading, reading))
        {
            _reason = reason;
            _at = at;
            Machine.Fire(withReading, reading);
        }
    }

    private IReadOnlyList<StageTransition> Flush()
    {
        if (_pending.Count == 0)
        {
            return [];
        }

        var moves = _pending.ToList();
        _pending.Clear();
        return moves;
    }

    private static string Describe(string what, SignalReading reading, SignalKind signal)
    {
        var cues = reading.CuesFor(signal).Take(3).ToList();
        return cues.Count == 0 ? what : $"{what} (\"{string.Join("\", \"", cues)}\")";
    }

    private static Stateless.Reflection.DynamicStateInfos ReturnStages()
    {
        var infos = new Stateless.Reflection.DynamicStateInfos();
        foreach (var stage in new[] { Stage.Opening, Stage.Listening, Stage.Acknowledging, Stage.Clarifying, Stage.Resolving, Stage.Confirming, Stage.Closing, Stage.Escalating })
        {
            infos.Add(stage.ToString(), $"interrupted in {stage}");
        }

        return infos;
    }

    /// <summary>The triggers that carry the customer's reading, set up with the machine.</summary>
    private Dictionary<Trigger, StateMachine<Stage, Trigger>.TriggerWithParameters<SignalReading>> ReadingTriggers =>
        Machine is not null && _readingTriggers is { } triggers ? triggers : throw new InvalidOperationException("The stage machine is not set up.");

    private Dictionary<Trigger, StateMachine<Stage, Trigger>.TriggerWithParameters<SignalReading>>? _readingTriggers;

    private static Dictionary<Trigger, StateMachine<Stage, Trigger>.TriggerWithParameters<SignalReading>> BuildReadingTriggers(StateMachine<Stage, Trigger> m) =>
        new[] { Trigger.CustomerVented, Trigger.HeatSpiked, Trigger.CustomerRejected, Trigger.CustomerCalm, Trigger.CustomerThanked, Trigger.ManagerRequested }
            .ToDictionary(t => t, m.SetTriggerParameters<SignalReading>);

    private static StateMachine<Stage, Trigger> Configure(StateMachine<Stage, Trigger> m, Conversation c)
    {
        m.OnTransitioned(t =>
        {
            if (t.Source != t.Destination)
            {
                c.StageEnteredAt = c._at;
            }

            if (t.Trigger == Trigger.AgentSetBoundary)
            {
                return; // a step stated is no move of stage
            }

            c._pending.Add(new StageTransition(t.Source, t.Destination, t.Trigger, c._reason ?? t.Trigger.ToString(), c._at));
        });

        c._readingTriggers = BuildReadingTriggers(m);
        var vented = c._readingTriggers[Trigger.CustomerVented];
        var spiked = c._readingTriggers[Trigger.HeatSpiked];
        var rejected = c._readingTriggers[Trigger.CustomerRejected];
        var calm = c._readingTriggers[Trigger.CustomerCalm];
        var thanked = c._readingTriggers[Trigger.CustomerThanked];
        var manager = c._readingTriggers[Trigger.ManagerRequested];

        Func<SignalReading, bool> heatPersists = _ => c.AcknowledgementsWhileHot >= AcknowledgementsBeforeEscalation;
        Func<SignalReading, bool> heatIsNew = r => !heatPersists(r);
        Func<SignalReading, bool> rejectedRepeatedly = _ => c.Rejections >= RejectionsBeforeEscalation;
        Func<SignalReading, bool> rejectedOnce = r => !rejectedRepeatedly(r);
        Func<SignalReading, bool> helpDone = r => !r.AsksQuestion && (c.AgentMovesSinceCustomer & SignalKind.ClarifyingQuestion) == 0;
        Func<SignalReading, bool> helpUnderWay = r => !helpDone(r);
        Func<bool> customerCalm = () => c.Mood is not (Mood.Annoyed or Mood.Angry);
        Func<bool> customerUpset = () => !customerCalm();
        Func<SignalReading, bool> toldTheIssue = r => r.Words is 0 or >= SubstantiveWords;
        Func<SignalReading, bool> onlyGreeted = r => !toldTheIssue(r);
        Func<SignalReading, bool> answered = _ => c.AwaitingAnswer;
        Func<SignalReading, bool> notAnswering = _ => !c.AwaitingAnswer;
        Func<SignalReading, bool> softer = r => r.Has(SignalKind.Calming) || r.Has(SignalKind.Acceptance);
        Func<SignalReading, bool> notSofter = r => !softer(r);
        Func<SignalReading, bool> acceptedOffer = r => !r.AsksQuestion;
        Func<SignalReading, bool> askedAboutOffer = r => r.AsksQuestion;
        Func<SignalReading, bool> withdrew = r => softer(r) && !c.HandedOver;
        Func<SignalReading, bool> waitsForHandover = r => !withdrew(r);
        Func<bool> stated = () => c.BoundaryStated;
        Func<bool> climbs = () => c.BoundaryStated && c.BoundaryStep < PolicyEndStep;
        Func<bool> atPolicyEnd = () => c.BoundaryStated && c.BoundaryStep >= PolicyEndStep;
        Func<bool> notStated = () => !c.BoundaryStated;

        // Every working stage: abuse starts the boundary ladder, a manager request or the agent's
        // raised hand escalates, and the conversation can end.
        foreach (var stage in new[] { Stage.Opening, Stage.Listening, Stage.Acknowledging, Stage.Clarifying, Stage.Resolving, Stage.Confirming, Stage.Closing })
        {
            m.Configure(stage)
                .Permit(Trigger.CustomerAbusive, Stage.BoundarySetting)
                .Permit(manager.Trigger, Stage.Escalating)
                .Permit(Trigger.AgentEscalated, Stage.Escalating)
                .Permit(Trigger.SupervisorJoined, Stage.SupervisorEngaged)
                .Permit(Trigger.ConversationEnded, Stage.Ended);
        }

        // From any stage where work is under way, sincere thanks for help that has happened (or
        // "that's sorted") leads to Closing; thanks with a question means the help is still coming.
        foreach (var stage in new[] { Stage.Listening, Stage.Acknowledging, Stage.Clarifying, Stage.Resolving, Stage.Confirming, Stage.Escalating })
        {
            m.Configure(stage)
                .PermitIf(thanked, Stage.Closing, helpDone, "the help has happened")
                .IgnoreIf(thanked, helpUnderWay, "the help is still under way")
                .PermitIf(Trigger.AgentWrappedUp, Stage.Closing, customerCalm, "the customer is calm")
                .IgnoreIf(Trigger.AgentWrappedUp, customerUpset, "the customer is still upset");
        }

        m.Configure(Stage.Opening)
            .Permit(vented.Trigger, Stage.Listening)
            .PermitIf(calm, Stage.Clarifying, toldTheIssue, "the customer told the issue")
            .IgnoreIf(calm, onlyGreeted, "a greeting only")
            .Permit(thanked.Trigger, Stage.Clarifying)
            .Permit(Trigger.AgentAcknowledged, Stage.Clarifying)
            .Permit(Trigger.AgentClarified, Stage.Clarifying)
            .Permit(Trigger.AgentOfferedOptions, Stage.Confirming);

        m.Configure(Stage.Listening)
            .Ignore(vented.Trigger)
            .Permit(calm.Trigger, Stage.Acknowledging)
            .Permit(Trigger.StuckTooLong, Stage.Acknowledging)
            .Permit(Trigger.CustomerPaused, Stage.Acknowledging)
            .Permit(Trigger.AgentSpoke, Stage.Acknowledging)
            .Permit(Trigger.AgentAcknowledged, Stage.Clarifying)
            .Permit(Trigger.AgentClarified, Stage.Clarifying)
            .Permit(Trigger.AgentOfferedOptions, Stage.Confirming);

        m.Configure(Stage.Acknowledging)
            .PermitIf(vented, Stage.Listening, heatIsNew, "heat is new")
            .PermitIf(vented, Stage.Escalating, heatPersists, "heat persists after two acknowledgements")
            .PermitIf(calm, Stage.Clarifying, softer, "the customer is calmer")
            .IgnoreIf(calm, notSofter, "no sign of calming yet")
            .Permit(Trigger.AgentAcknowledged, Stage.Clarifying)
            .Permit(Trigger.AgentClarified, Stage.Clarifying)
            .Permit(Trigger.AgentOfferedOptions, Stage.Confirming);

        m.Configure(Stage.Clarifying)
            .PermitIf(spiked, Stage.Acknowledging, heatIsNew, "heat is new")
            .PermitIf(spiked, Stage.Escalating, heatPersists, "heat persists after two acknowledgements")
            .PermitReentry(Trigger.AgentClarified)
            .PermitIf(calm, Stage.Resolving, answered, "the customer answered the agent's question")
            .IgnoreIf(calm, notAnswering, "no question was waiting")
            .Permit(Trigger.StuckTooLong, Stage.Resolving)
            .Permit(Trigger.AgentOfferedOptions, Stage.Confirming);

        m.Configure(Stage.Resolving)
            .PermitIf(spiked, Stage.Acknowledging, heatIsNew, "heat is new")
            .PermitIf(spiked, Stage.Escalating, heatPersists, "heat persists after two acknowledgements")
            .PermitIf(rejected, Stage.Escalating, rejectedRepeatedly, "options rejected repeatedly")
            .IgnoreIf(rejected, rejectedOnce, "first rejection")
            .Ignore(calm.Trigger)
            .Permit(Trigger.AgentClarified, Stage.Clarifying)
            .Permit(Trigger.AgentOfferedOptions, Stage.Confirming);

        m.Configure(Stage.Confirming)
            .PermitIf(spiked, Stage.Acknowledging, heatIsNew, "heat is new")
            .PermitIf(spiked, Stage.Escalating, heatPersists, "heat persists after two acknowledgements")
            .PermitIf(rejected, Stage.Resolving, rejectedOnce, "first rejection")
            .PermitIf(rejected, Stage.Escalating, rejectedRepeatedly, "options rejected repeatedly")
            .PermitReentry(Trigger.AgentOfferedOptions)
            .PermitIf(calm, Stage.Closing, acceptedOffer, "the customer took the offer")
            .IgnoreIf(calm, askedAboutOffer, "the customer asks about the offer");

        m.Configure(Stage.Closing)
            .Permit(vented.Trigger, Stage.Listening)
            .Ignore(Trigger.AgentWrappedUp)
            .Ignore(calm.Trigger)
            .Ignore(thanked.Trigger)
            .Permit(Trigger.AgentOfferedOptions, Stage.Confirming);

        m.Configure(Stage.BoundarySetting)
            .OnEntryFrom(Trigger.CustomerAbusive, t => c.InterruptedStage = t.Source == Stage.BoundarySetting ? c.InterruptedStage : t.Source, "remember the interrupted stage")
            .OnEntry(
                t =>
                {
                    // The ladder climbs only past a step the agent has stated; the first abuse is step 1.
                    if (c.BoundaryStep == 0 || c.BoundaryStated)
                    {
                        c.BoundaryStep = Math.Min(c.BoundaryStep + 1, PolicyEndStep);
                        c.BoundaryStated = false;
                    }
                },
                "climb the ladder past a stated step")
            .PermitReentryIf(Trigger.CustomerAbusive, climbs, "the agent stated the current step")
            .IgnoreIf(Trigger.CustomerAbusive, notStated, "the current step is not stated yet")
            .IgnoreIf(Trigger.CustomerAbusive, atPolicyEnd, "at the policy's end")
            .InternalTransitionIf(Trigger.AgentSetBoundary, _ => !stated(), _ => c.BoundaryStated = true, "the agent states the step")
            .PermitDynamic(
                Trigger.CustomerRespectful,
                () => c.InterruptedStage ?? Stage.Acknowledging,
                "back to the interrupted stage",
                ReturnStages())
            .OnExit(
                t =>
                {
                    if (t.Destination != Stage.BoundarySetting)
                    {
                        c.InterruptedStage = null;
                    }
                },
                "forget the interrupted stage")
            .Permit(Trigger.AgentEscalated, Stage.Escalating)
            .Permit(Trigger.SupervisorJoined, Stage.SupervisorEngaged)
            .Permit(Trigger.ConversationEnded, Stage.Ended);

        // Escalating is left when the request is withdrawn, when the agent works the problem
        // instead (a question, an offer), when the hand-over is arranged, or on thanks.
        m.Configure(Stage.Escalating)
            .Permit(Trigger.CustomerAbusive, Stage.BoundarySetting)
            .Permit(Trigger.SupervisorJoined, Stage.SupervisorEngaged)
            .Ignore(manager.Trigger)
            .Ignore(vented.Trigger)
            .PermitIf(calm, Stage.Resolving, withdrew, "the customer withdrew the request")
            .IgnoreIf(calm, waitsForHandover, "the customer waits for the hand-over")
            .Permit(Trigger.AgentClarified, Stage.Clarifying)
            .Permit(Trigger.AgentOfferedOptions, Stage.Confirming)
            .Permit(Trigger.AgentHandedOver, Stage.Closing)
            .Permit(Trigger.ConversationEnded, Stage.Ended);

        m.Configure(Stage.SupervisorEngaged)
            .Permit(Trigger.ConversationEnded, Stage.Ended);

        return m;
    }
}

/// <summary>Raised when a turn arrives for a conversation that has ended.</summary>
public sealed class ConversationEndedException(Guid id) : InvalidOperationException($"Conversation {id} has ended.")
{
    public Guid ConversationId { get; } = id;
}
