using System.Text.RegularExpressions;
using CoachConsole.Core.Conversations;

namespace CoachConsole.Core.Signals;

/// <summary>
/// Reads signals from cue phrases: each signal has a list of phrases, and heat is the sum of
/// word weights, boosted by shouting and repeated punctuation. Every finding names its cue.
/// </summary>
public sealed partial class SignalReader : ISignalReader
{
    private static readonly (SignalKind Signal, Speaker Speaker, Regex Pattern)[] Rules =
    [
        (SignalKind.Abuse, Speaker.Customer, Cue(@"you(?:'re| are) (?:an? )?(?:useless|idiot|stupid|incompetent|moron|pathetic|clown)|\bidiot\b|\bmoron\b|shut up|screw you|f\*+k you|fuck you")),
        (SignalKind.ManagerRequest, Speaker.Customer, Cue(@"\b(?:manager|supervisor|your boss|someone in charge|real person|a human)\b")),
        (SignalKind.Acceptance, Speaker.Customer, Cue(@"\b(?:that works|sounds good|ok(?:ay)? let'?s do|i'?ll take|yes,? please|that'?s fine|go ahead)\b")),
        (SignalKind.Rejection, Speaker.Customer, Cue(@"\b(?:not good enough|that doesn'?t help|no way|not acceptable|unacceptable|i don'?t want (?:that|a)|that'?s not what i)\b")),
        (SignalKind.Calming, Speaker.Customer, Cue(@"\b(?:thanks?|thank you|appreciate|relieved|that helps|great)\b")),
        (SignalKind.ThreatToLeave, Speaker.Customer, Cue(@"\b(?:cancel (?:my|the) (?:account|subscription)|switch(?:ing)? to|leave a review|going to the press|post (?:this|about)|lawyer)\b")),
        (SignalKind.RepeatContact, Speaker.Customer, Cue(@"\b(?:(?:third|fourth|fifth|second) time|called (?:three|four|five|\d+) times|again and again|already (?:called|told))\b")),
        (SignalKind.Acknowledgement, Speaker.Agent, Cue(@"\b(?:i understand|i hear you|i can see|that sounds|i can imagine|you'?re right to|that must be|i get why)\b")),
        (SignalKind.Apology, Speaker.Agent, Cue(@"\b(?:i'?m (?:so |really |very )?sorry|i apologi[sz]e|my apologies)\b")),
        (SignalKind.ClarifyingQuestion, Speaker.Agent, Cue(@"\b(?:could you tell me|can you tell me|when did|which|what happened|so if i understand|just to confirm|do you mean)\b")),
        (SignalKind.OfferOfOptions, Speaker.Agent, Cue(@"\b(?:i can offer|you can choose|we could|one option|two options|either .* or|would you prefer|would you like)\b")),
        (SignalKind.BoundaryStatement, Speaker.Agent, Cue(@"\b(?:i want to help|i'?m not able to continue|if the language continues|please keep this respectful)\b")),
        (SignalKind.EscalationOffer, Speaker.Agent, Cue(@"\b(?:my supervisor|a supervisor|my manager|escalate)\b")),
        (SignalKind.FollowUpPromise, Speaker.Agent, Cue(@"\b(?:i'?ll (?:call|email|get back)|follow up|by tomorrow|i will (?:call|email))\b")),
        (SignalKind.PhraseToAvoid, Speaker.Agent, Cue(@"\b(?:calm down|nothing (?:we|i) can do|not my problem|as i already said|you should have|that'?s our policy)\b")),
    ];

    private static readonly Dictionary<string, double> HeatWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["angry"] = 0.5,
        ["furious"] = 0.7,
        ["ridiculous"] = 0.5,
        ["unacceptable"] = 0.5,
        ["terrible"] = 0.4,
        ["awful"] = 0.4,
        ["worst"] = 0.5,
        ["hate"] = 0.5,
        ["useless"] = 0.5,
        ["disgusting"] = 0.6,
        ["fed"] = 0.3,
        ["sick"] = 0.3,
        ["annoyed"] = 0.4,
        ["frustrated"] = 0.4,
        ["frustrating"] = 0.4,
        ["broken"] = 0.2,
        ["again"] = 0.1,
        ["never"] = 0.15,
        ["joke"] = 0.3,
        ["scam"] = 0.6,
        ["damn"] = 0.4,
        ["fuck"] = 0.7,
        ["fucking"] = 0.7,
        ["shit"] = 0.5,
        ["crap"] = 0.4,
        ["waste"] = 0.3,
        ["waited"] = 0.2,
        ["thanks"] = -0.4,
        ["thank"] = -0.4,
        ["great"] = -0.3,
        ["appreciate"] = -0.4,
        ["happy"] = -0.3,
        ["love"] = -0.3,
        ["perfect"] = -0.4,
        ["good"] = -0.2,
        ["relieved"] = -0.4,
    };

    public int MaxLength => 4000;

    public SignalReading Read(Speaker speaker, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            text = text[..MaxLength];
        }

        var cues = new List<Cue>();
        var signals = SignalKind.None;
        foreach (var (signal, who, pattern) in Rules)
        {
            if (who != speaker)
            {
                continue;
            }

            foreach (Match m in pattern.Matches(text))
            {
                signals |= signal;
                cues.Add(new Cue(signal, m.Index, m.Length, m.Value));
            }
        }

        var heat = 0.0;
        foreach (Match m in WordPattern().Matches(text))
        {
            if (HeatWords.TryGetValue(m.Value, out var weight))
            {
                heat += weight;
                cues.Add(new Cue(SignalKind.None, m.Index, m.Length, m.Value));
            }
            else if (m.Length > 2 && m.Value.All(char.IsUpper))
            {
                heat += 0.15;
                cues.Add(new Cue(SignalKind.None, m.Index, m.Length, m.Value));
            }
        }

        foreach (Match m in ShoutPunctuation().Matches(text))
        {
            heat += 0.2;
            cues.Add(new Cue(SignalKind.None, m.Index, m.Length, m.Value));
        }

        if (signals.HasFlag(SignalKind.Abuse))
        {
            heat += 0.5;
        }

        heat = Math.Clamp(heat, -1, 1);
        var mood = heat switch
        {
            >= 0.6 => Mood.Angry,
            >= 0.3 => Mood.Annoyed,
            <= -0.2 => Mood.Positive,
            _ => Mood.Neutral,
        };
        if (speaker == Speaker.Customer && mood is Mood.Annoyed or Mood.Angry)
        {
            signals |= SignalKind.Venting;
        }

        return new SignalReading(Math.Max(0, heat), mood, signals, cues);
    }

    private static Regex Cue(string pattern) =>
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));

    [GeneratedRegex(@"[\p{L}']+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"[!?]{2,}")]
    private static partial Regex ShoutPunctuation();
}
