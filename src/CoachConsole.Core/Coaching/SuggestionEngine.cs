using System.Text.RegularExpressions;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;

namespace CoachConsole.Core.Coaching;

/// <summary>
/// Chooses the coaching cards for a conversation's current stage from the phrase library:
/// by stage, by the customer's latest signals, by channel and by team; fills the placeholders;
/// never repeats what the agent already said; at most <see cref="MaxCards"/> cards.
/// </summary>
public sealed partial class SuggestionEngine
{
    public const int MaxCards = 3;

    private readonly PhraseLibrary _library;

    public SuggestionEngine(PhraseLibrary library)
    {
        _library = library ?? throw new ArgumentNullException(nameof(library));
    }

    /// <summary>A card on screen this many customer turns in a row, unused, gives way to the next best.</summary>
    public const int MaxShownTurns = 2;

    public IReadOnlyList<Suggestion> Suggest(CoachingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var conversation = context.Conversation;
        var reading = context.LastCustomerReading;
        var plan = CardPlan.For(conversation, reading);
        if (plan.Moves.Count == 0)
        {
            return [];
        }

        var cards = new List<Suggestion>(MaxCards);
        var seed = Seed(conversation.Id);
        var said = Normalised(context.AgentTexts);
        foreach (var move in plan.Moves)
        {
            if (cards.Count == MaxCards)
            {
                break;
            }

            var best = Best(move, context, said, cards, seed);
            if (best is { } chosen)
            {
                var (phrase, text) = chosen;
                cards.Add(new Suggestion(
                    phrase.Id, phrase.Version, phrase.Category, text, ReasonFor(phrase, plan, reading, conversation), phrase.LadderStep,
                    ShownTurns(conversation, phrase.Id, context.AfterCustomerTurn)));
            }
        }

        return cards;
    }

    /// <summary>
    /// The best phrasing of one move: made for the customer's signal, promoted by a trainer,
    /// naming the connector's options, written for the channel and the stage; a phrasing not yet
    /// shown in this conversation before one already seen, and variants taking turns across
    /// conversations. Never one the agent used or already said, nor one on screen for
    /// <see cref="MaxShownTurns"/> customer turns already.
    /// </summary>
    /// <summary>Whether a phrase is already among the cards chosen (a plain loop: it runs for every phrase of every turn).</summary>
    private static bool IsChosen(List<Suggestion> chosen, string phraseId)
    {
        foreach (var card in chosen)
        {
            if (card.PhraseId == phraseId)
            {
                return true;
            }
        }

        return false;
    }

    private (Phrase Phrase, string Text)? Best(PhraseCategory move, CoachingContext context, string[] said, List<Suggestion> chosen, uint seed)
    {
        var conversation = context.Conversation;
        var reading = context.LastCustomerReading;
        (Phrase Phrase, string Text)? best = null;
        var bestScore = int.MinValue;
        var bestTie = 0u;
        foreach (var p in _library.Phrases)
        {
            if (p.Category != move || !p.SuitsChannel(conversation.Channel) || !p.SuitsTeam(conversation.TeamId)
                || context.UsedPhraseIds.Contains(p.Id) || (p.Signal != SignalKind.None && !reading.Has(p.Signal))
                || (move == PhraseCategory.Boundary && p.LadderStep != conversation.BoundaryStep)
                || IsChosen(chosen, p.Id))
            {
                continue;
            }

            if (context.AfterCustomerTurn && ShownTurns(conversation, p.Id, afterCustomerTurn: false) >= MaxShownTurns)
            {
                continue;
            }

            var score = Score(p, reading, conversation);
            var tie = Tie(seed, p.Id);
            if (best is not null && (score < bestScore || (score == bestScore && tie >= bestTie)))
            {
                continue;
            }

            var text = Fill(p.Text, conversation, context.AgentName);
            if (text is null || AlreadySaid(text, said))
            {
                continue;
            }

            best = (p, text);
            bestScore = score;
            bestTie = tie;
        }

        return best;
    }

    /// <summary>The customer turns in a row, up to the last, at which the card was on screen (with this one when it answers a customer turn).</summary>
    private static int ShownTurns(Conversation conversation, string phraseId, bool afterCustomerTurn)
    {
        var streak = 0;
        if (conversation.CardsAtLastTurn.Contains(phraseId, StringComparer.Ordinal))
        {
            streak = conversation.CardsAtTurnBefore.Contains(phraseId, StringComparer.Ordinal) ? 2 : 1;
        }

        return afterCustomerTurn ? streak + 1 : streak;
    }

    /// <summary>The conversation's part of <see cref="Tie"/>, hashed once per choice.</summary>
    private static uint Seed(Guid conversation)
    {
        Span<byte> bytes = stackalloc byte[16];
        conversation.TryWriteBytes(bytes);
        var h = 2166136261u;
        foreach (var b in bytes)
        {
            h = (h ^ b) * 16777619u;
        }

        return h;
    }

    /// <summary>A stable order of equally good variants that differs between conversations.</summary>
    private static uint Tie(uint seed, string phraseId)
    {
        var h = seed;
        foreach (var ch in phraseId)
        {
            h = (h ^ ch) * 16777619u;
        }

        return h;
    }

    /// <summary>The phrases to avoid in an agent's draft, each with a better phrasing.</summary>
    public IReadOnlyList<AvoidFinding> CheckDraft(string draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return [.. AvoidMatcher.For(_library).Find(draft).Select(m => new AvoidFinding(m.Avoid.Id, m.Start, m.Length, m.Text, m.Avoid.Better, m.Avoid.Why))];
    }

    /// <summary>Fills the placeholders; null when one cannot be filled, so no card shows a brace.</summary>
    public static string? Fill(string template, Conversation conversation, string agentName)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return FillView(template, conversation.CustomerName, agentName, conversation.IssueSummary, conversation.Options);
    }

    private enum FilledPart
    {
        Customer,
        Agent,
        Issue,
    }

    /// <summary>Most names and issues remembered as filled in; past it the memory starts again.</summary>
    private const int FilledMemory = 20_000;

    /// <summary>
    /// What a name or an issue becomes in a card, worked out once: every candidate phrasing of every
    /// turn of a conversation fills the same customer, agent and issue.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(FilledPart Part, string Text), string?> Filled = new();

    private static string? FilledOnce(FilledPart part, string? text)
    {
        if (text is null)
        {
            return Compute(part, text);
        }

        if (Filled.TryGetValue((part, text), out var value))
        {
            return value;
        }

        value = Compute(part, text);
        if (Filled.Count >= FilledMemory)
        {
            Filled.Clear();
        }

        Filled[(part, text)] = value;
        return value;

        static string? Compute(FilledPart part, string? text) => part switch
        {
            FilledPart.Customer => Placeholders.Person(text),
            FilledPart.Agent => Placeholders.GivenName(text),
            _ => Placeholders.Issue(text),
        };
    }

    /// <summary>Fills the placeholders from the parts of a conversation; null when one cannot be filled.</summary>
    public static string? FillView(string template, string customerName, string agentName, string issueSummary, IReadOnlyList<string> options)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (!template.Contains('{', StringComparison.Ordinal))
        {
            // Nothing to fill: most phrasings of a turn's candidates.
            return template;
        }

        var failed = false;
        var filled = Placeholder().Replace(template, m =>
        {
            var value = m.Groups[1].Value.ToLowerInvariant() switch
            {
                "customer" => FilledOnce(FilledPart.Customer, customerName),
                "agent" => FilledOnce(FilledPart.Agent, agentName),
                "issue" => FilledOnce(FilledPart.Issue, issueSummary),
                "options" => Placeholders.Options(options),
                _ => null,
            };
            if (string.IsNullOrWhiteSpace(value))
            {
                failed = true;
                return m.Value;
            }

            return Placeholders.StartsSentence(template, m.Index) ? Placeholders.Capitalised(value) : value;
        });
        return failed ? null : filled;
    }

    private static int Score(Phrase phrase, SignalReading reading, Conversation conversation)
    {
        // A phrase made for the customer's signal answers it better than a general one.
        var score = phrase.Signal != SignalKind.None && reading.Has(phrase.Signal) ? 10 : 0;

        // A phrasing the trainers promoted (it calms customers) comes before its siblings.
        if (phrase.Featured)
        {
            score += 5;
        }

        // Naming the actual options beats a general offer when the connector gave them.
        if (conversation.Options.Count > 0 && phrase.Text.Contains("{options}", StringComparison.Ordinal))
        {
            score += 3;
        }

        if (phrase.Channel == conversation.Channel)
        {
            score += 2;
        }

        if (phrase.Stage == conversation.Stage)
        {
            score += 2;
        }

        // Variants take turns: a phrasing already shown in this conversation comes after a fresh one.
        if (conversation.ShownPhraseIds.Contains(phrase.Id, StringComparer.Ordinal))
        {
            score -= 6;
        }

        return score;
    }

    private static SuggestionReason ReasonFor(Phrase phrase, CardPlan plan, SignalReading reading, Conversation conversation)
    {
        var stage = conversation.Stage;

        // The reason names the customer's words only when they are why this card was chosen:
        // the signal the phrase answers, or the heat for the moves that exist because of it.
        var signal = SignalKind.None;
        IReadOnlyList<string> cues = [];
        if (phrase.Signal != SignalKind.None && reading.Has(phrase.Signal))
        {
            signal = phrase.Signal;
        }
        else if (stage is Stage.BoundarySetting && reading.Has(SignalKind.Abuse))
        {
            signal = SignalKind.Abuse;
        }
        else if (phrase.Category == PhraseCategory.Escalation && reading.Has(SignalKind.ManagerRequest))
        {
            signal = SignalKind.ManagerRequest;
        }
        else if (phrase.Category is PhraseCategory.Closing or PhraseCategory.FollowUp or PhraseCategory.ConfirmSolution && reading.Has(SignalKind.Thanks))
        {
            signal = SignalKind.Thanks;
        }
        else if (phrase.Category == PhraseCategory.Retention && reading.Has(SignalKind.ThreatToLeave))
        {
            signal = SignalKind.ThreatToLeave;
        }
        else if (phrase.Category is PhraseCategory.ListeningCue or PhraseCategory.Empathy or PhraseCategory.Apology && reading.IsHot)
        {
            signal = SignalKind.Venting;
            cues = reading.CuesFor(SignalKind.None).Take(3).ToList();
        }

        if (signal is not (SignalKind.None or SignalKind.Venting))
        {
            cues = reading.CuesFor(signal).Take(3).ToList();
        }

        return new SuggestionReason(stage, signal, cues, plan.Rule);
    }

    /// <summary>Whether the agent's texts (normalised once a turn) already hold the phrasing.</summary>
    private static bool AlreadySaid(string text, string[] said)
    {
        if (said.Length == 0)
        {
            return false;
        }

        var normalised = Normalise(text);
        foreach (var agentText in said)
        {
            if (agentText.Contains(normalised, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] Normalised(IReadOnlyList<string> texts)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        var normalised = new string[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            normalised[i] = Normalise(texts[i]);
        }

        return normalised;
    }

    /// <summary>Letters and digits only, in lower case: what "already said" compares.</summary>
    private static string Normalise(string text)
    {
        const int OnTheStack = 512;
        var buffer = text.Length <= OnTheStack ? stackalloc char[OnTheStack] : new char[text.Length];
        var length = 0;
        foreach (var ch in text)
        {
            if (char.IsLetterOrDigit(ch))
            {
                buffer[length++] = char.ToLowerInvariant(ch);
            }
        }

        return new string(buffer[..length]);
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
