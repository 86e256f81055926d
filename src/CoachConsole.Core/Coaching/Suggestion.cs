using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;

namespace CoachConsole.Core.Coaching;

/// <summary>Why a card is on the agent's screen.</summary>
/// <param name="Stage">The stage the card fits.</param>
/// <param name="Signal">The customer signal it answers, if any.</param>
/// <param name="Cues">The words in the customer's turn that raised that signal.</param>
/// <param name="Rule">The coaching rule that chose it, in plain words.</param>
public sealed record SuggestionReason(Stage Stage, SignalKind Signal, IReadOnlyList<string> Cues, string Rule)
{
    public override string ToString()
    {
        var why = $"{Stage}: {Rule}";
        return Cues.Count == 0 ? why : $"{why}; the customer said \"{string.Join("\", \"", Cues)}\"";
    }
}

/// <summary>A coaching card: a filled phrasing, why it is shown, and where it came from.</summary>
/// <param name="PhraseId">The library phrase.</param>
/// <param name="PhraseVersion">The phrase's version when it was chosen.</param>
/// <param name="Category">The move the card makes.</param>
/// <param name="Text">The phrasing with its placeholders filled.</param>
/// <param name="Reason">Why it is shown.</param>
/// <param name="LadderStep">For boundary scripts, the ladder step.</param>
/// <param name="ShownTurns">How many customer turns in a row the card has been on screen.</param>
public sealed record Suggestion(string PhraseId, int PhraseVersion, PhraseCategory Category, string Text, SuggestionReason Reason, int? LadderStep = null, int ShownTurns = 0);

/// <summary>A phrase to avoid found in an agent's draft, with the better way to say it.</summary>
public sealed record AvoidFinding(string Id, int Start, int Length, string Found, string Better, string Why)
{
    /// <summary>
    /// The draft with the phrase replaced by the better one; the draft as it is when the phrase is
    /// no longer where it was found. The better phrasing's closing stop gives way to punctuation the
    /// agent already wrote after the phrase ("calm down," does not become "frustrating.,").
    /// </summary>
    public string ReplaceIn(string draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (Start < 0 || Start + Length > draft.Length || !draft.AsSpan(Start, Length).SequenceEqual(Found))
        {
            return draft;
        }

        var after = draft.AsSpan(Start + Length);
        var better = Better.AsSpan();
        if (after.Length > 0 && after[0] is ',' or '.' or ';' or ':' or '!' or '?' && better.Length > 0 && better[^1] is '.' or '!' or '?')
        {
            better = better[..^1];
        }

        return string.Concat(draft.AsSpan(0, Start), better, after);
    }
}

/// <summary>What the engine knows about the conversation when it chooses cards.</summary>
public sealed record CoachingContext(
    Conversation Conversation,
    SignalReading LastCustomerReading,
    string AgentName,
    IReadOnlySet<string> UsedPhraseIds,
    IReadOnlyList<string> AgentTexts)
{
    /// <summary>The cards are chosen right after a customer turn (a card's time on screen counts these).</summary>
    public bool AfterCustomerTurn { get; init; }
}
