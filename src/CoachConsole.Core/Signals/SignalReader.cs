using System.Collections.Frozen;
using System.Runtime.InteropServices;
using CoachConsole.Core.Conversations;

namespace CoachConsole.Core.Signals;

/// <summary>
/// The signal reader. One tokenising pass (<see cref="Tokenizer"/>), then dictionary lookups:
/// words are normalised (chat spellings, stretched words, masked swearing, misspelt key words),
/// negation and intensifier scopes are marked, cue phrases are matched with a word trie
/// (<see cref="PhraseRules"/>), abuse is told from swearing by who it is aimed at, and heat and
/// calming come from small learned linear models over the same word features
/// (<see cref="LinearModel"/>), whose top contributing words are reported as cues.
/// Stateless after start-up: one instance can be shared by every thread.
/// </summary>
public sealed class SignalReader : ISignalReader
{
    internal const string HeatResource = "CoachConsole.Core.Signals.Model.heat.tsv";
    internal const string CalmingResource = "CoachConsole.Core.Signals.Model.calming.tsv";

    /// <summary>Heat labels, in the order of the heat model's outputs.</summary>
    public static readonly string[] HeatLabels = ["positive", "neutral", "annoyed", "angry"];

    /// <summary>Calming labels, in the order of the calming model's outputs.</summary>
    public static readonly string[] CalmingLabels = ["not_calming", "calming"];

    private static readonly LinearModel HeatModel = LinearModel.FromResource(HeatResource, HeatLabels);
    private static readonly LinearModel CalmingModel = LinearModel.FromResource(CalmingResource, CalmingLabels);

    /// <summary>
    /// Label offsets added to the heat model's scores: the training comments are mostly calm,
    /// live support chats are not, so the prior is moved toward the upset labels. Chosen by
    /// five-fold cross-validation on the training comments, weighted to the labels' mix where
    /// the reader is used (<c>coach train --cv 5 --mix-heat ...</c>).
    /// </summary>
    private static readonly double[] HeatOffsets = [0.0, -0.15, 0.45, 0.15];

    /// <summary>
    /// Offset added to the calming score: the training comments are 9% calming, support chats
    /// far more, so the prior is moved toward calming (chosen like the heat offsets).
    /// </summary>
    private const double CalmingOffset = 0.65;

    /// <summary>Probability of calming (after the offset) above which the Calming flag is raised.</summary>
    private const double CalmingThreshold = 0.5;

    /// <summary>
    /// Contribution (in log-odds, positive over neutral) of the strongest word that a positive
    /// reading of a customer needs when nothing else in the message is positive.
    /// </summary>
    private const double PositiveCueThreshold = 0.75;

    /// <summary>Contribution (in log-odds) a word needs to be named as a heat or calming cue.</summary>
    private const double CueThreshold = 0.25;

    /// <summary>
    /// Hand-set heat weights (positive, neutral, annoyed, angry) added on top of the learned ones
    /// for what the training comments rarely show: shouting punctuation, angry and friendly emoji,
    /// and polite requests ("could you", "please"), which in support chats are calm.
    /// </summary>
    private static readonly FrozenDictionary<string, float[]> RuleHeat = new Dictionary<string, float[]>(StringComparer.Ordinal)
    {
        ["_!!"] = [-0.3f, -0.3f, 0.3f, 0.3f],
        ["_?!"] = [-0.3f, -0.4f, 0.5f, 0.3f],
        ["_??"] = [-0.2f, -0.2f, 0.3f, 0.1f],
        ["_emo-"] = [-0.6f, -0.6f, 0.6f, 0.9f],
        ["_emo+"] = [0.8f, 0f, -0.3f, -0.5f],
        ["_polite"] = [0f, 0.8f, -0.6f, -0.6f],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Heat weights (4) and calming weights (2) per feature, so one lookup serves both models.</summary>
    private static readonly WeightTable Combined = BuildCombined();

    /// <summary>Every word of the reader's lexicons with its word classes: one lookup per word.</summary>
    private static readonly FrozenDictionary<string, WordInfo> Known = BuildKnown();

    private static readonly string[] MaskTargets =
    [
        .. Lexicon.StrongProfanity.OrderBy(w => w, StringComparer.Ordinal),
        .. Lexicon.Profanity.Except(Lexicon.StrongProfanity).OrderBy(w => w, StringComparer.Ordinal),
    ];

    private static readonly FrozenSet<string> Addressees = Lexicon.SecondPerson
        .Concat(["bot", "chatbot", "robot", "program", "computer", "machine", "assistant"])
        .ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Determiners =
        new[] { "my", "the", "this", "that", "his", "her", "their", "our", "its", "these", "those", "which", "when", "if", "because", "but", "and" }
            .ToFrozenSet(StringComparer.Ordinal);

    public int MaxLength => 4000;

    public SignalReading Read(Speaker speaker, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var a = Analyze(text, MaxLength);
        var cues = new List<Cue>();
        var signals = SignalKind.None;

        var matches = speaker == Speaker.Customer ? a.CustomerPhrases : a.MatchPhrases(speaker);
        foreach (var (signal, start, count) in matches)
        {
            if (signal == SignalKind.Abuse)
            {
                continue; // abuse is decided with the insult rules, in the analysis
            }

            // a manager request is an ask now: not reported ("the agent said to ask a supervisor"),
            // hypothetical ("perhaps I'll ask for someone") or negated ("I don't want a manager")
            if (signal == SignalKind.ManagerRequest && speaker == Speaker.Customer
                && (a.IsReportedOrHypothetical(start) || a.IsNegatedRequest(start)))
            {
                continue;
            }

            if (signal == SignalKind.Thanks && speaker == Speaker.Customer && !a.IsThanks(start, start + count - 1))
            {
                continue;
            }

            signals |= signal;
            cues.Add(a.CueFor(signal, start, start + count - 1));
        }

        if (speaker == Speaker.Customer)
        {
            foreach (var (first, last) in a.AbuseSpans)
            {
                signals |= SignalKind.Abuse;
                cues.Add(a.CueFor(SignalKind.Abuse, first, last));
            }

            foreach (var w in a.ProfanityWords)
            {
                signals |= SignalKind.Profanity;
                cues.Add(a.CueFor(SignalKind.Profanity, w, w));
            }
        }
        else
        {
            foreach (var w in a.ProfanityWords.Concat(a.AbuseSpans.Select(s => s.First)))
            {
                signals |= SignalKind.PhraseToAvoid;
                cues.Add(a.CueFor(SignalKind.PhraseToAvoid, w, w));
            }

            AgentMoves.Read(text, a, ref signals, cues);
        }

        var features = a.Features;

        // One pass over the features scores both models: heat (with the hand-set rule weights,
        // the prior for upset words the model has not seen, and the label offsets) and calming.
        Span<double> scores = stackalloc double[4];
        Span<double> calm = stackalloc double[2];
        for (var k = 0; k < 4; k++)
        {
            scores[k] = HeatModel.Bias[k] + HeatOffsets[k];
        }

        calm[0] = CalmingModel.Bias[0];
        calm[1] = CalmingModel.Bias[1] + CalmingOffset;
        var found = new float[]?[features.Count];
        var all = CollectionsMarshal.AsSpan(features);
        for (var j = 0; j < all.Length; j++)
        {
            var f = all[j];
            if (Combined.TryGetValue(f.Key, out var w))
            {
                found[j] = w;
                for (var k = 0; k < 4; k++)
                {
                    scores[k] += w[k] * f.Value;
                }

                calm[0] += w[4] * f.Value;
                calm[1] += w[5] * f.Value;
            }
            else if (f.Token >= 0 && Lexicon.HeatPrior.TryGetValue(f.Key, out var prior))
            {
                scores[2] += prior * 0.7 * f.Value;
                scores[3] += prior * f.Value;
            }

            if (f.Token >= 0 && Lexicon.Relief.TryGetValue(f.Key, out var relief))
            {
                calm[1] += relief * f.Value;
            }

            if (f.Key[0] == '_' && RuleHeat.TryGetValue(f.Key, out var rule))
            {
                for (var k = 0; k < 4; k++)
                {
                    scores[k] += rule[k] * f.Value;
                }
            }
        }

        var mood = Argmax(scores);

        // abuse aimed at the agent, threats to leave and repeated contact: at least annoyed,
        // and the phrases that raised it are the heat cues
        const SignalKind raising = SignalKind.Abuse | SignalKind.ThreatToLeave | SignalKind.RepeatContact;
        var raised = false;
        if (speaker == Speaker.Customer && mood < 2
            && (a.HostileAbuse || (signals & (SignalKind.ThreatToLeave | SignalKind.RepeatContact)) != 0))
        {
            mood = 2;
            raised = true;
        }

        // support talk: anger and complaint markers, sarcasm and plain thanks move the mood
        var tone = speaker == Speaker.Customer ? CustomerTone.Read(a, signals) : default;
        if (speaker == Speaker.Customer)
        {
            var positiveCue = StrongestContribution(all, found, 0, 1) >= PositiveCueThreshold;
            mood = CustomerTone.Mood(mood, tone, signals, positiveCue);
        }

        Span<double> p = stackalloc double[4];
        scores.CopyTo(p);
        LinearModel.Softmax(p);
        var heat = mood switch
        {
            0 => 0.2 * (1 - p[0]),
            1 => 0.2 + (0.2 * (p[2] + p[3]) / Math.Max(1e-9, p[1] + p[2] + p[3])),
            2 => 0.4 + (0.3 * (p[2] + p[3])),
            _ => 0.7 + (0.3 * p[3]),
        };
        heat = Math.Clamp(heat, 0, 1);
        var heatCues = mood == 1 ? [] : TopContributors(a, all, found, 0, mood, 1, RuleHeat);
        foreach (var t in heatCues)
        {
            cues.Add(a.CueForToken(SignalKind.None, t));
        }

        if (raised)
        {
            foreach (var c in cues.FindAll(c => (c.Signal & raising) != 0))
            {
                cues.Add(c with { Signal = SignalKind.None });
                if (heatCues.Count == 0)
                {
                    cues.Add(c with { Signal = SignalKind.Venting });
                }
            }
        }

        if (speaker == Speaker.Customer && mood >= 2)
        {
            signals |= SignalKind.Venting;
            if (heatCues.Count == 0 && !raised)
            {
                cues.Add(new Cue(SignalKind.Venting, 0, a.Length, text[..a.Length]));
            }

            foreach (var t in heatCues)
            {
                cues.Add(a.CueForToken(SignalKind.Venting, t));
            }
        }

        // Calming: the learned model decides; its strongest words are the cues.
        LinearModel.Softmax(calm);
        List<Cue>? calmingPhrases = null;
        if (signals.HasFlag(SignalKind.Calming))
        {
            calmingPhrases = cues.FindAll(c => c.Signal == SignalKind.Calming);
            cues.RemoveAll(c => c.Signal == SignalKind.Calming);
            signals &= ~SignalKind.Calming;
        }

        // sarcastic praise or thanks is neither thanks nor calming
        if (tone.Sarcastic)
        {
            signals &= ~SignalKind.Thanks;
            cues.RemoveAll(c => c.Signal == SignalKind.Thanks);
        }

        // accepting what is offered, softening ("sorry for snapping"), or sincere thanks for help
        // given ("thanks, that's sorted", not "thanks in advance") is calming too
        var accepting = speaker == Speaker.Customer && !tone.Sarcastic && mood < 3
            && ((signals & SignalKind.Acceptance) != 0 || calmingPhrases is { Count: > 0 } || a.Apologises()
                || (signals & SignalKind.Thanks) != 0);
        if (speaker == Speaker.Customer && !a.HostileAbuse && !tone.Sarcastic && (calm[1] >= CalmingThreshold || accepting) && !a.ThanksInAdvance())
        {
            signals |= SignalKind.Calming;
            var top = TopContributors(a, all, found, 4, 1, 0, null);
            foreach (var t in top)
            {
                cues.Add(a.CueForToken(SignalKind.Calming, t));
            }

            if (top.Count == 0 && calmingPhrases is not null)
            {
                cues.AddRange(calmingPhrases);
            }
            else if (top.Count == 0)
            {
                cues.AddRange(cues.FindAll(c => c.Signal == SignalKind.Acceptance).Select(c => c with { Signal = SignalKind.Calming }));
            }
        }

        return new SignalReading(heat, (Mood)mood, signals, cues)
        {
            Words = a.Words.Count,
            AsksQuestion = a.Tokens.Exists(t => t.Kind == TokenKind.Shout && t.Norm.Contains('?', StringComparison.Ordinal)),
        };
    }

    /// <summary>
    /// The largest push (in log-odds) one token's features give label <paramref name="label"/>
    /// over <paramref name="against"/> in the heat model.
    /// </summary>
    private static double StrongestContribution(ReadOnlySpan<Feature> features, float[]?[] found, int label, int against)
    {
        var best = 0.0;
        var j = 0;
        while (j < features.Length)
        {
            var token = features[j].Token;
            var sum = 0.0;
            for (; j < features.Length && features[j].Token == token; j++)
            {
                if (found[j] is { } w)
                {
                    sum += (w[label] - w[against]) * features[j].Value;
                }
            }

            if (token >= 0)
            {
                best = Math.Max(best, sum);
            }
        }

        return best;
    }

    private static int Argmax(ReadOnlySpan<double> scores)
    {
        var best = 0;
        for (var k = 1; k < scores.Length; k++)
        {
            if (scores[k] > scores[best])
            {
                best = k;
            }
        }

        return best;
    }

    /// <summary>
    /// Tokens whose features push label <paramref name="label"/> over <paramref name="against"/>
    /// the most (at most three, each above <see cref="CueThreshold"/>), in text order.
    /// </summary>
    private static List<int> TopContributors(
        Analysis analysis,
        ReadOnlySpan<Feature> features, float[]?[] found, int offset, int label, int against, FrozenDictionary<string, float[]>? rules)
    {
        Span<int> tokens = stackalloc int[3];
        Span<double> values = stackalloc double[3];
        var count = 0;
        var j = 0;
        while (j < features.Length)
        {
            // features of one token are adjacent: sum them
            var token = features[j].Token;
            var sum = 0.0;
            for (; j < features.Length && features[j].Token == token; j++)
            {
                var f = features[j];
                if (found[j] is { } w)
                {
                    sum += (w[offset + label] - w[offset + against]) * f.Value;
                }

                if (rules is not null && f.Key[0] == '_' && rules.TryGetValue(f.Key, out var r))
                {
                    sum += (r[label] - r[against]) * f.Value;
                }
            }

            if (token < 0 || !analysis.CanBeCue(token))
            {
                continue;
            }

            var existing = tokens[..count].IndexOf(token);
            if (existing >= 0)
            {
                values[existing] += sum;
            }
            else if (sum >= CueThreshold)
            {
                // keep the three largest
                if (count < 3)
                {
                    tokens[count] = token;
                    values[count] = sum;
                    count++;
                }
                else if (MinIndex(values) is var m && values[m] < sum)
                {
                    tokens[m] = token;
                    values[m] = sum;
                }
            }
        }

        var result = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            result.Add(tokens[i]);
        }

        result.Sort();
        return result;
    }

    private static int MinIndex(Span<double> values)
    {
        var min = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] < values[min])
            {
                min = i;
            }
        }

        return min;
    }

    /// <summary>
    /// True when a cue's text is strong swearing (the f-word, "shit", "bitch", "c***" and the like),
    /// after the reader's normalisation (masking, stretching, chat spellings).
    /// </summary>
    public static bool IsStrongSwearing(string cueText)
    {
        ArgumentNullException.ThrowIfNull(cueText);
        var a = Analyze(cueText, 200);
        return a.Words.Any(Lexicon.StrongProfanity.Contains);
    }

    /// <summary>The features the models see, for training and for reading.</summary>
    internal static List<Feature> ExtractFeatures(string text) => Analyze(text, 4000).Features;

    internal static Analysis Analyze(string text, int maxLength)
    {
        var tokens = Tokenizer.Tokenize(text, maxLength);
        var a = new Analysis(text, tokens, Math.Min(text.Length, maxLength));
        a.Run();
        return a;
    }

    private static WeightTable BuildCombined()
    {
        var all = new Dictionary<string, float[]>(HeatModel.RawWeights.Count + CalmingModel.RawWeights.Count, StringComparer.Ordinal);
        foreach (var (key, w) in HeatModel.RawWeights)
        {
            var c = new float[6];
            w.AsSpan().CopyTo(c);
            all[key] = c;
        }

        foreach (var (key, w) in CalmingModel.RawWeights)
        {
            if (!all.TryGetValue(key, out var c))
            {
                c = new float[6];
                all[key] = c;
            }

            c[4] = w[0];
            c[5] = w[1];
        }

        return new WeightTable(all);
    }

    private static FrozenDictionary<string, WordInfo> BuildKnown()
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        words.UnionWith(Lexicon.Profanity);
        words.UnionWith(Lexicon.Insults);
        words.UnionWith(Lexicon.Advances);
        words.UnionWith(Lexicon.Violence);
        words.UnionWith(Lexicon.Sexual);
        words.UnionWith(Lexicon.Negators);
        words.UnionWith(Lexicon.Intensifiers);
        words.UnionWith(Lexicon.SecondPerson);
        words.UnionWith(Lexicon.HeatPrior.Keys);
        words.UnionWith(Lexicon.Spellings.Values);
        words.UnionWith(Lexicon.FuzzyTargets);
        words.UnionWith(Lexicon.Category.Keys);
        words.UnionWith(Lexicon.Common);

        // Deliberately not the models' vocabulary: normalisation must not depend on the model
        // it feeds, or retraining would not reproduce the shipped weights.

        var known = new Dictionary<string, WordInfo>(StringComparer.Ordinal);
        foreach (var w in words)
        {
            var c = WordClass.None;
            c |= Lexicon.Negators.Contains(w) ? WordClass.Negator : 0;
            c |= Lexicon.Intensifiers.Contains(w) ? WordClass.Intensifier : 0;
            c |= Lexicon.Profanity.Contains(w) ? WordClass.Profanity : 0;
            c |= Lexicon.StrongProfanity.Contains(w) ? WordClass.StrongProfanity : 0;
            c |= Lexicon.Insults.Contains(w) ? WordClass.Insult : 0;
            c |= Lexicon.VocativeInsults.Contains(w) ? WordClass.VocativeInsult : 0;
            c |= Lexicon.Advances.Contains(w) ? WordClass.Advance : 0;
            c |= Lexicon.Violence.Contains(w) ? WordClass.Violence : 0;
            c |= Lexicon.Sexual.Contains(w) ? WordClass.Sexual : 0;
            known[w] = new WordInfo(c, Lexicon.Category.GetValueOrDefault(w));
        }

        return known.ToFrozenDictionary(StringComparer.Ordinal);
    }

    [Flags]
    internal enum WordClass
    {
        None = 0,
        Negator = 1,
        Intensifier = 2,
        Profanity = 4,
        StrongProfanity = 8,
        Insult = 16,
        VocativeInsult = 32,
        Advance = 64,
        Violence = 128,
        Sexual = 256,
    }

    internal sealed record WordInfo(WordClass Class, string? Category)
    {
        public static readonly WordInfo Unknown = new(WordClass.None, null);

        public bool Is(WordClass c) => (Class & c) != 0;
    }

    /// <summary>Everything the reader works out about one text before deciding on signals.</summary>
    internal sealed class Analysis(string text, List<Token> tokens, int length)
    {
        public List<Token> Tokens { get; } = tokens;

        public int Length { get; } = length;

        /// <summary>The normalised words, and the token each came from.</summary>
        public List<string> Words { get; } = new(tokens.Count);

        public List<int> WordToken { get; } = new(tokens.Count);

        /// <summary>The word classes of each word.</summary>
        public List<WordInfo> Info { get; } = new(tokens.Count);

        public List<(int First, int Last)> AbuseSpans { get; } = [];

        public List<int> ProfanityWords { get; } = [];

        /// <summary>Abuse other than sexual talk: insults, threats, "f*** you".</summary>
        public bool HostileAbuse { get; private set; }

        /// <summary>The features, in token order (a word gives its word, pair and class features: room for three each from the start).</summary>
        public List<Feature> Features { get; } = new(Math.Min(tokens.Count * 3, 4096));

        public void Run()
        {
            Normalise();
            MarkScopes();
            FindAbuse();
            BuildFeatures();
        }

        public Cue CueFor(SignalKind signal, int firstWord, int lastWord)
        {
            var first = Tokens[WordToken[firstWord]];
            var last = Tokens[WordToken[lastWord]];
            var end = last.Start + last.Length;
            return new Cue(signal, first.Start, end - first.Start, text[first.Start..end]);
        }

        /// <summary>
        /// A bare "Sorry." as a sentence of its own: the customer softening. Not "sorry, what?",
        /// "sorry but", "sorry to hear"; "sorry for shouting" is a calming phrase.
        /// </summary>
        public bool Apologises()
        {
            for (var i = 0; i < Words.Count; i++)
            {
                if (Words[i] is "sorry" or "apologies" && IsWholeSentence(i))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A thanks or solved phrase that stands: not negated ("nothing has worked"), not a question
        /// ("is it fixed?"), not a request ("I'd appreciate it if..."), and "I'm in" only at the end
        /// of its clause (not "I'm in a hurry").
        /// </summary>
        public bool IsThanks(int first, int last)
        {
            if (IsNegated(first) || IsNegated(last))
            {
                return false;
            }

            var w = Words[first];
            var thanking = w is "thank" or "thanks" or "cheers" or "thx" or "much";
            if (!thanking && EndsWithQuestion(last))
            {
                return false;
            }

            if (w == "appreciate" && first > 0 && Words[first - 1] is "would" or "i'd" or "we'd")
            {
                return false;
            }

            return Words[last] != "in" || EndsClause(last);
        }

        /// <summary>The word opens its sentence.</summary>
        public bool SentenceStarts(int i) => i == 0 || SentenceBreakBetween(i - 1, i);

        /// <summary>The word's sentence ends with a question mark.</summary>
        public bool SentenceIsQuestion(int i) => EndsWithQuestion(i);

        /// <summary>The word is a sentence of its own ("Now.", "Sorry.").</summary>
        public bool IsWholeSentence(int i) =>
            (i == 0 || SentenceBreakBetween(i - 1, i)) && (i + 1 >= Words.Count || SentenceBreakBetween(i, i + 1));

        /// <summary>"thanks in advance": politeness before any help, not relief.</summary>
        public bool ThanksInAdvance()
        {
            for (var i = 0; i + 2 < Words.Count; i++)
            {
                if (Words[i] is "thanks" or "thank" or "you" && Words[i + 1] == "in" && Words[i + 2] == "advance")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True for a break token that ends a sentence (a full stop or an ellipsis, not a comma).</summary>
        public bool IsFullStop(int token) =>
            Tokens[token].Kind == TokenKind.Break && text[Tokens[token].Start] is '.' or '…' or ';';

        /// <summary>True when nothing but punctuation follows the word in its clause.</summary>
        public bool EndsClause(int word) => word + 1 >= Words.Count || HasBreakBetween(word, word + 1);

        /// <summary>True when the word opens its clause.</summary>
        public bool StartsClause(int word) => word == 0 || HasBreakBetween(word - 1, word);

        /// <summary>The first word of the word's clause.</summary>
        public int ClauseStart(int word)
        {
            while (word > 0 && !HasBreakBetween(word - 1, word))
            {
                word--;
            }

            return word;
        }

        /// <summary>
        /// Reported or hypothetical speech before the word in its sentence: "the porter told me to get lost",
        /// "the agent said", "perhaps I'll ask for someone", "if I have to ask for a manager".
        /// </summary>
        public bool IsReportedOrHypothetical(int word, bool hypothetical = true)
        {
            var wondering = false;
            var blocked = false;
            var question = EndsWithQuestion(word);
            for (var k = word - 1; k >= Math.Max(0, word - 8); k--)
            {
                if (SentenceBreakBetween(k, k + 1))
                {
                    break;
                }

                var w = Words[k];
                wondering |= w is "wondering" or "wonder" or "know" or "see" or "check";
                blocked |= w is "told" or "tells" or "telling" or "said" or "says" or "saying" or "called" or "shouted" or "yelled"
                    or "screamed" or "swore" or "replied";
                blocked |= hypothetical && !question && w is "spoke" or "asked" or "tried" or "already" or "if" or "unless" or "maybe" or "perhaps" or "should"
                    or "might" or "was" or "were" or "had";
            }

            return blocked && !wondering;
        }

        /// <summary>The word is in a negator's scope ("I don't want to talk to a manager"), and not in a question ("why can't I...?").</summary>
        public bool IsNegatedRequest(int word) => IsNegated(word) && !EndsWithQuestion(word);

        /// <summary>The word's sentence ends with a question mark.</summary>
        private bool EndsWithQuestion(int word)
        {
            for (var t = WordToken[word] + 1; t < Tokens.Count; t++)
            {
                if (Tokens[t].Kind == TokenKind.Shout)
                {
                    return Tokens[t].Norm.Contains('?', StringComparison.Ordinal);
                }

                if (IsFullStop(t))
                {
                    return false;
                }
            }

            return false;
        }

        private bool SentenceBreakBetween(int wordA, int wordB)
        {
            for (var t = WordToken[wordA] + 1; t < WordToken[wordB]; t++)
            {
                if (Tokens[t].Kind == TokenKind.Shout || IsFullStop(t))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Function words ("i", "is", "the") explain nothing on a card unless shouted or stretched.</summary>
        public bool CanBeCue(int token)
        {
            var t = Tokens[token];
            return t.Kind != TokenKind.Word || !Lexicon.FunctionWords.Contains(t.Norm) || t.Has(TokenFlags.AllCaps | TokenFlags.Stretched);
        }

        public Cue CueForToken(SignalKind signal, int token)
        {
            var t = Tokens[token];
            return new Cue(signal, t.Start, t.Length, text.Substring(t.Start, t.Length));
        }

        private void Normalise()
        {
            for (var i = 0; i < Tokens.Count; i++)
            {
                var t = Tokens[i];
                if (t.Kind != TokenKind.Word)
                {
                    continue;
                }

                t.Norm = Canonical(t, out var info);
                Tokens[i] = t;
                Words.Add(t.Norm);
                WordToken.Add(i);
                Info.Add(info);
            }
        }

        /// <summary>The word's normal form, and the word classes of that form.</summary>
        private static string Canonical(Token t, out WordInfo info)
        {
            var w = t.Norm;
            if (t.Has(TokenFlags.Masked) && w.Contains('*', StringComparison.Ordinal))
            {
                w = Unmask(w);
            }

            if (Lexicon.Spellings.TryGetValue(w, out var spelled))
            {
                info = KnownInfo(spelled);
                return spelled;
            }

            if (Known.TryGetValue(w, out var known))
            {
                info = known;
                return w;
            }

            if (t.Has(TokenFlags.Stretched))
            {
                var squeezed = Tokenizer.Squeeze(w);
                if (!ReferenceEquals(squeezed, w) && squeezed.Length != w.Length)
                {
                    if (Lexicon.Spellings.TryGetValue(squeezed, out spelled))
                    {
                        info = KnownInfo(spelled);
                        return spelled;
                    }

                    if (Known.TryGetValue(squeezed, out known))
                    {
                        info = known;
                        return squeezed;
                    }
                }
            }

            if (w.Length >= 4)
            {
                foreach (var target in Lexicon.FuzzyTargets)
                {
                    if (CloseTo(w, target))
                    {
                        info = KnownInfo(target);
                        return target;
                    }
                }
            }

            info = WordInfo.Unknown;
            return w;
        }

        private static WordInfo KnownInfo(string word) => Known.TryGetValue(word, out var info) ? info : WordInfo.Unknown;

        /// <summary>"f***" to "fuck": the first swear word of the same length whose letters agree.</summary>
        private static string Unmask(string w)
        {
            foreach (var target in MaskTargets)
            {
                if (target.Length != w.Length)
                {
                    continue;
                }

                var ok = true;
                for (var i = 0; i < w.Length && ok; i++)
                {
                    ok = w[i] == '*' || w[i] == target[i];
                }

                if (ok)
                {
                    return target;
                }
            }

            // "f***ing": try the stem
            var star = w.IndexOf('*', StringComparison.Ordinal);
            if (star > 0 && w.EndsWith("ing", StringComparison.Ordinal))
            {
                var stem = Unmask(w[..^3]);
                if (stem != w[..^3])
                {
                    return stem + "ing";
                }
            }

            return w;
        }

        /// <summary>Damerau edit distance at most one, or the target glued to another word.</summary>
        private static bool CloseTo(string w, string target)
        {
            if (target.Length >= 6 && w.Length >= target.Length + 2
                && (w.StartsWith(target, StringComparison.Ordinal) || w.EndsWith(target, StringComparison.Ordinal)))
            {
                return true;
            }

            if (Math.Abs(w.Length - target.Length) > 1 || w[0] != target[0] && w[1] != target[1])
            {
                return false;
            }

            return WithinOneEdit(w, target);
        }

        private static bool WithinOneEdit(string a, string b)
        {
            if (a.Length == b.Length)
            {
                var diff = -1;
                for (var i = 0; i < a.Length; i++)
                {
                    if (a[i] != b[i])
                    {
                        if (diff >= 0)
                        {
                            // allow one transposition of neighbours
                            return diff == i - 1 && a[diff] == b[i] && a[i] == b[diff] && a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i + 1));
                        }

                        diff = i;
                    }
                }

                return true;
            }

            var (longer, shorter) = a.Length > b.Length ? (a, b) : (b, a);
            var j = 0;
            var skipped = false;
            for (var i = 0; i < longer.Length; i++)
            {
                if (j < shorter.Length && longer[i] == shorter[j])
                {
                    j++;
                }
                else if (!skipped)
                {
                    skipped = true;
                }
                else
                {
                    return false;
                }
            }

            return true;
        }

        private void MarkScopes()
        {
            var negate = 0;
            var intensify = false;
            var word = 0;
            for (var i = 0; i < Tokens.Count; i++)
            {
                var t = Tokens[i];
                if (t.Kind is TokenKind.Break or TokenKind.Shout)
                {
                    negate = 0;
                    intensify = false;
                    continue;
                }

                if (t.Kind != TokenKind.Word)
                {
                    continue;
                }

                var info = Info[word++];
                var isNegator = info.Is(WordClass.Negator);
                var isIntensifier = info.Is(WordClass.Intensifier);
                if (t.Norm == "but")
                {
                    negate = 0;
                }
                else if (negate > 0 && !isNegator)
                {
                    t.Flags |= TokenFlags.Negated;
                    negate--;
                }

                if (intensify && !isIntensifier)
                {
                    t.Flags |= TokenFlags.Intensified;
                    intensify = false;
                }

                Tokens[i] = t;
                if (isNegator)
                {
                    negate = 3;
                }

                if (isIntensifier)
                {
                    intensify = true;
                }
            }
        }

        /// <summary>The customer's cue phrases (abuse included), found once per analysis.</summary>
        public List<(SignalKind Signal, int Start, int Count)> CustomerPhrases { get; } = [];

        public List<(SignalKind Signal, int Start, int Count)> MatchPhrases(Speaker speaker)
        {
            var found = new List<(SignalKind Signal, int Start, int Count)>();
            PhraseRules.Match(speaker, Words, found);
            return found;
        }

        /// <summary>
        /// "why the fuck you employ people", "what the hell you doing": after "the", a swear word
        /// intensifies the question; it is not "fuck you" said to the agent.
        /// </summary>
        private bool IntensifyingSwear(int start) =>
            start > 0 && Words[start - 1] == "the" && Info[start].Is(WordClass.Profanity);

        private void FindAbuse()
        {
            PhraseRules.Match(Speaker.Customer, Words, CustomerPhrases);
            var inAbuse = new bool[Words.Count];
            var content = -1;
            foreach (var (signal, start, count) in CustomerPhrases)
            {
                if (signal != SignalKind.Abuse || IsNegated(start) || IsReportedOrHypothetical(start, hypothetical: false) || IntensifyingSwear(start))
                {
                    continue;
                }

                // "you suck" said as a whole message is a jibe at the agent; inside a complaint, or to
                // "you guys", it is criticism of the company
                if (MildJibe(start, count))
                {
                    content = content < 0 ? ContentWords() : content;
                    if (content > 4 || PluralAddressee(start))
                    {
                        continue;
                    }
                }

                AbuseSpans.Add((start, start + count - 1));
                HostileAbuse |= !Info[start + count - 1].Is(WordClass.Sexual) && Words[start + count - 1] != "me";
                for (var k = start; k < start + count; k++)
                {
                    inAbuse[k] = true;
                }
            }

            for (var i = 0; i < Words.Count; i++)
            {
                if (inAbuse[i] || IsNegated(i))
                {
                    continue;
                }

                var info = Info[i];
                if ((info.Class & (WordClass.Insult | WordClass.Advance | WordClass.Violence | WordClass.Sexual)) == 0
                    || IsReportedOrHypothetical(i, hypothetical: false))
                {
                    continue;
                }

                content = content < 0 ? ContentWords() : content;
                var insult = info.Is(WordClass.Insult | WordClass.Advance);
                var aimed = (insult && (AimedAtAgent(i) || (content <= 3 && info.Is(WordClass.VocativeInsult)) || BeforeAddressee(i)))
                    || (info.Is(WordClass.Violence) && (NearSecondPerson(i) || i == 0 || info.Is(WordClass.Sexual)));
                if (aimed)
                {
                    var first = i;
                    for (var k = i - 1; k >= Math.Max(0, i - 4); k--)
                    {
                        if (Addressees.Contains(Words[k]))
                        {
                            first = k;
                            break;
                        }
                    }

                    // "you useless idiot": one cue, not two overlapping ones
                    if (AbuseSpans.Count > 0 && AbuseSpans[^1] is var previous && first <= previous.Last && previous.First <= first)
                    {
                        AbuseSpans[^1] = (previous.First, i);
                    }
                    else
                    {
                        AbuseSpans.Add((first, i));
                    }

                    HostileAbuse = true;
                    inAbuse[i] = true;
                }
                else if (info.Is(WordClass.Sexual))
                {
                    AbuseSpans.Add((i, i));
                    inAbuse[i] = true;
                }
            }

            for (var i = 0; i < Words.Count; i++)
            {
                if (!inAbuse[i] && Info[i].Is(WordClass.Profanity))
                {
                    ProfanityWords.Add(i);
                }
            }
        }

        private int ContentWords() =>
            Words.Count(w => !Addressees.Contains(w) && w is not ("a" or "an" or "no" or "yes" or "ok" or "and" or "oh" or "hey" or "are" or "is"));

        /// <summary>"you suck", "you stink": mild jibes, abuse only when they are the whole message.</summary>
        private bool MildJibe(int start, int count)
        {
            for (var k = start; k < start + count; k++)
            {
                if (Words[k] is "suck" or "sucks" or "stink" or "stinks")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>"you guys", "you people", "you lot", "y'all": the company, not the person typing.</summary>
        private bool PluralAddressee(int addressee)
        {
            var w = Words[addressee];
            return w is "yall" or "y'all"
                || (addressee + 1 < Words.Count && Words[addressee + 1] is "guys" or "people" or "lot" or "all" or "folks" or "lads");
        }

        /// <summary>"dumb bot", "stupid program": the insult right before a word for the agent.</summary>
        private bool BeforeAddressee(int i) =>
            i + 1 < Words.Count && Words[i + 1] is "bot" or "chatbot" or "robot" or "program" or "machine" or "computer" or "assistant" or "agent"
            && !HasBreakBetween(i, i + 1);

        /// <summary>"you" or "your" within three words either side, in the same clause.</summary>
        private bool NearSecondPerson(int i)
        {
            for (var k = Math.Max(0, i - 3); k <= Math.Min(Words.Count - 1, i + 3); k++)
            {
                if (k != i && Words[k] is "you" or "your" or "you're" or "yourself" && !HasBreakBetween(Math.Min(i, k), Math.Max(i, k)))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsNegated(int word) => Tokens[WordToken[word]].Has(TokenFlags.Negated);

        /// <summary>An insult with "you" (or the bot) a few words before it in the same clause.</summary>
        private bool AimedAtAgent(int i)
        {
            for (var k = i - 1; k >= Math.Max(0, i - 4); k--)
            {
                var w = Words[k];
                if (HasBreakBetween(k, i))
                {
                    return false;
                }

                // "you think we're stupid": someone else is the subject of the insult
                if (w is "i" or "i'm" or "we" or "we're" or "they" or "they're" or "he" or "he's" or "she" or "she's" or "it's" or "me" or "us" or "them")
                {
                    return false;
                }

                if (Addressees.Contains(w))
                {
                    // "you guys are useless" is criticism of the company; "you guys are idiots" is still abuse
                    if (PluralAddressee(k) && !Info[i].Is(WordClass.VocativeInsult))
                    {
                        return false;
                    }

                    // "your service is useless" is about the service; "your stupid" and "you are useless" are not
                    // "ur so stupid" (your = you're) lets only articles and intensifiers in between
                    if (w == "your")
                    {
                        for (var m = k + 1; m < i; m++)
                        {
                            if (Words[m] is not ("a" or "an") && !Info[m].Is(WordClass.Intensifier))
                            {
                                return false;
                            }
                        }
                    }

                    return true;
                }

                if (Determiners.Contains(w))
                {
                    return false;
                }
            }

            // "stupid you", "idiot u"
            return i + 1 < Words.Count && Words[i + 1] is "you" && !HasBreakBetween(i, i + 1) && i + 2 >= Words.Count;
        }

        public bool HasBreakBetween(int wordA, int wordB)
        {
            for (var t = WordToken[wordA] + 1; t < WordToken[wordB]; t++)
            {
                if (Tokens[t].Kind is TokenKind.Break or TokenKind.Shout)
                {
                    return true;
                }
            }

            return false;
        }

        private void BuildFeatures()
        {
            string? previous = null;
            var word = 0;
            for (var i = 0; i < Tokens.Count; i++)
            {
                var t = Tokens[i];
                switch (t.Kind)
                {
                    case TokenKind.Word:
                        {
                            var value = (t.Has(TokenFlags.Intensified) ? 1.5f : 1f) * (t.Has(TokenFlags.AllCaps) && t.Length >= 3 ? 1.5f : 1f);
                            var key = t.Has(TokenFlags.Negated) ? "NOT_" + t.Norm : t.Norm;
                            Features.Add(new Feature(key, value, i));
                            var info = Info[word++];
                            if (info.Category is { } cat)
                            {
                                Features.Add(new Feature((t.Has(TokenFlags.Negated) ? "NOT_" : "") + cat, value, i));
                            }

                            if (t.Norm == "please" || (previous is "could" or "would" or "can" or "may" && t.Norm is "you" or "i"))
                            {
                                Features.Add(new Feature("_polite", 1f, i));
                            }

                            if (previous is not null)
                            {
                                Features.Add(new Feature(previous + " " + t.Norm, 1f, i));
                            }

                            previous = t.Norm;
                            if (t.Has(TokenFlags.AllCaps) && t.Length >= 3)
                            {
                                Features.Add(new Feature("_caps", 1f, i));
                            }

                            if (t.Has(TokenFlags.Stretched))
                            {
                                Features.Add(new Feature("_stretch", 1f, i));
                            }

                            if (info.Is(WordClass.Profanity))
                            {
                                Features.Add(new Feature(info.Is(WordClass.StrongProfanity) ? "_prof!" : "_prof", 1f, i));
                            }

                            break;
                        }

                    case TokenKind.Emoji:
                        Features.Add(new Feature(t.Norm, 1f, i));
                        if (Lexicon.AngryEmoji.Contains(t.Norm))
                        {
                            Features.Add(new Feature("_emo-", 1f, i));
                        }
                        else if (Lexicon.PositiveEmoji.Contains(t.Norm))
                        {
                            Features.Add(new Feature("_emo+", 1f, i));
                        }

                        previous = null;
                        break;
                    case TokenKind.Shout:
                        Features.Add(new Feature("_" + t.Norm, 1f, i));
                        previous = null;
                        break;
                    case TokenKind.Break:
                        previous = null;
                        break;
                    default:
                        break;
                }
            }

            foreach (var (first, _) in AbuseSpans)
            {
                Features.Add(new Feature(HostileAbuse ? "_abuse" : "_sexual", 1f, WordToken[first]));
            }
        }
    }
}
