using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;

namespace CoachConsole.Core.Phrases;

/// <summary>What a phrasing does for the agent.</summary>
public enum PhraseCategory
{
    Greeting,
    ListeningCue,
    Empathy,
    Apology,
    Ownership,
    ClarifyingQuestion,
    Paraphrase,
    OfferOptions,
    SetExpectations,
    ConfirmSolution,
    Closing,
    FollowUp,
    Boundary,
    Escalation,
    Retention,
}

/// <summary>
/// One phrasing in the library. Placeholders in braces (<c>{customer}</c>, <c>{agent}</c>,
/// <c>{issue}</c>, <c>{options}</c>) are filled from the conversation.
/// </summary>
public sealed record Phrase
{
    public required string Id { get; init; }

    public int Version { get; init; } = 1;

    public required Stage Stage { get; init; }

    public required PhraseCategory Category { get; init; }

    /// <summary>Null when the wording suits both channels.</summary>
    public Channel? Channel { get; init; }

    /// <summary>A customer signal this phrasing answers; preferred when that signal is present.</summary>
    public SignalKind Signal { get; init; }

    /// <summary>For boundary scripts: the step of the ladder (1 to 3, 4 for the policy's end).</summary>
    public int? LadderStep { get; init; }

    /// <summary>Teams the phrasing is limited to; empty for every team.</summary>
    public IReadOnlyList<string> Teams { get; init; } = [];

    public required string Text { get; init; }

    /// <summary>Promoted by a trainer: preferred over the other phrasings of its stage.</summary>
    public bool Featured { get; init; }

    public bool SuitsChannel(Channel channel) => Channel is null || Channel == channel;

    public bool SuitsTeam(string? team) => Teams.Count == 0 || (team is not null && Teams.Contains(team, StringComparer.OrdinalIgnoreCase));
}

/// <summary>A phrase agents should not use, with the better way to say it.</summary>
public sealed class PhraseToAvoid
{
    public required string Id { get; init; }

    /// <summary>
    /// The wording to catch: words matched whole and ignoring case, within one clause (see
    /// <see cref="AvoidMatcher"/>); "a|b" accepts either word and "+" joins the words of one
    /// choice ("that's|that+is our policy").
    /// </summary>
    public required string Pattern { get; init; }

    public required string Better { get; init; }

    public required string Why { get; init; }
}

/// <summary>The phrasings and the phrases to avoid that coaching draws on.</summary>
public sealed class PhraseLibrary
{
    public PhraseLibrary(IEnumerable<Phrase> phrases, IEnumerable<PhraseToAvoid> avoid)
    {
        Phrases = phrases.ToList();
        Avoid = avoid.ToList();
    }

    public IReadOnlyList<Phrase> Phrases { get; }

    public IReadOnlyList<PhraseToAvoid> Avoid { get; }
}
