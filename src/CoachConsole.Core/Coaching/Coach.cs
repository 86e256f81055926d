using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;

namespace CoachConsole.Core.Coaching;

/// <summary>What one turn did to a conversation.</summary>
public sealed record TurnOutcome(
    SignalReading Reading,
    IReadOnlyList<StageTransition> Transitions,
    IReadOnlyList<Suggestion> Suggestions,
    bool SuggestionsChanged);

/// <summary>
/// The per-turn path shared by the web host and the command line: read the utterance, move the
/// stage machine, choose the cards.
/// </summary>
public sealed class Coach
{
    private readonly ISignalReader _reader;
    private readonly Func<PhraseLibrary> _library;

    public Coach(ISignalReader reader, Func<PhraseLibrary> library)
    {
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _library = library ?? throw new ArgumentNullException(nameof(library));
    }

    public ISignalReader Reader => _reader;

    /// <param name="conversation">The conversation, changed in place.</param>
    /// <param name="speaker">Who spoke.</param>
    /// <param name="text">What they said, at most <see cref="ISignalReader.MaxLength"/> characters.</param>
    /// <param name="at">When the turn was accepted.</param>
    /// <param name="lastCustomerReading">The customer's latest reading before this turn.</param>
    /// <param name="agentTexts">What the agent has said so far, so no card repeats it.</param>
    /// <param name="usedPhraseId">The card the agent used for this turn, if any.</param>
    public TurnOutcome Process(
        Conversation conversation,
        Speaker speaker,
        string text,
        DateTimeOffset at,
        SignalReading lastCustomerReading,
        IReadOnlyList<string> agentTexts,
        string? usedPhraseId = null)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(agentTexts);
        var reading = _reader.Read(speaker, text);
        if (speaker == Speaker.Agent)
        {
            // the library's phrases to avoid are the one list, for the reading as for the draft check
            reading = AvoidMatcher.For(_library()).AddTo(reading, text, _reader.MaxLength);
        }

        IReadOnlyList<StageTransition> moves;
        if (speaker == Speaker.Customer)
        {
            moves = conversation.CustomerSaid(reading, at);
            lastCustomerReading = reading;
        }
        else
        {
            var used = conversation.Suggestions.Where(card => card.PhraseId == usedPhraseId || SaidIt(text, card.Text)).ToList();
            var made = used.Aggregate(SignalKind.None, (moves, card) => moves | MoveOf(card.Category));
            if ((reading.Signals & made) != made)
            {
                // a card used is the move it makes, whatever its wording: the ladder card states the step
                reading = reading with { Signals = reading.Signals | made };
            }

            moves = conversation.AgentSaid(reading, at);
            foreach (var card in used)
            {
                conversation.MarkPhraseUsed(card.PhraseId);
            }

            agentTexts = [.. agentTexts, text];
        }

        return Recoach(conversation, lastCustomerReading, agentTexts, reading, moves, afterCustomerTurn: speaker == Speaker.Customer);
    }

    /// <summary>
    /// The agent used a card without a turn (on a call, said aloud): it is not suggested again, and
    /// the ladder card states the step as it would in a sent turn.
    /// </summary>
    public TurnOutcome CardSaid(Conversation conversation, string phraseId, DateTimeOffset at, SignalReading lastCustomerReading)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (conversation.Suggestions.FirstOrDefault(s => s.PhraseId == phraseId) is { } card
            && MoveOf(card.Category) == SignalKind.BoundaryStatement)
        {
            conversation.StateBoundary(at);
        }

        conversation.MarkPhraseUsed(phraseId);
        return Recoach(conversation, lastCustomerReading, []);
    }

    /// <summary>The agent's move that a card of this category makes.</summary>
    public static SignalKind MoveOf(PhraseCategory category) => category switch
    {
        PhraseCategory.Greeting => SignalKind.Greeting,
        PhraseCategory.Empathy => SignalKind.Acknowledgement,
        PhraseCategory.Apology => SignalKind.Apology,
        PhraseCategory.Ownership => SignalKind.Ownership,
        PhraseCategory.ClarifyingQuestion or PhraseCategory.Paraphrase => SignalKind.ClarifyingQuestion,
        PhraseCategory.OfferOptions => SignalKind.OfferOfOptions,
        PhraseCategory.SetExpectations => SignalKind.SetExpectations,
        PhraseCategory.FollowUp => SignalKind.FollowUpPromise,
        PhraseCategory.Closing => SignalKind.ClosingRemark,
        PhraseCategory.Boundary => SignalKind.BoundaryStatement,
        PhraseCategory.Escalation => SignalKind.EscalationOffer,
        _ => SignalKind.None,
    };

    /// <summary>Chooses the cards again after a change that was not a turn (a timer, an escalation).</summary>
    public TurnOutcome Recoach(
        Conversation conversation,
        SignalReading lastCustomerReading,
        IReadOnlyList<string> agentTexts,
        SignalReading? reading = null,
        IReadOnlyList<StageTransition>? moves = null,
        bool afterCustomerTurn = false)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var engine = new SuggestionEngine(_library());
        var used = conversation.UsedPhraseIds.ToHashSet(StringComparer.Ordinal);
        var cards = engine.Suggest(new CoachingContext(conversation, lastCustomerReading, conversation.AgentName, used, agentTexts) { AfterCustomerTurn = afterCustomerTurn });
        var changed = !cards.Select(c => c.PhraseId).SequenceEqual(conversation.Suggestions.Select(c => c.PhraseId), StringComparer.Ordinal)
            || !cards.Select(c => c.Text).SequenceEqual(conversation.Suggestions.Select(c => c.Text), StringComparer.Ordinal);
        conversation.ShowSuggestions(cards, afterCustomerTurn);
        return new TurnOutcome(reading ?? SignalReading.Empty, moves ?? [], cards, changed);
    }

    private static bool SaidIt(string said, string card) =>
        said.Contains(card, StringComparison.OrdinalIgnoreCase)
        || card.Contains(said.Trim(), StringComparison.OrdinalIgnoreCase) && said.Trim().Length >= card.Length / 2;
}
