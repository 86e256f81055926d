namespace CoachConsole.Core.Signals;

/// <summary>
/// Everything the reader can detect in one utterance. Customer signals describe the customer's
/// state; agent signals describe what the agent did. Flags, so one reading carries a set.
/// </summary>
[Flags]
public enum SignalKind : long
{
    None = 0,

    // Customer
    Abuse = 1L << 0,
    ManagerRequest = 1L << 1,
    Acceptance = 1L << 2,
    Rejection = 1L << 3,
    Calming = 1L << 4,
    ThreatToLeave = 1L << 5,
    RepeatContact = 1L << 6,
    Profanity = 1L << 7,
    Venting = 1L << 8,

    /// <summary>Sincere thanks, or the customer says the problem is solved ("thanks, that's sorted").</summary>
    Thanks = 1L << 9,

    // Agent
    Acknowledgement = 1L << 16,
    Apology = 1L << 17,
    ClarifyingQuestion = 1L << 18,
    OfferOfOptions = 1L << 19,
    BoundaryStatement = 1L << 20,
    EscalationOffer = 1L << 21,
    FollowUpPromise = 1L << 22,
    PhraseToAvoid = 1L << 23,

    /// <summary>The agent takes the case on ("I'll sort this out myself", "leave it with me").</summary>
    Ownership = 1L << 24,

    /// <summary>The agent says what will happen and when ("it'll arrive tomorrow before 1pm").</summary>
    SetExpectations = 1L << 25,

    /// <summary>The agent wraps up ("anything else I can help with?", "have a good evening").</summary>
    ClosingRemark = 1L << 26,

    /// <summary>The agent greets or introduces themselves.</summary>
    Greeting = 1L << 27,
}

/// <summary>How upset the customer sounds, from the heat score.</summary>
public enum Mood
{
    Positive,
    Neutral,
    Annoyed,
    Angry,
}
