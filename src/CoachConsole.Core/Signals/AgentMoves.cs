using System.Collections.Frozen;

namespace CoachConsole.Core.Signals;

/// <summary>
/// What the agent did, read from the form of the turn rather than from cue phrases alone: a
/// question asked of the customer (a sentence ending in "?", or one opening "can you", "could I"),
/// a request for specific details ("DM us your email address", "please share your order
/// number"), an apology that is negated ("no need to apologise"), an acknowledgement that is
/// really the naming of abuse ("comments like that aren't okay"), a greeting, a wrap-up. Runs on
/// the reader's analysis after the phrase rules, one pass over the words of each sentence.
/// </summary>
internal static class AgentMoves
{
    private static readonly FrozenSet<string> WhWords = Set("what when where which how who why whose whom");

    private static readonly FrozenSet<string> QuestionAux = Set("can could would will do did does may might is are was were have has shall");

    /// <summary>Words that may come before the real start of a clause ("ok, so can you...", "thanks. please send...").</summary>
    private static readonly FrozenSet<string> Fillers = Set(
        "ok okay so and also right great thanks thank cheers just now then alright sure hi hello hey please kindly simply first lastly finally perfect lovely brilliant oh");

    /// <summary>Verbs of "can you ...?" that ask the customer to tell or check something (not to do a step).</summary>
    private static readonly FrozenSet<string> InfoVerbs = Set(
        "tell confirm check read let describe explain clarify see look find remember say advise verify spell recall think");

    /// <summary>A private channel the agent invites the customer to: asking for it is no question about the case.</summary>
    private static readonly FrozenSet<string> Channels = Set("dm dms pm message messages note line call chat");

    /// <summary>Verbs of asking the customer for something.</summary>
    private static readonly FrozenSet<string> RequestVerbs = Set(
        "send dm pm message provide share confirm give tell include pop drop email reply attach forward fill post upload link");

    /// <summary>The specific details an agent asks for.</summary>
    private static readonly FrozenSet<string> Details = Set(
        "email address number account name reference ref postcode zip details detail info information date birth dob model device "
        + "version confirmation conf booking order tracking phone serial screenshot screenshots photo photos picture pictures receipt "
        + "invoice code username handle location street id reading postcode mobile make");

    /// <summary>Words that make a sentence a statement about the agent or a third party, not a request.</summary>
    private static readonly FrozenSet<string> Subjects = Set(
        "i we i'll we'll i'm we're i've we've she he they she'll he'll they'll it it'll will that which who");

    private static readonly FrozenSet<string> Greetings = Set("hi hello hey hiya greetings welcome morning afternoon evening howdy");

    private static readonly FrozenSet<string> Family = Set(
        "mom mum mama momma mother mums moms mommy dad father sister brother son daughter wife husband");

    private readonly record struct Sentence(int First, int Last, bool Question, bool Exclaimed);

    public static void Read(string text, SignalReader.Analysis a, ref SignalKind signals, List<Cue> cues)
    {
        if (a.Words.Count == 0)
        {
            return;
        }

        var sentences = Split(text, a);
        // each word's start in the text and its sentence, so a cue finds both in one lookup
        var starts = new int[a.Words.Count];
        var sentenceOf = new int[a.Words.Count];
        for (var w = 0; w < a.Words.Count; w++)
        {
            starts[w] = a.Tokens[a.WordToken[w]].Start;
        }

        for (var k = 0; k < sentences.Count; k++)
        {
            for (var w = sentences[k].First; w <= sentences[k].Last; w++)
            {
                sentenceOf[w] = k;
            }
        }

        int WordOf(Cue c) => Array.BinarySearch(starts, c.Start) is var w && w >= 0 ? w : -1;
        int SentenceOf(int word) => word < 0 ? -1 : sentenceOf[word];
        bool InSentence(SignalKind signal, int sentence) =>
            cues.Exists(c => c.Signal == signal && SentenceOf(WordOf(c)) == sentence);

        // "no need to apologise", "you don't have to be sorry": not an apology
        cues.RemoveAll(c => c.Signal == SignalKind.Apology && WordOf(c) is var w && w >= 0 && IsNegatedApology(a, w));

        // "how much this matters", "what I can do": a wh-word makes a question only in a question
        cues.RemoveAll(c => c.Signal == SignalKind.ClarifyingQuestion && WordOf(c) is var w && w >= 0
            && WhWords.Contains(a.Words[w]) && SentenceOf(w) is var s && s >= 0 && !sentences[s].Question);

        // the agent asking about the customer's mother is not insulting her
        foreach (var (first, last) in a.AbuseSpans)
        {
            if (Family.Contains(a.Words[last]))
            {
                var start = a.Tokens[a.WordToken[first]].Start;
                cues.RemoveAll(c => c.Signal == SignalKind.PhraseToAvoid && c.Start == start);
            }
        }

        var asked = false;
        for (var s = 0; s < sentences.Count; s++)
        {
            var sentence = sentences[s];
            if (sentence.Last < sentence.First)
            {
                continue;
            }

            // "comments like that aren't okay" names the behaviour: the boundary's, not an acknowledgement
            if (InSentence(SignalKind.BoundaryStatement, s))
            {
                cues.RemoveAll(c => c.Signal == SignalKind.Acknowledgement && SentenceOf(WordOf(c)) == s
                    && (c.Text.Contains("n't", StringComparison.OrdinalIgnoreCase) || c.Text.Contains("not", StringComparison.OrdinalIgnoreCase)));
            }

            if (IsClarifying(a, sentence, s, InSentence))
            {
                asked |= sentence.Question;
                if (!InSentence(SignalKind.ClarifyingQuestion, s))
                {
                    cues.Add(a.CueFor(SignalKind.ClarifyingQuestion, sentence.First, sentence.Last));
                }
            }
            else if (sentence.Question)
            {
                asked = true;
                cues.RemoveAll(c => c.Signal == SignalKind.ClarifyingQuestion && SentenceOf(WordOf(c)) == s);
            }
        }

        // a greeting opens the turn ("Hi Jo,", "Good morning")
        var opening = a.Words[0] == "good" && a.Words.Count > 1 && a.Words[1] is "morning" or "afternoon" or "evening" ? 2 : 1;
        if (Greetings.Contains(a.Words[0]) || opening == 2)
        {
            cues.Add(a.CueFor(SignalKind.Greeting, 0, opening - 1));
        }

        // "thanks for getting in touch" opens a turn; at the end it is a thank-you
        if (a.Words.Count > 3 && a.Words[0] is "thanks" or "thank"
            && (a.Words[1] == "for" ? 2 : a.Words[2] == "for" ? 3 : -1) is var v && v > 0
            && a.Words[v] is "contacting" or "calling" or "getting" or "reaching" or "messaging"
            && !cues.Exists(c => c.Signal == SignalKind.ClosingRemark))
        {
            cues.Add(a.CueFor(SignalKind.Greeting, 0, v));
        }

        // "thanks for your patience" at the end, with nothing left to ask, is a wrap-up
        if (!asked)
        {
            for (var w = 0; w < a.Words.Count; w++)
            {
                if (a.Words[w] is not ("thanks" or "thank"))
                {
                    continue;
                }

                var j = w + 1;
                j += j < a.Words.Count && a.Words[j] == "you" ? 1 : 0;
                if (j + 1 >= a.Words.Count || a.Words[j] != "for")
                {
                    continue;
                }

                j += a.Words[j + 1] == "your" ? 2 : 1;
                if (j < a.Words.Count && a.Words[j] is "patience" or "bearing" or "waiting" or "staying"
                    && !a.Words.Skip(j + 1).Take(3).Contains("while")
                    && SentenceOf(w) is var s && s >= sentences.Count - 2)
                {
                    cues.Add(a.CueFor(SignalKind.ClosingRemark, w, j));
                }
            }
        }

        const SignalKind read = SignalKind.Acknowledgement | SignalKind.Apology | SignalKind.ClarifyingQuestion | SignalKind.PhraseToAvoid
            | SignalKind.Greeting | SignalKind.ClosingRemark;
        signals &= ~read;
        foreach (var c in cues)
        {
            signals |= c.Signal & read;
        }
    }

    /// <summary>A question put to the customer, or a request for specific details.</summary>
    private static bool IsClarifying(SignalReader.Analysis a, Sentence sentence, int s, Func<SignalKind, int, bool> has)
    {
        var words = a.Words;
        var first = sentence.First;
        while (first < sentence.Last && Fillers.Contains(words[first]))
        {
            first++;
        }

        var count = sentence.Last - first + 1;
        bool Pair(string x, string y) => Enumerable.Range(first, count - 1).Any(i => words[i] == x && words[i + 1] == y);

        // a wrap-up, an offer, an escalation, a check that a plan suits are not clarifying
        if (IsAnythingElse(words, first, sentence.Last)
            || has(SignalKind.OfferOfOptions, s) || has(SignalKind.EscalationOffer, s)
            || Pair("want", "me") || Pair("shall", "i") || Pair("shall", "we") || Pair("how", "are")
            || (count <= 6 && words[first] is "is" or "does" or "would" or "will" && first + 1 <= sentence.Last
                && words[first + 1] is "that" or "this" or "it")
            || (sentence.Question && count >= 2 && IsTag(words, sentence.Last)))
        {
            return false;
        }

        // "can you try restarting it?" is an instruction; "can you send us a DM?" with no detail asked for is no move
        if (count >= 3 && words[first] is "can" or "could" or "would" or "will" && words[first + 1] is "you" or "u")
        {
            var v = first + 2;
            // "would you be able to send...", "would you mind checking..."
            while (v < sentence.Last && words[v] is "please" or "just" or "also" or "quickly" or "kindly" or "be" or "able" or "to" or "mind")
            {
                v++;
            }

            if (!InfoVerbs.Contains(words[v]) && !RequestVerbs.Contains(words[v]))
            {
                return false;
            }

            if (!InfoVerbs.Contains(words[v]) && !HasDetail(words, v + 1, sentence.Last)
                && Enumerable.Range(v + 1, Math.Min(3, sentence.Last - v)).Any(i => Channels.Contains(words[i])))
            {
                return false;
            }

            return true;
        }

        if (sentence.Question)
        {
            return true;
        }

        // "can you confirm the address." and chat questions with no question mark
        if (!sentence.Exclaimed && count >= 3 && QuestionAux.Contains(words[first]) && words[first + 1] is "you" or "i" or "u"
            && words[first + 2] is not ("like" or "prefer" or "rather" or "bear" or "hold" or "wait" or "just" or "help" or "see" or "imagine" or "understand" or "hear"))
        {
            return true;
        }

        // "I'll just need your date of birth", "I need to take the account number"
        for (var i = first; i + 1 <= sentence.Last; i++)
        {
            if (words[i] == "need" && (i == first || words[i - 1] is "i" or "i'll" or "just" or "will" or "we" or "we'll" or "first")
                && words[i + 1] is not ("you" or "u") && HasDetail(words, i + 1, Math.Min(sentence.Last, i + 5)))
            {
                return true;
            }
        }

        // "your order number, please"
        if (count <= 6 && (Has(words, "please", sentence.First, sentence.Last) || Has(words, "pls", sentence.First, sentence.Last))
            && HasDetail(words, first, sentence.Last) && !Enumerable.Range(first, count).Any(i => Subjects.Contains(words[i])))
        {
            return true;
        }

        // "DM us your email address", "please share the order number", "if you send me the reference"
        var please = false;
        for (var i = sentence.First; i < first; i++)
        {
            please |= words[i] is "please" or "kindly" or "pls";
        }

        for (var i = first; i <= sentence.Last; i++)
        {
            please |= words[i] is "please" or "kindly";
            if (!RequestVerbs.Contains(words[i]))
            {
                continue;
            }

            var before = i > sentence.First ? words[i - 1] : "";
            var clauseStart = i == first || IsClauseStart(a, i);
            var asking = clauseStart || before is "please" or "kindly" or "and" or "then" or "just" or "simply"
                || (before is "you" or "u" && i >= 2 && QuestionAux.Contains(words[i - 2]))
                || (before is "you" && i >= 2 && words[i - 2] == "if" && i + 1 <= sentence.Last && words[i + 1] is "me" or "us")
                || (please && !Subjects.Contains(before));
            // "the link", "a message": the noun, not the request
            if (!asking || (Subjects.Contains(before) && !clauseStart) || before is "the" or "a" or "an" or "your" or "our" or "my" or "this")
            {
                continue;
            }

            if (HasDetail(words, i + 1, Math.Min(sentence.Last, i + 12)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Has(List<string> words, string word, int first, int last)
    {
        for (var j = first; j <= last; j++)
        {
            if (words[j] == word)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasDetail(List<string> words, int first, int last)
    {
        for (var j = first; j <= last; j++)
        {
            if (Details.Contains(words[j]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"anything else I can help with?", "is there anything else today?": a wrap-up, not a question about the case.</summary>
    private static bool IsAnythingElse(List<string> words, int first, int last)
    {
        for (var i = first + 1; i <= last; i++)
        {
            if (words[i] == "else" && words[i - 1] is "anything" or "something"
                && (i == last || words[i + 1] is "i" or "we" or "today" or "tonight" or "for" or "at" or "you"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"no need to apologise", "you don't have to say sorry".</summary>
    private static bool IsNegatedApology(SignalReader.Analysis a, int w)
    {
        if (a.Tokens[a.WordToken[w]].Has(TokenFlags.Negated))
        {
            return true;
        }

        var k = w - 1;
        k -= k >= 0 && a.Words[k] == "say" ? 1 : 0;
        if (k < 1 || a.Words[k] != "to" || a.Words[k - 1] is not ("have" or "need" or "got"))
        {
            return false;
        }

        for (var m = k - 2; m >= Math.Max(0, k - 3); m--)
        {
            if (a.Info[m].Is(SignalReader.WordClass.Negator))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"..., isn't it?", "..., right?": a tag asks for agreement, not information.</summary>
    private static bool IsTag(List<string> words, int last) =>
        words[last] is "right" or "yeah"
        || (last >= 1 && words[last - 1].EndsWith("n't", StringComparison.Ordinal) && words[last] is "it" or "they" or "you" or "we" or "he" or "she" or "there");

    private static bool IsClauseStart(SignalReader.Analysis a, int word)
    {
        var t = a.WordToken[word];
        return t > 0 && a.Tokens[t - 1].Kind is TokenKind.Break or TokenKind.Shout or TokenKind.Other;
    }

    /// <summary>
    /// Sentences by their words: a full stop, "!", "?" or a new line ends one. A sentence is a
    /// question when it ends with "?".
    /// </summary>
    private static List<Sentence> Split(string text, SignalReader.Analysis a)
    {
        var sentences = new List<Sentence>();
        var first = 0;
        var word = 0;
        var previousEnd = 0;
        for (var t = 0; t < a.Tokens.Count; t++)
        {
            var token = a.Tokens[t];
            if (token.Kind == TokenKind.Word)
            {
                if (word > first && text.AsSpan(previousEnd, Math.Max(0, token.Start - previousEnd)).Contains('\n'))
                {
                    sentences.Add(new Sentence(first, word - 1, false, false));
                    first = word;
                }

                word++;
            }
            else if (token.Kind == TokenKind.Shout || (token.Kind == TokenKind.Break && text[token.Start] is '.' or '…' or ';')
                || (token.Kind == TokenKind.Other && text[token.Start + token.Length - 1] == '?'))
            {
                // a link swallows the question mark typed straight after it
                var question = token.Kind == TokenKind.Other || token.Norm.Contains('?', StringComparison.Ordinal);
                if (word > first)
                {
                    sentences.Add(new Sentence(first, word - 1, question, token.Kind == TokenKind.Shout && token.Norm == "!"));
                }

                first = word;
            }

            previousEnd = token.Start + token.Length;
        }

        if (word > first)
        {
            sentences.Add(new Sentence(first, word - 1, false, false));
        }

        return sentences;
    }

    private static FrozenSet<string> Set(string words) =>
        words.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);
}
