using CoachConsole.Core.Coaching;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;

namespace CoachConsole.Core.Practice;

/// <summary>One line of a practice transcript.</summary>
/// <param name="Number">Position in the transcript, from 1; scorecard reasons cite it.</param>
/// <param name="Speaker">The simulated customer or the trainee.</param>
/// <param name="Text">What was said.</param>
/// <param name="Heat">The simulated customer's heat after this line (0..1).</param>
/// <param name="ReadHeat">The heat the signal reader read in a customer line; the coach sees this one.</param>
/// <param name="Signals">What the reader found in the line.</param>
/// <param name="StageAfter">The stage after the line went through the coach.</param>
/// <param name="Mood">For a customer line, the mood the simulation chose.</param>
/// <param name="Cues">The cue texts the reader reported.</param>
public sealed record PracticeTurn(
    int Number,
    Speaker Speaker,
    string Text,
    double Heat,
    double ReadHeat,
    SignalKind Signals,
    Stage StageAfter,
    CustomerMood? Mood,
    IReadOnlyList<Cue> Cues)
{
    public bool Has(SignalKind signal) => (Signals & signal) == signal && signal != SignalKind.None;
}

/// <summary>How a practice session ended.</summary>
public enum PracticeOutcome
{
    InProgress,

    /// <summary>The customer accepted an option: the conversation reached Closing.</summary>
    Resolved,

    /// <summary>The trainee offered a supervisor and the customer agreed.</summary>
    Escalated,

    /// <summary>Abuse went on to the end of the boundary ladder.</summary>
    PolicyEnd,

    /// <summary>The persona's reply limit was reached.</summary>
    TurnLimit,

    /// <summary>The trainee finished before any of the above.</summary>
    Finished,
}

/// <summary>
/// A trainee role-playing against a simulated customer. Every line, the customer's and the
/// trainee's, goes through the same <see cref="Coach"/> as a live conversation, so the stage
/// machine moves for real and the trainee sees the same cards. The customer's heat and next line
/// are decided deterministically from the trainee's reply, the persona and the seed.
/// Not thread-safe: one session per trainee.
/// </summary>
public sealed class PracticeSession
{
    /// <summary>Heat change when the trainee acknowledges the feeling.</summary>
    public const double AcknowledgeEffect = -0.15;

    /// <summary>Heat change when the trainee apologises.</summary>
    public const double ApologyEffect = -0.10;

    /// <summary>Heat change for a clarifying question once the customer has stopped venting.</summary>
    public const double ClarifyEffect = -0.05;

    /// <summary>Heat change for an offer of options once the customer has stopped venting.</summary>
    public const double OfferEffect = -0.15;

    /// <summary>Heat change for a boundary stated while abuse is going on.</summary>
    public const double BoundaryEffect = -0.15;

    /// <summary>Heat change when a supervisor is offered to a customer who asked for one.</summary>
    public const double RightEscalationEffect = -0.20;

    /// <summary>Heat change for each phrase to avoid.</summary>
    public const double AvoidEffect = 0.25;

    /// <summary>Heat change for a solution thrown at a customer who is still venting.</summary>
    public const double SolutionWhileVentingEffect = 0.15;

    /// <summary>Heat change for a reply that does nothing for a hot customer.</summary>
    public const double IgnoredEffect = 0.05;

    /// <summary>When the heat stays at or above this for two customer lines running, any customer asks for a manager.</summary>
    public const double ManagerAbove = 0.95;

    /// <summary>Words that put a solution on the table even when the reader sees no offer of options.</summary>
    private static readonly string[] SolutionCues =
    [
        "you need to", "you should", "you have to", "just send", "send it back", "restart", "reset it", "turn it off",
        "i'll refund", "we'll refund", "i can refund", "we can refund", "i'll replace", "we'll replace", "we'll send",
        "i'll send you", "try again", "reinstall",
    ];

    private readonly Coach _coach;
    private readonly Random _random;
    private readonly List<PracticeTurn> _transcript = [];
    private readonly List<string> _traineeTexts = [];
    private readonly HashSet<string> _said = new(StringComparer.Ordinal);
    private readonly List<ReplyFacts> _replies = [];
    private SignalReading _lastCustomerReading = SignalReading.Empty;
    private DateTimeOffset _clock;
    private int _customerLines;
    private bool _boundaryHolds;
    private bool _managerAsked;
    private bool _escalationOffered;

    public PracticeSession(Persona persona, ISignalReader reader, Func<PhraseLibrary> library, int seed = 0, string traineeName = "Trainee", DateTimeOffset? startedAt = null)
    {
        Persona = persona ?? throw new ArgumentNullException(nameof(persona));
        _coach = new Coach(reader, library);
        Seed = seed;
        _random = new Random(seed);
        _clock = startedAt ?? DateTimeOffset.UnixEpoch;
        var id = new Guid(seed, 0x5052, 0x4143, [.. System.Text.Encoding.UTF8.GetBytes((persona.Id + "--------")[..8])]);
        Conversation = new Conversation(id, persona.Channel, persona.Name, persona.Issue, "practice", traineeName, "practice", _clock);
        Conversation.OfferOptions(persona.Options);
        Heat = persona.StartHeat;
    }

    public Persona Persona { get; }

    public int Seed { get; }

    /// <summary>The conversation the coach works on: stage, reader heat, boundary step, cards.</summary>
    public Conversation Conversation { get; }

    /// <summary>The simulated customer's heat now (0..1).</summary>
    public double Heat { get; private set; }

    public IReadOnlyList<PracticeTurn> Transcript => _transcript;

    /// <summary>The coach's cards for the trainee now, as on a live console.</summary>
    public IReadOnlyList<Suggestion> Suggestions => Conversation.Suggestions;

    public PracticeOutcome Outcome { get; private set; } = PracticeOutcome.InProgress;

    public bool IsStarted => _transcript.Count > 0;

    public bool IsOver => Outcome != PracticeOutcome.InProgress;

    public int Replies => _replies.Count;

    /// <summary>The customer's opening line, processed through the coach as a customer turn.</summary>
    public PracticeTurn Start()
    {
        if (IsStarted)
        {
            throw new InvalidOperationException("The practice session has already started.");
        }

        var text = Persona.Opening[_random.Next(Persona.Opening.Count)];
        return Customer(text, CustomerMood.Angry);
    }

    /// <summary>
    /// Processes the trainee's reply as an agent turn, then the simulated customer's answer as a
    /// customer turn. Returns the customer's answer.
    /// </summary>
    public PracticeTurn Reply(string traineeText)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(traineeText);
        if (!IsStarted)
        {
            throw new InvalidOperationException("Start the practice session first.");
        }

        if (IsOver)
        {
            throw new InvalidOperationException("The practice session is over.");
        }

        var stageBefore = Conversation.Stage;
        var venting = IsVenting();
        var rightToEscalate = RightToEscalate(stageBefore);
        var text = traineeText.Trim();
        if (text.Length > _coach.Reader.MaxLength)
        {
            text = text[.._coach.Reader.MaxLength];
        }

        var outcome = _coach.Process(Conversation, Speaker.Agent, text, Tick(), _lastCustomerReading, _traineeTexts);
        _traineeTexts.Add(text);
        var reading = outcome.Reading;
        var escalation = reading.Has(SignalKind.EscalationOffer);
        var offer = !escalation && reading.Has(SignalKind.OfferOfOptions);
        var solution = offer || SolutionCues.Any(c => text.Contains(c, StringComparison.OrdinalIgnoreCase));
        var acknowledged = reading.Has(SignalKind.Acknowledgement) || reading.Has(SignalKind.Apology);
        var facts = new ReplyFacts(
            _transcript.Count + 1,
            stageBefore,
            reading,
            venting,
            SolutionWhileVenting: solution && venting && !acknowledged,
            RightToEscalate: rightToEscalate,
            Acknowledged: acknowledged);
        _replies.Add(facts);
        _transcript.Add(new PracticeTurn(facts.Number, Speaker.Agent, text, Heat, 0, reading.Signals, Conversation.Stage, null, reading.Cues));

        var delta = HeatChange(facts, offer, escalation);
        Heat = Math.Clamp(Heat + delta, 0, 1);
        if (reading.Has(SignalKind.PhraseToAvoid))
        {
            _boundaryHolds = false;
        }

        if (stageBefore == Stage.BoundarySetting && reading.Has(SignalKind.BoundaryStatement))
        {
            _boundaryHolds = true;
        }

        if (escalation)
        {
            _escalationOffered = true;
        }

        var mood = NextMood(facts, offer, escalation);
        var line = Customer(Choose(mood), mood);
        Conclude(mood);
        return line;
    }

    /// <summary>Ends the session now, if it has not ended by itself.</summary>
    public void Finish()
    {
        if (!IsOver)
        {
            Outcome = PracticeOutcome.Finished;
        }
    }

    /// <summary>How the trainee did, technique by technique.</summary>
    public Scorecard Score() => Scorecard.For(this, _replies);

    private double HeatChange(ReplyFacts facts, bool offer, bool escalation)
    {
        var r = facts.Reading;
        var calming = 0.0;
        var heating = 0.0;
        if (r.Has(SignalKind.Acknowledgement))
        {
            calming += AcknowledgeEffect;
        }

        if (r.Has(SignalKind.Apology))
        {
            calming += ApologyEffect;
        }

        if (r.Has(SignalKind.ClarifyingQuestion) && (!facts.Venting || facts.Acknowledged))
        {
            calming += ClarifyEffect;
        }

        if (offer && !facts.SolutionWhileVenting)
        {
            calming += OfferEffect;
        }

        if (facts.StageBefore == Stage.BoundarySetting && r.Has(SignalKind.BoundaryStatement))
        {
            calming += BoundaryEffect;
        }

        if (escalation && facts.RightToEscalate)
        {
            calming += RightEscalationEffect;
        }

        if (r.Has(SignalKind.PhraseToAvoid))
        {
            heating += AvoidEffect * Math.Max(1, r.Cues.Count(c => c.Signal == SignalKind.PhraseToAvoid));
        }

        if (facts.SolutionWhileVenting)
        {
            heating += SolutionWhileVentingEffect;
        }

        if (calming == 0 && heating == 0 && Heat >= Persona.HotAbove)
        {
            heating += IgnoredEffect;
        }

        return (calming * Persona.Forgiveness) + heating;
    }

    private CustomerMood NextMood(ReplyFacts facts, bool offer, bool escalation)
    {
        var r = facts.Reading;
        if (escalation && (Conversation.Stage == Stage.Escalating || (Conversation.Stage == Stage.Closing && Conversation.HandedOver)))
        {
            return CustomerMood.Escalated;
        }

        if (Conversation.Stage == Stage.BoundarySetting)
        {
            return _boundaryHolds || !Persona.Abusive ? CustomerMood.Respectful : CustomerMood.Abusive;
        }

        if (Persona.Abusive && !_boundaryHolds && Heat >= Persona.HotAbove)
        {
            return CustomerMood.Abusive;
        }

        if (Conversation.Stage == Stage.Escalating || WantsManagerNow())
        {
            _managerAsked = true;
            return CustomerMood.WantsManager;
        }

        if (offer)
        {
            return facts.SolutionWhileVenting ? CustomerMood.Interrupted
                : Heat < Persona.AcceptBelow ? CustomerMood.Accepting
                : CustomerMood.Rejecting;
        }

        if (facts.SolutionWhileVenting)
        {
            return CustomerMood.Interrupted;
        }

        if (Heat >= Persona.HotAbove)
        {
            return CustomerMood.Angry;
        }

        return r.Has(SignalKind.ClarifyingQuestion) && Conversation.AwaitingAnswer ? CustomerMood.Answering : CustomerMood.Calming;
    }

    private bool WantsManagerNow() =>
        !_escalationOffered
        && ((Persona.ManagerFromLine is { } from && _customerLines >= from)
            || (Heat >= ManagerAbove && _transcript.LastOrDefault(t => t.Speaker == Speaker.Customer)?.Heat >= ManagerAbove));

    private void Conclude(CustomerMood mood)
    {
        if (mood == CustomerMood.Escalated)
        {
            Outcome = PracticeOutcome.Escalated;
        }
        else if (mood == CustomerMood.Accepting && Conversation.Stage == Stage.Closing)
        {
            Outcome = PracticeOutcome.Resolved;
        }
        else if (Conversation.Stage == Stage.BoundarySetting && Conversation.BoundaryStep >= Conversation.PolicyEndStep)
        {
            Outcome = PracticeOutcome.PolicyEnd;
        }
        else if (_replies.Count >= Persona.MaxReplies)
        {
            Outcome = PracticeOutcome.TurnLimit;
        }
    }

    /// <summary>A line for the mood: stage-specific lines first, unsaid lines before said ones, then the seed.</summary>
    private string Choose(CustomerMood mood)
    {
        var stage = Conversation.Stage;
        if (mood == CustomerMood.Interrupted && !Persona.Lines.Any(l => l.Mood == mood))
        {
            mood = CustomerMood.Angry;
        }

        var lines = Persona.Lines.Where(l => l.Mood == mood && l.Fits(stage)).ToList();
        if (lines.Count == 0)
        {
            lines = Persona.Lines.Where(l => l.Mood == mood).ToList();
        }

        if (lines.Count == 0)
        {
            throw new InvalidOperationException($"Persona '{Persona.Id}' has no line for {mood}.");
        }

        var specific = lines.Where(l => l.IsStageSpecific).ToList();
        var pool = specific.Where(l => !_said.Contains(l.Text)).ToList();
        if (pool.Count == 0)
        {
            pool = lines.Where(l => !_said.Contains(l.Text)).ToList();
        }

        if (pool.Count == 0)
        {
            pool = lines;
        }

        return pool[_random.Next(pool.Count)].Text;
    }

    private PracticeTurn Customer(string text, CustomerMood mood)
    {
        _said.Add(text);
        var outcome = _coach.Process(Conversation, Speaker.Customer, text, Tick(), _lastCustomerReading, _traineeTexts);
        _lastCustomerReading = outcome.Reading;
        _customerLines++;
        if (outcome.Reading.Has(SignalKind.ManagerRequest))
        {
            _managerAsked = true;
        }

        var turn = new PracticeTurn(
            _transcript.Count + 1, Speaker.Customer, text, Heat, outcome.Reading.Heat, outcome.Reading.Signals, Conversation.Stage, mood, outcome.Reading.Cues);
        _transcript.Add(turn);
        return turn;
    }

    /// <summary>The customer is venting: hot, and the trainee has not acknowledged since.</summary>
    private bool IsVenting()
    {
        var last = _transcript.LastOrDefault(t => t.Speaker == Speaker.Customer);
        return last is not null
            && (last.Mood is CustomerMood.Angry or CustomerMood.Abusive || last.Heat >= Persona.HotAbove)
            && !PreviousAcknowledged();
    }

    private bool PreviousAcknowledged() => _replies.Count > 0 && _replies[^1].Acknowledged;

    private bool RightToEscalate(Stage stageBefore) =>
        stageBefore == Stage.Escalating
        || _managerAsked
        || Conversation.Rejections >= Conversation.RejectionsBeforeEscalation
        || (Conversation.AcknowledgementsWhileHot >= Conversation.AcknowledgementsBeforeEscalation && Heat >= Persona.HotAbove);

    private DateTimeOffset Tick() => _clock = _clock.AddSeconds(Persona.Channel == Channel.Voice ? 12 : 25);
}

/// <summary>What the session noted about one trainee reply, for the scorecard.</summary>
internal sealed record ReplyFacts(int Number, Stage StageBefore, SignalReading Reading, bool Venting, bool SolutionWhileVenting, bool RightToEscalate, bool Acknowledged);
