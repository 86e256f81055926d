using System.Collections.Frozen;

namespace CoachConsole.Core.Signals;

/// <summary>
/// How a customer in a support conversation sounds, read from the markers the labelling rules
/// name, on top of the learned heat model (whose training comments are not support talk):
/// <list type="bullet">
/// <item>anger markers: shouting in capitals, runs of "!!" or "?!", strong swearing, insults at
/// the agent, angry emoji, words of outrage ("disgusted", "unacceptable"), a bare demand
/// ("Now."), repeated contact;</item>
/// <item>complaint markers: the vocabulary of a service gone wrong (charges, refunds, delays,
/// faults), waiting times ("for five weeks", "two days ago") and service that did not happen
/// ("nobody turned up", "no reply");</item>
/// <item>warmth: praise, friendly emoji, pleased words, and sincere thanks;</item>
/// <item>sarcasm: praise or thanks that the same message takes back (capitalised praise, "thanks
/// for nothing", "thanks, I suppose", praise beside a waiting time or a waste, a deadpan one-word
/// "Brilliant." after a complaint).</item>
/// </list>
/// One pass over the tokens; dictionary lookups only.
/// </summary>
internal static class CustomerTone
{
    /// <summary>Words of outrage: said by a customer, they read as anger, not annoyance.</summary>
    private static readonly FrozenSet<string> OutrageWords = Set("""
        disgusted disgusting disgrace seething disgraceful despicable appalling appalled shocking shameful shame
        outrageous outraged unacceptable ridiculous furious livid fuming infuriating infuriated
        incompetence incompetent crooks crook scam scammed scammers thieves thieving robbery ripoff
        rip-off pathetic disgust
        """);

    /// <summary>The customer's own fury: anger on its own, said or not of the case.</summary>
    private static readonly FrozenSet<string> FuryWords = Set("disgusted livid furious fuming outraged appalled seething infuriated");

    /// <summary>Harsh words that are as often banter: half an anger marker each.</summary>
    private static readonly FrozenSet<string> HarshWords = Set("liar liars lie lies lying joke worst hate hated");

    /// <summary>Strong signs of a service gone wrong.</summary>
    private static readonly FrozenSet<string> ProblemWords = Set("""
        refund refunds refunded charged overcharged overcharging charging fee fees delayed delay delays
        cancelled canceled stranded unprofessional complaint complain complained complaining unanswered
        faulty damaged broken useless terrible awful horrible poor rubbish disappointed disappointing
        frustrated frustrating annoyed annoying fed shambles rude ignored ignoring wasted wasting waste
        nonsense hopeless unhelpful mistake mess offline expired crashed crashing glitch glitches outage locked
        """);

    /// <summary>Weaker signs of a problem: each counts half.</summary>
    private static readonly FrozenSet<string> TroubleWords = Set("""
        still again twice never nobody noone wrong missing lost late waiting waited hold promised supposed
        error failed fails failing stuck charge bill billed
        problem problems issue issues trouble
        """);

    /// <summary>What a service does; "nobody came", "no reply", "didn't arrive" are complaints.</summary>
    private static readonly FrozenSet<string> ServiceEvents = Set("""
        come came arrived arrive turned showed shown showing rung rang called answered answer answering
        response reply replied responded resolution help helped received receive working work works
        delivered deliver fixed sorted refunded contacted updated update give gave given sent shipped credited
        """);

    private static readonly FrozenSet<string> TimeUnits = Set("""
        minutes minute mins min hours hour hrs hr days day weeks week months month years year
        """);

    private static readonly FrozenSet<string> NumberWords = Set("""
        a an one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
        forty fifty sixty several few many couple 2 3 4 5 6 7 8 9 10
        """);

    /// <summary>Words around a stretch of time that make it a wait: "for five weeks", "two days ago".</summary>
    private static readonly FrozenSet<string> WaitBefore = Set("for waiting waited took take taking after over nearly almost only");

    private static readonly FrozenSet<string> WaitAfter = Set("ago late now already");

    /// <summary>Stretches short enough that "ago" means a wait, not a story ("two days ago", not "ten years ago").</summary>
    private static readonly FrozenSet<string> ShortUnits = Set("minutes minute mins min hours hour hrs hr days day weeks week");

    /// <summary>Praise and pleased words: warmth when sincere, sarcasm beside a complaint.</summary>
    private static readonly FrozenSet<string> PraiseWords = Set("""
        great brilliant perfect excellent amazing wonderful lovely fantastic awesome kind best helpful
        superb legend star stars pleased happy glad delighted grateful appreciate appreciated love
        loved marvellous marvelous fab fabulous incredible impressed outstanding
        """);

    /// <summary>Acknowledgements that carry no feeling: "Okay.", "Right.", "No, that's all."</summary>
    private static readonly FrozenSet<string> FlatWords = Set("""
        ok okay right alright good fine no yes yeah yep that's that it is thanks thank you cheers then
        so all for now sure got understood noted
        """);

    /// <summary>
    /// What a support conversation is about: a message that names one of these (or speaks to the
    /// company as "you") is read as support talk, where complaint words mean a complaint.
    /// </summary>
    private static readonly FrozenSet<string> ServiceWords = Set("""
        order orders ordered delivery delivered deliver parcel
        package packages courier driver drivers engineer technician account accounts bill billing
        invoice payment payments paid pay paying card charge charged refund money service services
        customer customers support helpline agent agents staff manager supervisor app website site
        booking booked flight flights ticket tickets reservation subscription plan contract router wifi
        broadband internet connection signal phone line claim insurance bank branch store shop
        warranty replacement appointment ring
        """);

    private static readonly FrozenSet<string> SubjectWords = Set("""
        i i'm i've i'll we we're it it's he she they this that there you you're or and but so if when
        can could would will should may might
        """);

    /// <summary>Each word's classes in the sets above: one lookup per word.</summary>
    private static readonly FrozenDictionary<string, ToneWord> WordClasses = BuildWordClasses();

    [Flags]
    private enum ToneWord
    {
        None = 0,
        Outrage = 1,
        Harsh = 2,
        Problem = 4,
        Trouble = 8,
        ServiceEvent = 16,
        TimeUnit = 32,
        Number = 64,
        Praise = 128,
        Flat = 256,
        Service = 512,
        Common = 1024,
    }

    private static FrozenDictionary<string, ToneWord> BuildWordClasses()
    {
        var map = new Dictionary<string, ToneWord>(StringComparer.Ordinal);
        void Add(IEnumerable<string> words, ToneWord c)
        {
            foreach (var w in words)
            {
                map[w] = map.GetValueOrDefault(w) | c;
            }
        }

        Add(OutrageWords, ToneWord.Outrage);
        Add(HarshWords, ToneWord.Harsh);
        Add(ProblemWords, ToneWord.Problem);
        Add(TroubleWords, ToneWord.Trouble);
        Add(ServiceEvents, ToneWord.ServiceEvent);
        Add(TimeUnits, ToneWord.TimeUnit);
        Add(NumberWords, ToneWord.Number);
        Add(PraiseWords, ToneWord.Praise);
        Add(FlatWords, ToneWord.Flat);
        Add(ServiceWords, ToneWord.Service);
        Add(Lexicon.FunctionWords, ToneWord.Common);
        Add(Lexicon.Common, ToneWord.Common);
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Anger markers (summed) at which the customer reads as angry.</summary>
    private const double AngryAt = 2;

    private static FrozenSet<string> Set(string words) =>
        words.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>What the markers add up to for one customer utterance.</summary>
    internal readonly record struct Tone(double Anger, double Complaint, bool Warm, bool Sarcastic, bool PlainThanks, bool PositiveWords, bool Support, bool Answer, bool Apology);

    /// <summary>Reads the markers. <paramref name="signals"/> are the phrase signals already found.</summary>
    public static Tone Read(SignalReader.Analysis a, SignalKind signals)
    {
        var anger = 0.0;
        var complaint = 0.0;
        var caps = 0;
        var capitals = 0;
        var unknownCapital = false;
        var bangs = 0;
        var questions = 0;
        var incredulous = 0;
        var praise = 0;
        var capsPraise = false;
        var positiveWords = false;
        var thanksWord = -1;
        var exclaimed = false;
        var flat = true;
        var waste = false;
        var waited = false;
        var support = false;
        var outraged = false;
        var details = false;
        var apology = false;
        var words = a.Words;

        // sentences, and deadpan praise: a one-word praise sentence after another sentence, that
        // is followed by more or comes after a question
        var sentences = 0;
        var previousEnd = "";
        var pendingDeadpan = false;
        var deadpan = false;
        var first = 0;
        var i = 0;
        for (var t = 0; t < a.Tokens.Count; t++)
        {
            var token = a.Tokens[t];
            switch (token.Kind)
            {
                case TokenKind.Shout:
                    if (token.Norm is "!!")
                    {
                        bangs++;
                    }
                    else if (token.Norm is "?!")
                    {
                        incredulous++;
                    }
                    else if (token.Norm is "??")
                    {
                        questions++;
                    }

                    exclaimed |= token.Norm is "!" or "!!";
                    EndSentence(token.Norm);
                    break;
                case TokenKind.Break:
                    if (a.IsFullStop(t))
                    {
                        EndSentence(".");
                    }

                    break;
                case TokenKind.Emoji:
                    if (Lexicon.AngryEmoji.Contains(token.Norm))
                    {
                        anger += 1;
                    }
                    else if (Lexicon.PositiveEmoji.Contains(token.Norm))
                    {
                        praise++;
                        positiveWords = true;
                    }

                    break;
                case TokenKind.Word:
                    ReadWord(i, token);
                    i++;
                    break;
                default:
                    break;
            }
        }

        EndSentence("");

        // capitals and "!!" are shouting in a complaint; elsewhere they are as often excitement
        var shoutWeight = support ? 1.0 : 0.5;
        caps = capitals >= 2 ? Math.Max(caps, capitals) : caps;
        caps = caps == 0 && unknownCapital && support ? 1 : caps;
        if (caps > 0)
        {
            anger += support ? (caps >= 3 ? 2 : 1) : 0.5;
        }

        // having to ask again, or saying they are leaving
        if ((signals & SignalKind.RepeatContact) != 0)
        {
            anger += 1;
        }

        if ((signals & SignalKind.ThreatToLeave) != 0)
        {
            anger += 1;
        }

        if (a.HostileAbuse)
        {
            anger += 1;
        }

        // "thanks for nothing", "thanks, I suppose", "thanks to your AMAZING service"
        var hedgedThanks = thanksWord >= 0
            && ((thanksWord + 2 < words.Count && words[thanksWord + 1] == "for" && words[thanksWord + 2] is "nothing" or "wasting" or "ignoring")
                || (thanksWord + 2 < words.Count && words[thanksWord + 1] == "i" && words[thanksWord + 2] is "guess" or "suppose")
                || (thanksWord + 1 < words.Count && words[thanksWord + 1] == "to" && (capsPraise || complaint > 0)));

        // "It went to the depot. Lovely. I work all week.": one-word praise, deadpan, after something else
        deadpan &= thanksWord < 0 && !flat;

        var sarcastic = hedgedThanks
            || (support && praise > 0 && (capsPraise || waste || waited))
            || (support && thanksWord >= 0 && (capsPraise || waste))
            || deadpan;

        var warmFromThanks = thanksWord >= 0 && (exclaimed || praise > 0 || HasIntensifierNear(a, thanksWord));

        // "that's fixed it", "it's working again": the customer says the problem is solved
        var solved = thanksWord < 0 && (signals & SignalKind.Thanks) != 0;
        var warm = !sarcastic && (warmFromThanks || solved || ((praise > 0 || positiveWords) && complaint < 1 && !outraged && !flat));
        var plainThanks = !warm && !sarcastic && !exclaimed && ((thanksWord >= 0 && support && sentences > 1) || flat);
        if (incredulous > 0 && !warm)
        {
            anger += 1;
        }

        if (questions > 0 && !warm)
        {
            anger += 0.5 * shoutWeight;
        }

        if (bangs > 0 && !warm)
        {
            anger += (bangs >= 2 ? 2 : 1) * shoutWeight;
        }

        // "Yes, it's 7 2 0 5.": a reply to the agent's question, giving details
        var answer = details && words.Count > 0 && words[0] is "yes" or "yeah" or "yep" or "no" or "nope" or "it's" or "its";
        return new Tone(anger, complaint, warm, sarcastic, plainThanks, positiveWords || praise > 0, support, answer, apology);

        void EndSentence(string end)
        {
            if (i > first)
            {
                deadpan |= pendingDeadpan;
                pendingDeadpan = false;
                if (sentences > 0 && i - 1 == first && PraiseWords.Contains(words[first]) && end is not ("!" or "!!"))
                {
                    deadpan |= previousEnd is "?" or "??";
                    pendingDeadpan = !deadpan;
                }

                previousEnd = end;
                sentences++;
            }

            first = i;
        }

        void ReadWord(int i, Token token)
        {
            var w = words[i];
            var info = a.Info[i];
            var c = WordClasses.TryGetValue(w, out var classes) ? classes : default;
            // capitals are shouting for words, not for names and codes ("NASA", "LX"): a known word, or
            // any word of three letters or more once there are two of them
            var capital = token.Has(TokenFlags.AllCaps) && token.Length >= 3;
            var shouted = capital
                && ((c & ToneWord.Common) != 0 || (c & ToneWord.Outrage) != 0 || (c & ToneWord.Service) != 0
                    || (c & ToneWord.TimeUnit) != 0 || (c & ToneWord.Praise) != 0 || (c & ToneWord.Problem) != 0 || info.Is(SignalReader.WordClass.Profanity));
            capitals += capital ? 1 : 0;
            unknownCapital |= capital && !shouted && token.Length >= 4;
            support |= (c & ToneWord.Service) != 0 || (c & ToneWord.Problem) != 0;
            if (shouted)
            {
                caps++;
            }

            flat &= (c & ToneWord.Flat) != 0;
            // strong swearing ("f***", "shit") counts fully, mild ("damn", "crap") by half
            if (info.Is(SignalReader.WordClass.Profanity))
            {
                anger += info.Is(SignalReader.WordClass.StrongProfanity) ? 1 : 0.5;
            }

            details |= IsNumber(w) || ((c & ToneWord.Number) != 0 && w is not ("a" or "an" or "few" or "many" or "several" or "couple"));

            var negated = token.Has(TokenFlags.Negated);
            // an outrage word said of the case ("that's outrageous", "you're all thieves",
            // "shame on the lot of them") is a verdict, and counts double
            if ((c & ToneWord.Outrage) != 0 && !negated)
            {
                anger += FuryWords.Contains(w) || Predicated(a, i) ? 2 : 1;
                outraged = true;
            }
            else if ((c & ToneWord.Harsh) != 0 && !negated)
            {
                anger += 0.5;
            }

            if ((c & ToneWord.Problem) != 0 && !negated)
            {
                complaint += 1;
                waste |= w is "wasted" or "wasting" or "waste" or "ignored" or "ignoring";
            }
            else if ((c & ToneWord.Trouble) != 0)
            {
                complaint += 0.5;
            }

            // "nobody turned up", "never got the email", "no reply": a service that did not happen
            // "or what?", "and then what?": a challenge
            if (w == "what" && i > 0 && words[i - 1] is "or" or "then" && a.EndsClause(i))
            {
                complaint += 1;
                support = true;
            }

            // "So I'm paying twice?", "So when does it get here?": "so" opening a sentence that
            // sums up at the customer's expense or presses for an answer
            if (w == "so" && (i == 0 || a.SentenceStarts(i)) && a.SentenceIsQuestion(i))
            {
                complaint += 1;
            }

            if ((c & ToneWord.ServiceEvent) != 0 && (negated || (i > 0 && words[i - 1] is "nobody's" or "nothing's")))
            {
                complaint += 1;
                support = true;
            }

            if (((c & ToneWord.TimeUnit) != 0 && IsWait(a, i)) || GluedWait(a, i))
            {
                complaint += 1;
                waited = true;
                support = true;
            }

            if (w is "thank" or "thanks" or "cheers" && thanksWord < 0)
            {
                thanksWord = i;
            }

            if ((c & ToneWord.Praise) != 0 && !negated)
            {
                praise++;
                capsPraise |= shouted;
            }

            if (w is not ("thanks" or "thank" or "cheers" or "ok" or "okay" or "alright" or "fine" or "right") && Lexicon.Category.TryGetValue(w, out var cat) && cat is "_positive" or "_positive2" && !negated)
            {
                positiveWords = true;
            }

            // "sorry, I gave you the wrong date": the customer apologising (not "sorry, what?",
            // "sorry but", "sorry to say")
            apology |= w is "sorry" or "apologies" && !negated
                && (i + 1 >= words.Count || words[i + 1] is not ("what" or "but" or "to" or "that" or "you" or "for" or "about"))
                && (i == 0 || words[i - 1] is not ("feel" or "be" or "you'll" or "you're" or "you" or "not"));

            // "Now.": an ultimatum on its own; "Cancel it now.": a bare demand after the thing
            // demanded, in a short clause that opens with the verb
            if (w == "now" && a.IsWholeSentence(i))
            {
                anger += 2;
            }
            else if (w == "now" && i > 0 && a.EndsClause(i)
                && ((words[i - 1] is "it" or "me" or "this" or "that" or "them" or "one" or "him" or "her" or "up" or "back"
                        && i - a.ClauseStart(i) <= 4 && !SubjectWords.Contains(words[a.ClauseStart(i)]))))
            {
                anger += 1;
            }
        }
    }

    /// <summary>
    /// The customer's mood: the heat model's label, moved by the markers. Anger markers that add
    /// up (two or more) make it Angry, and Angry needs at least one; a complaint or an anger marker
    /// makes a calm reading Annoyed unless the message is warm; sarcasm is at least Annoyed; plain
    /// thanks ("Right. Thanks.") and a positive reading with nothing positive in it are Neutral.
    /// </summary>
    public static int Mood(int mood, Tone tone, SignalKind signals, bool positiveCue)
    {
        const int positive = 0, neutral = 1, annoyed = 2, angry = 3;
        // two anger markers, or a pile-up of grievances in support talk
        if (!tone.Warm && (tone.Anger >= AngryAt || (tone.Support && tone.Complaint >= 3)))
        {
            return angry;
        }

        // the remedy's vocabulary ("let's do the refund, thanks") is no complaint once the customer accepts or thanks
        var settling = (signals & (SignalKind.Acceptance | SignalKind.Thanks)) != 0;
        if (mood == angry && tone.Anger < 1 && tone.Support)
        {
            mood = annoyed;
        }

        // a customer saying sorry, with nothing to complain of, is not annoyed
        if (mood == annoyed && tone.Apology && tone.Anger < 1 && tone.Complaint < 1)
        {
            mood = neutral;
        }

        if (tone.Sarcastic || ((tone.Anger >= 1 || (tone.Complaint >= 1 && tone.Support && !settling)) && !tone.Warm))
        {
            return Math.Max(mood, annoyed);
        }

        if (mood == positive && (tone.PlainThanks
            || ((tone.Answer || !positiveCue) && !tone.PositiveWords && (signals & (SignalKind.Thanks | SignalKind.Acceptance | SignalKind.Calming)) == 0)))
        {
            return neutral;
        }

        return mood;
    }

    /// <summary>"for five weeks", "two days ago", "40mins late": a stretch of time waited.</summary>
    private static bool IsWait(SignalReader.Analysis a, int unit)
    {
        var words = a.Words;
        var n = unit - 1;
        if (n < 0 || !(NumberWords.Contains(words[n]) || IsNumber(words[n])))
        {
            return false;
        }

        for (var k = n - 1; k >= Math.Max(0, n - 3); k--)
        {
            if (WaitBefore.Contains(words[k]))
            {
                return true;
            }
        }

        return unit + 1 < words.Count && WaitAfter.Contains(words[unit + 1]) && (words[unit + 1] != "ago" || ShortUnits.Contains(words[unit]));
    }

    /// <summary>"40mins late", "45mins ago": a number glued to its unit.</summary>
    private static bool GluedWait(SignalReader.Analysis a, int word)
    {
        var w = a.Words[word];
        if (w.Length < 3 || !char.IsDigit(w[0]))
        {
            return false;
        }

        var k = 0;
        while (k < w.Length && char.IsDigit(w[k]))
        {
            k++;
        }

        return k < w.Length && TimeUnits.Contains(w[k..])
            && ((word + 1 < a.Words.Count && WaitAfter.Contains(a.Words[word + 1])) || (word > 0 && WaitBefore.Contains(a.Words[word - 1])));
    }

    /// <summary>"that's outrageous", "it was a joke", "you're all thieves", "shame on them".</summary>
    private static bool Predicated(SignalReader.Analysis a, int word)
    {
        if (word + 1 < a.Words.Count && a.Words[word + 1] == "on")
        {
            return true;
        }

        for (var k = word - 1; k >= Math.Max(0, word - 4) && !a.HasBreakBetween(k, word); k--)
        {
            if (a.Words[k] is "is" or "are" or "was" or "were" or "am" or "i'm" or "feel" or "that's" or "it's" or "you're" or "this's" or "what's"
                or "absolutely" or "completely" or "totally" or "utterly")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNumber(string w) => w.Length > 0 && char.IsDigit(w[0]);

    private static bool HasIntensifierNear(SignalReader.Analysis a, int word)
    {
        for (var k = word + 1; k < Math.Min(a.Words.Count, word + 4); k++)
        {
            if (a.Info[k].Is(SignalReader.WordClass.Intensifier) || a.Words[k] is "much" or "lot" or "loads")
            {
                return true;
            }
        }

        return false;
    }
}
