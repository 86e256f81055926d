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

    public bool IsEnded => Stage == Stage.Ended;

    private StateMachine<Stage, Trigger> Machine => _machine ??= Configure(new StateMachine<Stage, Trigger>(() => Stage, s => Stage = s), this);

    public void ShowSuggestions(IReadOnlyList<Suggestion> suggestions) => Suggestions = suggestions;

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
        Touch(at);

        if (reading.Has(SignalKind.Abuse))
        {
            Fire(Trigger.CustomerAbusive, Describe("abuse aimed at the agent", reading, SignalKind.Abuse), at);
            return Flush();
        }

        if (Stage == Stage.BoundarySetting)
        {
            Fire(Trigger.CustomerRespectful, "the customer is respectful again", at);
        }

        if (reading.Has(SignalKind.ManagerRequest) && Machine.CanFire(Trigger.ManagerRequested))
        {
            Fire(Trigger.ManagerRequested, Describe("the customer asked for a manager", reading, SignalKind.ManagerRequest), at);
            return Flush();
        }

        if (reading.Has(SignalKind.Rejection) && Stage is Stage.Confirming or Stage.Resolving)
        {
            Rejections++;
            Fire(Trigger.CustomerRejected, Describe("the customer turned the offer down", reading, SignalKind.Rejection), at);
            return Flush();
        }

        if (reading.IsHot)
        {
            // Heat in the working stages is a renewed spike: back to acknowledging first.
            if (Stage is Stage.Clarifying or Stage.Resolving or Stage.Confirming)
            {
                Fire(Trigger.HeatSpiked, $"heat rose to {reading.Mood.ToString().ToLowerInvariant()}", at);
            }
            else if (Machine.CanFire(Trigger.CustomerVented))
            {
                Fire(Trigger.CustomerVented, $"the customer is {reading.Mood.ToString().ToLowerInvariant()}", at);
            }

            return Flush();
        }

        AcknowledgementsWhileHot = 0;
        if (reading.Has(SignalKind.Acceptance) && Stage == Stage.Confirming)
        {
            Fire(Trigger.CustomerAccepted, Describe("the customer accepted", reading, SignalKind.Acceptance), at);
        }
        else if (Stage == Stage.Listening)
        {
            Fire(Trigger.CustomerPaused, "the customer has stopped venting", at);
        }
        else if (Stage == Stage.Clarifying && AwaitingAnswer)
        {
            AwaitingAnswer = false;
            Fire(Trigger.CustomerAnswered, "the customer answered the agent's question", at);
        }
        else if (reading.Has(SignalKind.Calming) && Machine.CanFire(Trigger.CustomerCalmed))
        {
            Fire(Trigger.CustomerCalmed, Describe("the customer is calming", reading, SignalKind.Calming), at);
        }

        return Flush();
    }

    /// <summary>Applies an agent's utterance and returns the stage moves it caused.</summary>
    public IReadOnlyList<StageTransition> AgentSaid(SignalReading reading, DateTimeOffset at)
    {
        ThrowIfEnded();
        ArgumentNullException.ThrowIfNull(reading);
        Touch(at);

        if (reading.Has(SignalKind.EscalationOffer) && Machine.CanFire(Trigger.AgentEscalated))
        {
            Fire(Trigger.AgentEscalated, Describe("the agent offered a supervisor", reading, SignalKind.EscalationOffer), at);
            return Flush();
        }

        if (Stage == Stage.BoundarySetting)
        {
            return Flush();
        }

        var acknowledged = reading.Has(SignalKind.Acknowledgement) || reading.Has(SignalKind.Apology);
        if (acknowledged && Mood is Mood.Annoyed or Mood.Angry)
        {
            AcknowledgementsWhileHot++;
        }

        if (reading.Has(SignalKind.OfferOfOptions) && Machine.CanFire(Trigger.AgentOfferedOptions))
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
            Fire(Trigger.AgentEscalated, string.IsNullOrWhiteSpace(reason) ? "the agent asked for a supervisor" : reason, at);
        }

        return Flush();
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

    private static StateMachine<Stage, Trigger> Configure(StateMachine<Stage, Trigger> m, Conversation c)
    {
        m.OnTransitioned(t =>
        {
            if (t.Source != t.Destination)
            {
                c.StageEnteredAt = c._at;
            }

            c._pending.Add(new StageTransition(t.Source, t.Destination, t.Trigger, c._reason ?? t.Trigger.ToString(), c._at));
        });

        Func<bool> heatPersists = () => c.AcknowledgementsWhileHot >= AcknowledgementsBeforeEscalation;
        Func<bool> heatIsNew = () => !heatPersists();
        Func<bool> rejectedRepeatedly = () => c.Rejections >= RejectionsBeforeEscalation;
        Func<bool> rejectedOnce = () => !rejectedRepeatedly();
        Func<bool> belowPolicyEnd = () => c.BoundaryStep < PolicyEndStep;

        // Every working stage: abuse starts the boundary ladder, a manager request or the agent's
        // raised hand escalates, and the conversation can end.
        foreach (var stage in new[] { Stage.Opening, Stage.Listening, Stage.Acknowledging, Stage.Clarifying, Stage.Resolving, Stage.Confirming, Stage.Closing })
        {
            m.Configure(stage)
                .Permit(Trigger.CustomerAbusive, Stage.BoundarySetting)
                .Permit(Trigger.ManagerRequested, Stage.Escalating)
                .Permit(Trigger.AgentEscalated, Stage.Escalating)
                .Permit(Trigger.SupervisorJoined, Stage.SupervisorEngaged)
                .Permit(Trigger.ConversationEnded, Stage.Ended);
        }

        m.Configure(Stage.Opening)
            .Permit(Trigger.CustomerVented, Stage.Listening)
            .Permit(Trigger.AgentAcknowledged, Stage.Clarifying)
            .Permit(Trigger.AgentClarified, Stage.Clarifying)
            .Permit(Trigger.AgentOfferedOptions, Stage.Confirming);

        m.Configure(Stage.Listening)
            .Ignore(Trigger.CustomerVented)
            .Permit(Trigger.StuckTooLong, Stage.Acknowledging)
            .Permit(Trigger.CustomerPaused, Stage.Acknowledging)
            .Permit(Trigger.AgentSpoke, Stage.Acknowledging)
            .Permit(Trigger.AgentAcknowledged, Stage.Clarifying)
            .Permit(Trigger.AgentClarified, Stage.Clarifying)
            .Permit(Trigger.AgentOfferedOptions, Stage.Confirming);

        m.Configure(Stage.Acknowledging)
            .PermitIf(Trigger.CustomerVented, Stage.Listening, heatIsNew, "heat is new")
            .PermitIf(Trigger.CustomerVented, Stage.Escalating, heatPersists, "heat persists after two acknowledgements")
            .Permit(Trigger.AgentAcknowledged, Stage.Clarifying)
            .Permit(Trigger.AgentClarified, Stage.Clarifying)
            .Permit(Trigger.AgentOfferedOptions, Stage.Confirming)
            .Permit(Trigger.CustomerCalmed, Stage.Clarifying);

        m.Configure(Stage.Clarifying)
            .PermitIf(Trigger.HeatSpiked, Stage.Acknowledging, heatIsNew, "heat is new")
            .PermitIf(Trigger.HeatSpiked, Stage.Escalating, heatPersists, "heat persists after two acknowledgements")
            .PermitReentry(Trigger.AgentClarified)
            .Permit(Trigger.CustomerAnswered, Stage.Resolving)
            .Permit(Trigger.StuckTooLong, Stage.Resolving)
            .Permit(Trigger.AgentOfferedOptions, Stage.Confirming);

        m.Configure(Stage.Resolving)
            .PermitIf(Trigger.HeatSpiked, Stage.Acknowledging, heatIsNew, "heat is new")
            .PermitIf(Trigger.HeatSpiked, Stage.Escalating, heatPersists, "heat persists after two acknowledgements")
            .PermitIf(Trigger.CustomerRejected, Stage.Escalating, rejectedRepeatedly, "options rejected repeatedly")
            .IgnoreIf(Trigger.CustomerRejected, rejectedOnce, "first rejection")
            .Permit(Trigger.AgentOfferedOptions, Stage.Confirming);

        m.Configure(Stage.Confirming)
            .PermitIf(Trigger.HeatSpiked, Stage.Acknowledging, heatIsNew, "heat is new")
            .PermitIf(Trigger.HeatSpiked, Stage.Escalating, heatPersists, "heat persists after two acknowledgements")
            .PermitIf(Trigger.CustomerRejected, Stage.Resolving, rejectedOnce, "first rejection")
            .PermitIf(Trigger.CustomerRejected, Stage.Escalating, rejectedRepeatedly, "options rejected repeatedly")
            .PermitReentry(Trigger.AgentOfferedOptions)
            .Permit(Trigger.CustomerAccepted, Stage.Closing);

        m.Configure(Stage.Closing)
            .Permit(Trigger.CustomerVented, Stage.Listening)
            .Ignore(Trigger.CustomerCalmed);

        m.Configure(Stage.BoundarySetting)
            .OnEntryFrom(Trigger.CustomerAbusive, t => c.InterruptedStage = t.Source == Stage.BoundarySetting ? c.InterruptedStage : t.Source, "remember the interrupted stage")
            .OnEntry(() => c.BoundaryStep = Math.Min(c.BoundaryStep + 1, PolicyEndStep), "climb the ladder")
            .PermitReentryIf(Trigger.CustomerAbusive, belowPolicyEnd, "below the policy's end")
            .IgnoreIf(Trigger.CustomerAbusive, () => !belowPolicyEnd(), "at the policy's end")
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

        m.Configure(Stage.Escalating)
            .Permit(Trigger.CustomerAbusive, Stage.BoundarySetting)
            .Permit(Trigger.SupervisorJoined, Stage.SupervisorEngaged)
            .Ignore(Trigger.ManagerRequested)
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
