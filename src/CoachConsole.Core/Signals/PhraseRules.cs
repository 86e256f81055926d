using System.Collections.Frozen;
using System.Runtime.InteropServices;
using CoachConsole.Core.Conversations;

namespace CoachConsole.Core.Signals;

/// <summary>
/// Cue phrases for the flag signals, compiled into a trie over normalised words. A phrase is
/// words separated by spaces; "a|an" is a choice ("i'm|i+am": "+" joins
/// the words of one alternative), a trailing "?" makes a word optional, "*" is any
/// one word and "@name" a word class. Matching walks the trie from each word, so the cost is
/// linear in the number of words (times the longest phrase).
/// </summary>
internal static partial class PhraseRules
{
    private static readonly FrozenDictionary<string, FrozenSet<string>> Classes = new Dictionary<string, FrozenSet<string>>
    {
        ["@talk"] = Words("talk talking speak speaking chat chatting contact contacting reach reaching connect connecting call calling transfer transferring put escalate escalating"),
        ["@human"] = Words("human humans person someone somebody manager managers supervisor supervisors representative representatives rep operator boss superior agent staff employee anyone anybody"),
        ["@contacted"] = Words("called call calling contacted contact phoned phone emailed email chatted chat messaged written wrote reached tried complained explained rang"),
        ["@count"] = Words("two three four five six seven eight nine ten twenty several many multiple numerous countless dozen 2 3 4 5 6 7 8 9 10 12 15 20 100"),
        ["@ordinal"] = Words("second third fourth fifth sixth seventh eighth ninth tenth hundredth umpteenth nth 2nd 3rd 4th 5th 6th 7th 8th 9th 10th millionth"),
        ["@cancel"] = Words("cancel cancelling canceling close closing terminate terminating end ending quit delete deleting"),
        ["@mine"] = Words("my the this our"),
        ["@product"] = Words("account subscription contract service services plan membership order policy line package"),
        ["@soon"] = Words("tomorrow today tonight monday tuesday wednesday thursday friday weekend morning afternoon eod noon"),
        ["@wh"] = Words("what when where which how who why"),
        ["@aux"] = Words("did does do is was were are has have exactly long much many time day"),
        ["@boss"] = Words("manager managers supervisor supervisors boss superior superiors senior"),
        ["@rival"] = Words("provider company supplier bank carrier airline network store shop retailer insurer broadband"),
        ["@fixed"] = Words("fixed sorted solved resolved working"),
        ["@feel"] = Words("frustrating frustrated upsetting upset annoying annoyed stressful disappointing disappointed difficult hard awful infuriating"),
    }.ToFrozenDictionary();

    private static readonly (SignalKind Signal, Speaker Speaker, string Phrases)[] CustomerDefinitions =
    [
        (SignalKind.Abuse, Speaker.Customer, """
            fuck|screw|damn|fk|fuk|fuckin|fucking you|off|yourself|urself|your|ur|u|ya
            go fuck|screw yourself|urself|off|die
            shut up|it
            shut the fuck|hell up
            you|you're|youre|ur are? a|an? total|complete|absolute|utter? waste of space|oxygen|air|skin
            i know|found where you live|work|are|sleep|park
            i know|found where your *? office|branch|store|shop|house|home|family|kids|depot|building|car|address|desk
            i know|found which *? office|branch|store|shop|depot|building you work|are
            i know|found your address
            i'll|i+will find you
            i'll|i+will find|found out where you|your
            watch yourself
            watch your back
            stfu|kys|gtfo
            go to hell
            drop dead
            kill|hurt|find|punch|slap|strangle|rape you|yourself|u
            get lost
            get the fuck|hell out
            piss off
            bite me
            suck|lick my|me|it|this|mine
            eat shit|dick|my
            kiss my ass|arse
            up yours
            you suck|stink
            you *? suck|stink
            you piss|pisses me off
            wrong with you
            what's|what|wtf your problem
            your mom|mum|mama|momma|mother|mums|moms|mommy|dad|father|sister
            make love
            kiss|touch|lick|marry|date|undress you
            jack|jerk off
            get into your pants
            want to? see you naked
            you make me sick
            i hate you
            who asked you
            talk dirty
            fuck|screw|bang|shag me
            let's|lets fuck|bang|screw|shag
            want|wanna|like to? fuck|bang|shag
            have|having sex
            son of a bitch
            you|you're|youre|ur a? piece of shit|crap|garbage|trash
            piece of shit|crap|garbage|trash you are|you're|u|ur
            piece of shit|crap|garbage|trash like|that you
            """),
        (SignalKind.ManagerRequest, Speaker.Customer, """
            @talk to|with|through|me|over? *? *? @human
            @talk me|us through|over to|with *? *? @human
            human|real|live|actual agent|person|human|one
            someone|somebody|anyone|anybody in charge
            someone|somebody|anyone|anybody above|senior|more+senior|higher|important
            someone|somebody|anyone|anybody that|who matters
            like|want|need this|it|my|the complaint|case|issue|matter? escalated
            higher up|ups
            get|fetch|bring|find|give me|us? your|a|the|an @boss
            get|fetch|bring|find your|a|the|an @boss
            i|we want|need|demand|request your|a|the|an @boss
            i|we want|need|demand|request to see|have your|a|the|an @boss
            i'd|i+would|we'd like your|a|the|an @boss
            i'd|i+would|we'd like to see|have your|a|the|an @boss
            where|who is|are your|the @boss
            where's|who's your|the @boss
            can|could|may i|we have|get|see your|a|the @boss
            put your|a|the @boss on
            your|a|the @boss please|now|pls
            i|we want|need|demand this|it|my+complaint|my+case|my+issue escalated
            escalate this|it|my|me|please|the+issue|the+matter
            please escalate
            can|could|would you escalate
            get|put|transfer me to someone|somebody|anyone else
            can|could|may i|we speak|talk to someone|somebody|anyone else
            someone|somebody|anyone else please
            someone|somebody|anyone|human|humans|person|agent available
            a|an|any real? human|humans
            """),
        (SignalKind.Acceptance, Speaker.Customer, """
            that|this|it works|would+work|will+work|could+work
            works for me
            sounds good|great|fine|perfect|fair|ok|okay
            ok|okay|alright|yes|yeah|sure let's|lets do
            let's|lets do that|it|this
            i'll|i+will take that|it|this|one
            i'd|i+would like that|this|it
            yes|yeah|yep please|go|ok|okay
            that's|thats fine|perfect|great|acceptable|okay|ok|good
            that is fine|perfect|great|acceptable|okay|ok|good
            go ahead
            deal
            i accept|agree
            fine by me
            please do
            i'd like that
            i'll|i+will do that|it|this
            i'll|i+will hold you to that|it
            let's|lets do|go+with|try|book the|a|an
            it's|it+is fine|okay|ok|alright
            at least i know
            would|will work|suit|do for me
            would|will work|suit
            yes|yeah|yep|ok|okay please
            """),
        (SignalKind.Rejection, Speaker.Customer, """
            not good enough
            doesn't|won't|does+not|will+not|wouldn't|didn't help|work|solve|fix
            no way
            not acceptable|ok|okay|fair|happening|interested|an option
            unacceptable
            i|we don't|do+not want that|this|a|an|it|your
            that's|that+is not what i
            no thanks|thank
            i refuse
            i won't|will+not accept
            i don't|do+not accept
            forget it
            that's|thats|that+is useless|ridiculous|pointless|a joke
            """),
        (SignalKind.Calming, Speaker.Customer, """
            thank|thanks
            appreciate|appreciated|grateful|thankful|relieved|relief|phew
            that|this helps|helped
            that's|that+is|very|so|really helpful
            makes sense
            fair enough
            no worries
            that's|that+is okay|ok|fine|alright|great|perfect|a relief
            sounds good|great|perfect
            that works
            sorry for|about swearing|shouting|snapping|being|earlier|that|the|my
            i|i'm don't|do+not|didn't mean to be? rude|shout|snap|swear
            i know it's|it+is|it+isn't not your fault
            not your fault
            """),
        (SignalKind.Thanks, Speaker.Customer, """
            thank|thanks|cheers|thx
            much appreciated
            appreciate it|that|this|your|the|you
            that's|that+has|that+is|it's|it+has|that+have|that|it|this|everything|all|we're|i'm @fixed
            that's|that+has|that|it|this fixed|sorted|solved it|that|everything
            that|it|this worked|works|did+it|did+the+trick
            that's|that+has|it's|it+has|has worked|helped
            problem|issue solved|resolved|fixed|sorted
            all|everything working|sorted|fixed|good
            i'm|i+am in
            it's|its connected|working
            """),
        (SignalKind.ThreatToLeave, Speaker.Customer, """
            @cancel @mine @product
            cancel|cancelling|canceling it|everything|all
            i'm|i+am|i'll|i+will|going|want to? cancelling|canceling|cancel|leaving|leave|done
            switch|switching|move|moving|go|going to|over? another|a|your competitor|competitors|provider|company|bank|supplier|elsewhere
            take|taking my business|money|custom elsewhere
            another @rival
            a different|new @rival
            take|taking my business|money|custom else+where|somewhere+else
            lost|lose|losing me|us as a? customer|customers
            lost|lose|losing a|another|@count customer|customers
            customer|customers just? lost
            won't|will+not|not be? renew|renewing|renewed
            stop|stopped being a|your customer
            stop|stopped using|buying|ordering|shopping
            not|never coming|come|be back
            not|never be coming back
            won't|will+not be coming? back
            using|use|go+with|going+with them|someone+else|another from now on
            using|use|go+with|going+with them|someone+else|another instead
            other|another lot|company|companies|provider|providers|network|networks|bank|banks|airline|airlines are|is doing|offering
            lawyer|lawyers|attorney|solicitor|sue|suing|lawsuit|ombudsman|regulator|chargeback|bbb
            legal action
            take|taking you to court
            never use|buy|order|shop you|from|with? again
            done with you|this|your
            """),
        (SignalKind.RepeatContact, Speaker.Customer, """
            @ordinal time|times|call|attempt
            @contacted *? *? *? @count times
            @count times already|now|today|this
            already @contacted|told|spoke|explained|been|tried|asked
            @contacted before|already|again|repeatedly|multiple|several|twice
            again and again
            over and over
            keep|kept calling|having|getting|contacting|asking
            every time i|someone|they|you|we
            still not|isn't|hasn't|haven't|no fixed|resolved|sorted|working|answer|response|reply|refund
            still waiting
            same problem|issue again
            how many times
            """),
    ];

    /// <summary>Every speaker's phrases: the customer's here, the agent's in PhraseRules.Agent.cs.</summary>
    private static readonly (SignalKind Signal, Speaker Speaker, string Phrases)[] Definitions = [.. CustomerDefinitions, .. AgentDefinitions];

    private sealed class Node
    {
        public Dictionary<string, Node> Words { get; } = new(StringComparer.Ordinal);
        public List<(int ClassBit, Node Next)> ClassEdges { get; } = [];
        public Node? Any { get; set; }

        /// <summary>Indexes (into <see cref="Signals"/>) of the signals whose phrase ends here.</summary>
        public List<int> Ends { get; } = [];
    }

    /// <summary>The signals with phrases, indexed as in <see cref="Node.Ends"/>.</summary>
    public static readonly SignalKind[] Signals = DistinctSignals();

    // (start-up code here is written as plain loops: a query over a value type, or a collection of
    // one, is compiled afresh at every start of the command line)

    /// <summary>Each class's bit, and each word's class bits: one lookup per word instead of one per class edge.</summary>
    private static readonly FrozenDictionary<string, int> ClassBits = BuildClassBits();

    private static SignalKind[] DistinctSignals()
    {
        var signals = new SignalKind[Definitions.Length];
        var count = 0;
        foreach (var (signal, _, _) in Definitions)
        {
            if (IndexOf(signals.AsSpan(0, count), signal) < 0)
            {
                signals[count++] = signal;
            }
        }

        return signals[..count];
    }

    private static int IndexOf(ReadOnlySpan<SignalKind> signals, SignalKind signal)
    {
        for (var i = 0; i < signals.Length; i++)
        {
            if (signals[i] == signal)
            {
                return i;
            }
        }

        return -1;
    }

    private static FrozenDictionary<string, int> BuildClassBits()
    {
        var bits = new Dictionary<string, int>(StringComparer.Ordinal);
        var i = 0;
        foreach (var name in Classes.Keys.Order(StringComparer.Ordinal))
        {
            bits[name] = 1 << i++;
        }

        return bits.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static readonly FrozenDictionary<string, int> WordClasses = BuildWordClasses();

    private static FrozenDictionary<string, int> BuildWordClasses()
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, words) in Classes)
        {
            foreach (var w in words)
            {
                map[w] = map.GetValueOrDefault(w) | ClassBits[name];
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>One trie per speaker holding every signal's phrases, so one walk finds them all.</summary>
    private static readonly Node?[] Roots = Build();

    private static FrozenSet<string> Words(string s) =>
        s.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The tries, by speaker.</summary>
    private static Node?[] Build()
    {
        var roots = new Node?[2];
        foreach (var (signal, speaker, phrases) in Definitions)
        {
            if ((int)speaker >= roots.Length)
            {
                Array.Resize(ref roots, (int)speaker + 1);
            }

            var root = roots[(int)speaker] ??= new Node();
            var index = IndexOf(Signals, signal);
            foreach (var line in phrases.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                foreach (var seq in Expand(line.Split(' ', StringSplitOptions.RemoveEmptyEntries), 0))
                {
                    Add(root, seq, index);
                }
            }
        }

        return roots;
    }

    private static IEnumerable<List<string>> Expand(string[] parts, int i)
    {
        if (i == parts.Length)
        {
            yield return [];
            yield break;
        }

        var part = parts[i];
        var optional = part.Length > 1 && part.EndsWith('?');
        if (optional)
        {
            part = part[..^1];
        }

        foreach (var rest in Expand(parts, i + 1))
        {
            if (optional)
            {
                yield return rest;
            }

            foreach (var alt in part.Split('|'))
            {
                // "i+am" is one alternative of two words
                var list = new List<string>(alt.Split('+'));
                list.AddRange(rest);
                yield return list;
            }
        }
    }

    private static void Add(Node root, List<string> seq, int signal)
    {
        if (seq.Count == 0)
        {
            return;
        }

        var node = root;
        foreach (var w in seq)
        {
            if (w == "*")
            {
                node.Any ??= new Node();
                node = node.Any;
            }
            else if (w.StartsWith('@') && ClassBits.TryGetValue(w, out var bit))
            {
                var edge = default((int ClassBit, Node Next));
                foreach (var e in node.ClassEdges)
                {
                    if (e.ClassBit == bit)
                    {
                        edge = e;
                        break;
                    }
                }

                if (edge.Next is null)
                {
                    edge = (bit, new Node());
                    node.ClassEdges.Add(edge);
                }

                node = edge.Next;
            }
            else
            {
                if (!node.Words.TryGetValue(w, out var next))
                {
                    next = new Node();
                    node.Words[w] = next;
                }

                node = next;
            }
        }

        if (!node.Ends.Contains(signal))
        {
            node.Ends.Add(signal);
        }
    }

    /// <summary>
    /// Finds the speaker's cue phrases in the word sequence: for each signal and start, the
    /// longest match; a signal's matches do not overlap. Reports (signal, first word, word count).
    /// </summary>
    public static void Match(Speaker speaker, IReadOnlyList<string> words, List<(SignalKind Signal, int Start, int Count)> found)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(found);
        if ((uint)speaker >= (uint)Roots.Length || Roots[(int)speaker] is not { } root)
        {
            return;
        }

        // the words as a span: the walk below reads them many times
        ReadOnlySpan<string> text = words switch
        {
            List<string> list => CollectionsMarshal.AsSpan(list),
            string[] array => array,
            _ => [.. words],
        };
        var classes = text.Length <= 256 ? stackalloc int[text.Length] : new int[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            classes[i] = WordClasses.TryGetValue(text[i], out var bits) ? bits : 0;
        }

        Span<int> best = stackalloc int[Signals.Length];
        Span<int> next = stackalloc int[Signals.Length];
        next.Clear();
        for (var i = 0; i < text.Length; i++)
        {
            best.Clear();
            Walk(root, text, classes, i, 0, best);
            for (var s = 0; s < best.Length; s++)
            {
                if (best[s] > 0 && i >= next[s])
                {
                    found.Add((Signals[s], i, best[s]));
                    next[s] = i + best[s];
                }
            }
        }
    }

    private static void Walk(Node node, ReadOnlySpan<string> words, ReadOnlySpan<int> classes, int i, int depth, Span<int> best)
    {
        foreach (var s in CollectionsMarshal.AsSpan(node.Ends))
        {
            best[s] = Math.Max(best[s], depth);
        }

        if (i >= words.Length || depth >= 12)
        {
            return;
        }

        var w = words[i];
        if (node.Words.TryGetValue(w, out var next))
        {
            Walk(next, words, classes, i + 1, depth + 1, best);
        }

        foreach (var (bit, n) in CollectionsMarshal.AsSpan(node.ClassEdges))
        {
            if ((classes[i] & bit) != 0)
            {
                Walk(n, words, classes, i + 1, depth + 1, best);
            }
        }

        if (node.Any is not null)
        {
            Walk(node.Any, words, classes, i + 1, depth + 1, best);
        }
    }
}
