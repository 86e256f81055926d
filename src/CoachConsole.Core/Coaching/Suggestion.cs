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
    /// The draft with the clause that holds the phrase ("Please calm down,") replaced by the better
    /// phrasing, so the result reads as written ("I can see this has been really frustrating, I am
    /// checking it now."); the draft as it is when the phrase is no longer where it was found. The
    /// rest of the draft is kept as the agent wrote it; mid-sentence the better phrasing starts in
    /// lower case (but "I" stays "I"), and its closing stop gives way to the comma, semicolon or
    /// colon that ended the clause.
    /// </summary>
    public string ReplaceIn(string draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (Start < 0 || Start + Length > draft.Length || !draft.AsSpan(Start, Length).SequenceEqual(Found))
        {
            return draft;
        }

        // the clause: from the punctuation (or line break) before the phrase to the one after it
        var from = Start;
        while (from > 0 && !EndsClause(draft[from - 1]))
        {
            from--;
        }

        while (from < Start && char.IsWhiteSpace(draft[from]))
        {
            from++;
        }

        var to = Start + Length;
        if (Length > 0 && EndsClause(draft[to - 1]))
        {
            to--;
        }

        while (to < draft.Length && !EndsClause(draft[to]))
        {
            to++;
        }

        var sentenceStarts = from == 0 || PreviousMark(draft, from) is '.' or '!' or '?' or '\n' or '\r';
        var better = Better.Trim();
        if (better.Length == 0)
        {
            return draft;
        }

        if (!sentenceStarts && !(better.Length > 1 && better[0] == 'I' && !char.IsLetter(better[1])))
        {
            better = char.ToLowerInvariant(better[0]) + better[1..];
        }

        // a clause ended by a comma, semicolon or colon keeps that mark; a sentence's end takes the better phrasing's own
        var mark = to < draft.Length ? draft[to] : '\0';
        if (mark is ',' or ';' or ':')
        {
            better = better.TrimEnd('.', '!', '?');
            return string.Concat(draft.AsSpan(0, from), better, draft.AsSpan(to));
        }

        var rest = mark is '.' or '!' or '?' ? draft.AsSpan(to + 1) : draft.AsSpan(to);
        if (mark is '.' or '!' or '?' && better[^1] is not ('.' or '!' or '?'))
        {
            better += mark;
        }

        return string.Concat(draft.AsSpan(0, from), better, rest);
    }

    private static bool EndsClause(char c) => c is ',' or ';' or ':' or '.' or '!' or '?' or '\n' or '\r';

    /// <summary>The punctuation or line break before the clause starting at <paramref name="clause"/>.</summary>
    private static char PreviousMark(string draft, int clause)
    {
        for (var i = clause - 1; i >= 0; i--)
        {
            if (!char.IsWhiteSpace(draft[i]) || draft[i] is '\n' or '\r')
            {
                return draft[i];
            }
        }

        return '\0';
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
