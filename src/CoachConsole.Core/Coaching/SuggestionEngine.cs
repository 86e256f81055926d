using System.Text;
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

    private static readonly (Stage Stage, string Rule)[] StageRules =
    [
        (Stage.Opening, "greet and take the issue"),
        (Stage.Listening, "let the customer vent; a short listening cue, no solutions yet"),
        (Stage.Acknowledging, "acknowledge the feeling, apologise and take ownership"),
        (Stage.Clarifying, "ask the pertinent questions and repeat back what you understood"),
        (Stage.Resolving, "offer concrete options and let the customer choose"),
        (Stage.Confirming, "make sure the chosen solution is accepted"),
        (Stage.Closing, "thank, summarise and agree the follow-up"),
        (Stage.BoundarySetting, "name the behaviour and restate that you want to help"),
        (Stage.Escalating, "explain why a supervisor can help and arrange it"),
    ];

    private readonly PhraseLibrary _library;

    public SuggestionEngine(PhraseLibrary library)
    {
        _library = library ?? throw new ArgumentNullException(nameof(library));
    }

    public IReadOnlyList<Suggestion> Suggest(CoachingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var conversation = context.Conversation;
        var stage = conversation.Stage;
        if (stage is Stage.Ended or Stage.SupervisorEngaged)
        {
            return [];
        }

        var reading = context.LastCustomerReading;
        // One listening cue while the customer vents; one script for the current ladder step.
        var budget = stage is Stage.Listening or Stage.BoundarySetting ? 1 : MaxCards;
        var candidates = _library.Phrases
            .Where(p => p.Stage == stage && p.SuitsChannel(conversation.Channel) && p.SuitsTeam(conversation.TeamId))
            .Where(p => stage != Stage.BoundarySetting || p.LadderStep == conversation.BoundaryStep)
            .Where(p => !context.UsedPhraseIds.Contains(p.Id))
            .Where(p => p.Signal == SignalKind.None || reading.Has(p.Signal))
            .Select(p => (Phrase: p, Score: Score(p, reading, conversation)))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Phrase.Id, StringComparer.Ordinal)
            .Select(x => x.Phrase)
            .ToList();

        // First one card per category, so three cards give three different moves; then the rest.
        var cards = new List<Suggestion>(budget);
        var categories = new HashSet<PhraseCategory>();
        foreach (var spread in new[] { true, false })
        {
            foreach (var phrase in candidates)
            {
                if (cards.Count == budget)
                {
                    break;
                }

                if ((spread && categories.Contains(phrase.Category)) || cards.Any(c => c.PhraseId == phrase.Id))
                {
                    continue;
                }

                var text = Fill(phrase.Text, conversation, context.AgentName);
                if (text is null || AlreadySaid(text, context.AgentTexts))
                {
                    continue;
                }

                categories.Add(phrase.Category);
                cards.Add(new Suggestion(phrase.Id, phrase.Version, phrase.Category, text, ReasonFor(phrase, stage, reading, conversation), phrase.LadderStep));
            }
        }

        return cards;
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

    /// <summary>Fills the placeholders from the parts of a conversation; null when one cannot be filled.</summary>
    public static string? FillView(string template, string customerName, string agentName, string issueSummary, IReadOnlyList<string> options)
    {
        ArgumentNullException.ThrowIfNull(template);
        var failed = false;
        var filled = Placeholder().Replace(template, m =>
        {
            var value = m.Groups[1].Value.ToLowerInvariant() switch
            {
                "customer" => FirstName(customerName),
                "agent" => FirstName(agentName),
                "issue" => issueSummary.Trim().TrimEnd('.'),
                "options" => JoinOptions(options),
                _ => null,
            };
            if (string.IsNullOrWhiteSpace(value))
            {
                failed = true;
                return m.Value;
            }

            return value;
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

        return score;
    }

    private static SuggestionReason ReasonFor(Phrase phrase, Stage stage, SignalReading reading, Conversation conversation)
    {
        var rule = StageRules.First(r => r.Stage == stage).Rule;
        if (stage == Stage.BoundarySetting)
        {
            rule = conversation.BoundaryStep >= Conversation.PolicyEndStep
                ? "the ladder is exhausted: transfer or end under the policy"
                : $"boundary ladder step {conversation.BoundaryStep} of 3";
        }

        // The reason names the customer's words only when they are why this card was chosen:
        // the signal the phrase answers, or the heat for the stages that exist because of it.
        var signal = SignalKind.None;
        IReadOnlyList<string> cues = [];
        if (phrase.Signal != SignalKind.None && reading.Has(phrase.Signal))
        {
            signal = phrase.Signal;
            cues = reading.CuesFor(signal).Take(3).ToList();
        }
        else if (stage is Stage.BoundarySetting && reading.Has(SignalKind.Abuse))
        {
            signal = SignalKind.Abuse;
            cues = reading.CuesFor(signal).Take(3).ToList();
        }
        else if (stage is Stage.Listening or Stage.Acknowledging && reading.IsHot)
        {
            signal = SignalKind.Venting;
            cues = reading.CuesFor(SignalKind.None).Take(3).ToList();
        }

        return new SuggestionReason(stage, signal, cues, rule);
    }

    private static bool AlreadySaid(string text, IReadOnlyList<string> agentTexts)
    {
        if (agentTexts.Count == 0)
        {
            return false;
        }

        var normalised = Normalise(text);
        return agentTexts.Any(said => Normalise(said).Contains(normalised, StringComparison.Ordinal));
    }

    private static string Normalise(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (char.IsLetterOrDigit(ch))
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
        }

        return sb.ToString();
    }

    private static string FirstName(string name)
    {
        var trimmed = name.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? trimmed[..space] : trimmed;
    }

    private static string? JoinOptions(IReadOnlyList<string> options) => options.Count switch
    {
        0 => null,
        1 => options[0],
        _ => string.Join(", ", options.Take(options.Count - 1)) + " or " + options[^1],
    };

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
