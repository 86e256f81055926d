using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CoachConsole.Core.Coaching;

/// <summary>
/// Turns a conversation's details into the words a phrasing needs, written the way a person would
/// write them: how to address the customer, the agent's name, the issue as a noun phrase spoken to
/// the customer, and the options as a list. Each returns null when the detail cannot be made to
/// read well, so the card that needs it is not shown.
/// </summary>
public static partial class Placeholders
{
    /// <summary>The most words an issue phrase may have; a longer one loses its last prepositional phrases.</summary>
    public const int MaxIssueWords = 8;

    /// <summary>The most characters an issue phrase may have.</summary>
    public const int MaxIssueLength = 60;

    /// <summary>A summary longer than this is a pasted message, not a topic.</summary>
    private const int MaxIssueInput = 200;

    private const int MaxNameInput = 100;
    private const int MaxNameWord = 40;

    private static readonly FrozenDictionary<string, string> Titles = new Dictionary<string, string>
    {
        ["mr"] = "Mr",
        ["mister"] = "Mr",
        ["mrs"] = "Mrs",
        ["ms"] = "Ms",
        ["miss"] = "Miss",
        ["mx"] = "Mx",
        ["dr"] = "Dr",
        ["doctor"] = "Dr",
        ["prof"] = "Prof",
        ["professor"] = "Professor",
        ["rev"] = "Rev",
        ["revd"] = "Revd",
        ["sir"] = "Sir",
        ["dame"] = "Dame",
        ["mme"] = "Mme",
        ["herr"] = "Herr",
        ["frau"] = "Frau",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Titles used with the given name ("Sir John"), not the surname.</summary>
    private static readonly FrozenSet<string> GivenNameTitles = Set("sir", "dame");

    private static readonly FrozenSet<string> NameSuffixes = Set("jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "mba", "obe", "mbe", "cbe", "kc", "qc");

    /// <summary>Surname particles kept with the surname: "Dr van Dijk".</summary>
    private static readonly FrozenSet<string> SurnameParticles = Set("van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "la", "le", "ter", "ten", "bin", "ibn", "al");

    /// <summary>Words that stand in for a name rather than being one, wherever they appear.</summary>
    private static readonly FrozenSet<string> StandInWords = Set(
        "the", "customer", "customers", "client", "caller", "visitor", "user", "unknown", "anonymous", "anon",
        "undefined", "null", "none", "unnamed", "agent", "n/a");

    /// <summary>Placeholders typed into a name field: "NA", "TBC", "xxx".</summary>
    private static readonly FrozenSet<string> WholeStandIns = Set("na", "nn", "x", "xx", "xxx", "tbc", "tbd", "asdf", "test", "sample", "nobody");

    /// <summary>Words that stand in for a name when they come first: "Guest", "Valued Customer", "Dear Sir".</summary>
    private static readonly FrozenSet<string> FirstStandInWords = Set(
        "guest", "valued", "dear", "test", "someone", "somebody", "member", "mystery", "web", "chat", "madam",
        "hi", "hello", "name", "no", "not", "a", "an", "my", "your", "our", "their", "his", "her");

    /// <summary>First words that make the summary a sentence or a question, not a topic.</summary>
    private static readonly FrozenSet<string> SentenceStarts = Set(
        "i", "i'm", "im", "i've", "ive", "i'd", "id", "i'll", "we", "we're", "we've", "you", "you're", "he", "she",
        "it", "it's", "its", "they", "they're", "there", "there's", "theres", "me", "us", "them", "him",
        "why", "how", "what", "when", "where", "who", "whom", "which", "whose", "please", "hi", "hello", "hey",
        "dear", "yes", "no", "not", "never", "unable", "cannot", "can't", "cant");

    /// <summary>Words that end the noun phrase and start a clause: "parcel | never arrived".</summary>
    private static readonly FrozenSet<string> ClauseWords = Set(
        "never", "not", "no", "still", "again", "twice", "yet", "already", "just", "also", "even", "now", "then",
        "is", "isn't", "isnt", "are", "aren't", "arent", "was", "wasn't", "wasnt", "were", "weren't", "werent",
        "be", "been", "being", "am", "has", "hasn't", "hasnt", "have", "haven't", "havent", "had", "hadn't", "hadnt",
        "do", "does", "doesn't", "doesnt", "did", "didn't", "didnt", "don't", "dont", "will", "won't", "wont",
        "would", "wouldn't", "wouldnt", "can", "can't", "cant", "cannot", "could", "couldn't", "couldnt",
        "should", "shouldn't", "shouldnt", "may", "might", "must", "shall", "ain't", "aint",
        "that", "which", "who", "whose", "where", "when", "while", "because", "since", "as", "so", "but", "although",
        "though", "until", "unless", "if", "after", "before", "despite", "whereas", "than", "cos", "coz", "cuz",
        "i", "i'm", "im", "i've", "ive", "we", "we're", "you", "you're", "he", "she", "it", "it's", "they", "they're",
        "there", "there's", "theres", "please", "pls", "plz", "asap", "etc");

    /// <summary>Verbs that are never part of the topic's noun phrase.</summary>
    private static readonly FrozenSet<string> Verbs = Set(
        "arrive", "arrives", "came", "come", "comes", "went", "goes", "broke", "breaks", "stops", "fails",
        "keeps", "kept", "got", "gets", "took", "takes", "left", "sent", "sends", "shows", "says", "said", "needs",
        "wants", "seems", "looks", "made", "makes", "done", "gone", "given", "shown", "taken", "stolen", "stuck",
        "ran", "runs", "drops", "crashes", "won", "lost", "owes", "won't", "hasnt", "sucks", "disappears", "happens",
        "drains", "freezes", "leaks", "overheats", "beeps", "flickers", "disconnects", "restarts", "reboots", "drips",
        "smells", "held", "told", "sold", "paid", "bought", "brought", "caught", "found", "spent", "fallen", "thrown",
        "written", "hidden", "forgotten", "frozen", "eaten", "torn", "worn", "shut");

    /// <summary>Verbs that start a report of what happened, never an adjective: "received | wrong item", "want | a refund".</summary>
    private static readonly FrozenSet<string> ActionVerbs = Set(
        "received", "wanted", "wants", "needed", "tried", "trying", "called", "contacted", "emailed", "rang", "asked",
        "asking", "waited", "chasing", "chased", "reported", "reporting", "complained", "complaining", "bought",
        "ordered", "purchased", "got", "says", "said");

    /// <summary>Requests that start a summary: "want a refund", "cancel my contract".</summary>
    private static readonly FrozenSet<string> Requests = Set("want", "need", "cancel", "get", "make", "receive", "chase", "stop", "close");

    /// <summary>Words that describe the thing after it: "parcel | late", "router | missing".</summary>
    private static readonly FrozenSet<string> Predicates = Set(
        "late", "missing", "broken", "lost", "stuck", "gone", "wrong", "faulty", "down", "dead", "overdue",
        "unpaid", "incorrect", "unavailable", "empty", "offline", "unusable", "useless", "rubbish", "awful", "terrible",
        "slow", "high", "higher", "low", "lower", "expensive", "noisy", "cold", "dirty", "unhelpful", "rude", "unreliable",
        "patchy", "wet", "unsafe", "short");

    /// <summary>Words that cannot follow an adjective inside a noun phrase, so the word before them is said of the thing.</summary>
    private static readonly FrozenSet<string> FunctionWords = Set(
        "on", "for", "with", "from", "of", "in", "at", "to", "about", "over", "under", "into", "onto", "between",
        "by", "via", "without", "per", "across", "through", "towards", "during", "within", "out", "up", "off",
        "back", "away", "and", "or", "a", "an", "the", "my", "our", "your", "this", "these", "those", "me", "us",
        "them", "him", "again", "twice", "yet", "today", "yesterday", "tonight", "tomorrow", "every", "each",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "last", "next", "all", "too",
        "very", "really", "completely", "totally");

    /// <summary>Words a noun phrase cannot end with.</summary>
    private static readonly FrozenSet<string> Dangling = Set(
        "and", "or", "&", "plus", "a", "an", "the", "my", "our", "your", "this", "these", "those", "very", "too", "all",
        "every", "each", "last", "next", "really", "completely", "totally");

    private static readonly FrozenSet<string> Prepositions = Set(
        "on", "for", "with", "from", "of", "in", "at", "to", "about", "over", "under", "into", "onto", "between",
        "by", "via", "without", "per", "across", "through", "towards", "during", "within", "regarding", "re");

    /// <summary>Words ending in -ed that are not verbs.</summary>
    private static readonly FrozenSet<string> EdNouns = Set(
        "bed", "shed", "speed", "feed", "seed", "weed", "need", "deed", "breed", "creed", "greed", "steed", "red",
        "hundred", "infrared", "kindred", "sofabed", "flatbed", "seabed", "newsfeed");

    /// <summary>Words ending in -ing that are things, not actions.</summary>
    private static readonly FrozenSet<string> IngNouns = Set(
        "booking", "billing", "heating", "parking", "wedding", "shipping", "packaging", "pricing", "clothing",
        "housing", "building", "meeting", "setting", "settings", "listing", "bedding", "lighting", "flooring",
        "plumbing", "wiring", "roaming", "banking", "boarding", "training", "funding", "rating", "reading",
        "recording", "warning", "landing", "ceiling", "morning", "evening", "something", "nothing", "anything",
        "thing", "things", "ring", "king", "string", "spring", "wing", "lining", "filling", "fitting", "opening",
        "handling", "processing", "streaming", "ticketing", "login", "hosting", "cladding", "railing", "awning",
        "decking", "fencing", "painting", "recordings", "bookings", "meetings", "readings", "earring", "earrings",
        "washing", "cooking", "sewing", "vending", "dining", "living", "sitting", "sleeping", "swimming", "shopping",
        "charging", "hearing", "running", "walking", "camping", "baking", "tracking", "messaging", "calling",
        "printing", "loading", "mailing", "ceiling", "frosting", "dressing", "stuffing", "topping", "seating");

    /// <summary>Things that belong to the customer: with no determiner, "parcel never came" becomes "your parcel".</summary>
    private static readonly FrozenSet<string> OwnedNouns = Set(
        "account", "accounts", "order", "orders", "parcel", "parcels", "package", "packages", "delivery", "bill",
        "bills", "invoice", "booking", "reservation", "subscription", "membership", "contract", "plan", "policy",
        "claim", "refund", "payment", "payments", "card", "phone", "mobile", "broadband", "internet", "wifi", "wi-fi",
        "router", "connection", "password", "login", "car", "flight", "flights", "ticket", "tickets", "home", "boiler",
        "appointment", "application", "complaint", "loan", "mortgage", "pension", "statement", "balance", "luggage",
        "bag", "bags", "suitcase", "device", "laptop", "tv", "meter", "energy", "gas", "electricity", "water", "heating",
        "fridge", "freezer", "dishwasher", "oven", "cooker", "sofa", "mattress", "television", "tablet", "washing",
        "deposit", "battery", "screen", "landline", "sim", "tariff", "premium", "premiums", "renewal", "warranty");

    /// <summary>"a lot of", "a few": the article stays.</summary>
    private static readonly FrozenSet<string> QuantityAfterA = Set("lot", "few", "couple", "bit", "number", "bunch", "little", "load", "handful", "series");

    /// <summary>Possessives that become "your" when the issue is said to the customer.</summary>
    private static readonly FrozenSet<string> CustomersPossessive = Set(
        "my", "our", "his", "her", "their", "customer's", "customers'", "client's", "caller's", "cust's", "your");

    /// <summary>A noun that is the customer themself: a summary that starts with it is a report, not a topic.</summary>
    private static readonly FrozenSet<string> PersonNouns = Set("customer", "client", "caller", "cust", "user");

    /// <summary>Words that modify a verb or noun but are not a thing: "double charged", "wrongly billed".</summary>
    private static readonly FrozenSet<string> Modifiers = Set("double", "triple", "over", "under", "wrongly", "incorrectly", "falsely", "mistakenly", "twice", "again");

    /// <summary>
    /// How to address a person: the first name ("Rachel Moss" → "Rachel"), or the title and surname
    /// when the name starts with a title ("Mrs. J. Ellis" → "Mrs Ellis"). Null when there is no name to
    /// use: empty, a bare title, a stand-in such as "the customer" or "Unknown", an e-mail address, a number, a handle.
    /// </summary>
    public static string? Person(string? name) => Address(name, preferGivenName: false);

    /// <summary>
    /// The given name an agent introduces themself by ("Ana Ruiz" → "Ana", "Dr Amara Singh" → "Amara");
    /// the title and surname only when no given name is known. Null as for <see cref="Person"/>.
    /// </summary>
    public static string? GivenName(string? name) => Address(name, preferGivenName: true);

    /// <summary>
    /// The issue as a noun phrase said to the customer: "my parcel never arrived" → "your parcel",
    /// "a late delivery" → "the late delivery", "replacement router never sent (third contact)" →
    /// "the replacement router". Null when the summary cannot be made into one: empty, a question,
    /// a sentence about the customer ("I was charged twice"), only a verb clause ("cant log in"), or too long.
    /// </summary>
    public static string? Issue(string? summary)
    {
        var text = Clean(summary);
        if (text.Length == 0 || text.Length > MaxIssueInput || text.Contains('?', StringComparison.Ordinal))
        {
            return null;
        }

        text = Parenthetical().Replace(text, " ");
        var open = text.IndexOfAny(['(', '[']);
        if (open >= 0)
        {
            text = text[..open];
        }

        text = FirstClause(text);
        if (text.Length == 0)
        {
            return null;
        }

        // Written in another script: the agent's own words, as they are.
        if (!text.Any(IsLatinLetter))
        {
            return text.Any(char.IsLetter) && text.Length <= MaxIssueLength ? text : null;
        }

        if (!text.Any(char.IsLower) && text.Count(char.IsLetter) >= 4)
        {
            text = text.ToLowerInvariant();
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 30)
        {
            return null;
        }

        words[0] = LowerSentenceCase(words[0]);
        if (SentenceStarts.Contains(Key(words[0])))
        {
            return null;
        }

        // The determiner: the customer's things are "your"; "a"/"some" become "the".
        string? determiner = null;
        var first = Key(words[0]);
        if (CustomersPossessive.Contains(first))
        {
            determiner = "your";
        }
        else if (first is "a" or "an" && words.Count > 1 && QuantityAfterA.Contains(Key(words[1])))
        {
            determiner = words[0];
        }
        else if (first is "a" or "an" or "the" or "some" or "any")
        {
            determiner = "the";
        }
        else if (first is "this" or "that" or "these" or "those" or "another" or "several" or "both")
        {
            determiner = words[0];
        }

        var bare = determiner is null;
        var body = bare ? words : words.Skip(1).ToList();

        // "the customer's parcel": the possessive after the article is the customer's.
        if (body.Count > 0 && CustomersPossessive.Contains(Key(body[0])))
        {
            determiner = "your";
            bare = false;
            body.RemoveAt(0);
        }

        body = body.Take(NounPhraseEnd(body, bare)).ToList();
        for (var i = 1; i < body.Count; i++)
        {
            body[i] = Inner(body, i);
        }

        while (body.Count > 0 && (Dangling.Contains(Key(body[^1])) || Prepositions.Contains(Key(body[^1]))))
        {
            body.RemoveAt(body.Count - 1);
        }

        // Nothing left, only the customer ("customer says ..."), or only a modifier ("double | charged").
        if (body.Count == 0 || (body.Count == 1 && PersonNouns.Contains(Key(body[0]))) || Modifiers.Contains(Key(body[^1]))
            || !body.Any(w => w.Any(char.IsLetter)))
        {
            return null;
        }

        determiner ??= OwnedNouns.Contains(Key(body[0])) ? "your" : "the";

        // Too long: drop prepositional phrases from the end while that helps.
        while (body.Count + 1 > MaxIssueWords || Length(determiner, body) > MaxIssueLength)
        {
            var cut = body.FindLastIndex(w => Prepositions.Contains(Key(w)));
            if (cut <= 0)
            {
                return null;
            }

            body.RemoveRange(cut, body.Count - cut);
        }

        return determiner + " " + string.Join(' ', body);
    }

    /// <summary>The options as a person lists them: "a or b", "a, b or c"; null when there are none.</summary>
    public static string? Options(IReadOnlyList<string>? options)
    {
        if (options is null)
        {
            return null;
        }

        var items = options
            .Select(o => Clean(o).TrimStart('-', '*', '•', ' ').TrimEnd('.', ',', ';', ':', '!', '?', '…', ' '))
            .Where(o => o.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return items.Count switch
        {
            0 => null,
            1 => items[0],
            _ => string.Join(", ", items.Take(items.Count - 1)) + " or " + items[^1],
        };
    }

    /// <summary>Whether a placeholder at <paramref name="index"/> begins a sentence of <paramref name="text"/>.</summary>
    public static bool StartsSentence(string text, int index)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = Math.Min(index, text.Length) - 1; i >= 0; i--)
        {
            var ch = text[i];
            if (ch is '"' or '“' or '‘' or '\'' or '(' || (char.IsWhiteSpace(ch) && ch != '\n'))
            {
                continue;
            }

            return ch is '.' or '!' or '?' or '\n';
        }

        return true;
    }

    /// <summary>The text with its first letter in upper case.</summary>
    public static string Capitalised(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || !Rune.TryGetRuneAt(text, 0, out var rune))
        {
            return text;
        }

        return Rune.ToUpperInvariant(rune) + text[rune.Utf16SequenceLength..];
    }

    private static string? Address(string? name, bool preferGivenName)
    {
        var text = Clean(name);
        if (text.Length == 0 || text.Length > MaxNameInput || text.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        // "Moss, Rachel" and "Rachel Moss, PhD".
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.Split(' ').All(w => NameSuffixes.Contains(Key(w).TrimEnd('.'))))
            .ToList();
        text = parts.Count switch
        {
            1 => parts[0],
            2 => parts[1] + " " + parts[0],
            _ => string.Empty,
        };
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count == 0 || words.Any(w => StandInWords.Contains(Key(w))) || FirstStandInWords.Contains(Key(words[0]))
            || (words.Count == 1 && WholeStandIns.Contains(Key(words[0]))))
        {
            return null;
        }

        // A name in quotes or brackets is the one the person goes by: Robert "Bob" Smith.
        var nickname = words.FirstOrDefault(w => w.Length > 2 && (w[0], w[^1]) is ('"', '"') or ('“', '”') or ('\'', '\'') or ('‘', '’') or ('(', ')'));
        if (nickname is not null && IsNameWord(nickname[1..^1]))
        {
            return Cased(nickname[1..^1]);
        }

        while (words.Count > 1 && NameSuffixes.Contains(Key(words[^1]).TrimEnd('.')))
        {
            words.RemoveAt(words.Count - 1);
        }

        var titleKey = Key(words[0]).TrimEnd('.');
        if (!Titles.TryGetValue(titleKey, out var title))
        {
            return IsNameWord(words[0]) ? Cased(words[0]) : null;
        }

        var rest = words.Skip(1).ToList();
        if (rest.Count == 0)
        {
            return null;
        }

        if (GivenNameTitles.Contains(titleKey))
        {
            var first = rest.FirstOrDefault(w => !IsInitial(w));
            return first is not null && IsNameWord(first) ? title + " " + Cased(first) : null;
        }

        if (IsInitial(rest[^1]))
        {
            return null;
        }

        var start = rest.Count - 1;
        while (start > 0 && SurnameParticles.Contains(Key(rest[start - 1])))
        {
            start--;
        }

        var given = rest.Take(start).FirstOrDefault(w => !IsInitial(w));
        if (preferGivenName && given is not null && IsNameWord(given))
        {
            return Cased(given);
        }

        var surname = rest.Skip(start).ToList();
        return surname.All(IsNameWord) ? title + " " + string.Join(' ', surname.Select(w => SurnameParticles.Contains(w) ? w : Cased(w))) : null;
    }

    /// <summary>A word of a name: letters in any script with their marks, apostrophes and hyphens inside; no digits or symbols.</summary>
    private static bool IsNameWord(string word)
    {
        if (word.Length == 0 || word.Length > MaxNameWord)
        {
            return false;
        }

        var index = 0;
        foreach (var rune in word.EnumerateRunes())
        {
            var ok = Rune.GetUnicodeCategory(rune) switch
            {
                UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                    or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
                UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => index > 0,
                _ => index > 0 && index < word.Length - 1 && rune.Value is '\'' or '’' or 'ʼ' or '-' or '‐' or 0x200C or 0x200D,
            };
            if (!ok)
            {
                return false;
            }

            index += rune.Utf16SequenceLength;
        }

        return !IsInitial(word);
    }

    /// <summary>"J", "J." or "J.R.".</summary>
    private static bool IsInitial(string word) => Initials().IsMatch(word);

    /// <summary>A name as written, except all lower case ("priya") or shouting ("OKAFOR").</summary>
    private static string Cased(string word)
    {
        var letters = word.Where(char.IsLetter).ToList();
        if (letters.Count > 0 && letters.All(char.IsLower))
        {
            return CultureInfo.InvariantCulture.TextInfo.ToTitleCase(word);
        }

        if (letters.Count > 2 && letters.All(char.IsUpper))
        {
            return CultureInfo.InvariantCulture.TextInfo.ToTitleCase(word.ToLowerInvariant());
        }

        return word;
    }

    /// <summary>
    /// Where the noun phrase at the start of <paramref name="body"/> ends: at a clause ("never arrived",
    /// "that is late", "I was promised"), a verb, or a word said of the thing ("parcel | missing").
    /// </summary>
    private static int NounPhraseEnd(List<string> body, bool bare)
    {
        for (var i = 0; i < body.Count; i++)
        {
            var word = Key(body[i]);
            var next = i + 1 < body.Count ? Key(body[i + 1]) : null;
            if (ClauseWords.Contains(word) || word.EndsWith("n't", StringComparison.Ordinal))
            {
                return i;
            }

            if (word is "and" or "or" or "&" or "plus" && (next is null || SentenceStarts.Contains(next) || ClauseWords.Contains(next) || Verbs.Contains(next) || IsParticiple(next)))
            {
                return i;
            }

            if (i == 0)
            {
                // "a stopped payment" is a thing; "stopped working" is not.
                if (ActionVerbs.Contains(word) || (bare && Requests.Contains(word)) || ((Verbs.Contains(word) || IsParticiple(word) || Predicates.Contains(word)) && (next is null || EndsAdjective(next))))
                {
                    return 0;
                }

                continue;
            }

            if (Verbs.Contains(word) || ActionVerbs.Contains(word))
            {
                return i;
            }

            var described = Predicates.Contains(word) || (IsParticiple(word) && !IngNouns.Contains(word));
            if (described && !Key(body[i - 1]).EndsWith("ly", StringComparison.Ordinal) && (next is null || EndsAdjective(next)))
            {
                return i;
            }
        }

        return body.Count;
    }

    /// <summary>Whether a word after an adjective shows that the adjective was said of the thing before it.</summary>
    private static bool EndsAdjective(string next) =>
        FunctionWords.Contains(next) || Prepositions.Contains(next) || ClauseWords.Contains(next) || Verbs.Contains(next)
        || Predicates.Contains(next) || IsParticiple(next) || next.EndsWith("ly", StringComparison.Ordinal) || next.EndsWith("n't", StringComparison.Ordinal)
        || (next.Length > 0 && (char.IsDigit(next[0]) || char.IsSymbol(next[0]) || char.IsPunctuation(next[0])));

    private static bool IsParticiple(string word) =>
        (word.Length >= 5 && word.EndsWith("ed", StringComparison.Ordinal) && !EdNouns.Contains(word) && !EdNouns.Any(n => n.Length >= 4 && word.EndsWith(n, StringComparison.Ordinal)))
        || (word.Length >= 6 && word.EndsWith("ing", StringComparison.Ordinal) && !IngNouns.Contains(word));

    /// <summary>A word inside the phrase, said to the customer: "my" → "your", "a" → "the".</summary>
    private static string Inner(List<string> body, int i)
    {
        var word = Key(body[i]);
        if (CustomersPossessive.Contains(word))
        {
            return "your";
        }

        if (word is "a" or "an" && (i + 1 >= body.Count || !QuantityAfterA.Contains(Key(body[i + 1]))))
        {
            return "the";
        }

        return body[i];
    }

    private static bool IsLatinLetter(char c) => char.IsLetter(c) && (c <= '\u024F' || c is >= '\u1E00' and <= '\u1EFF');

    private static int Length(string determiner, List<string> body) => determiner.Length + body.Sum(w => w.Length + 1);

    /// <summary>The topic part of a summary: after a short label ("Delivery: parcel late"), before the first clause break.</summary>
    private static string FirstClause(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var label = text[..colon];
            var after = text[(colon + 1)..].Trim();
            text = after.Length > 0 && label.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 3 ? after : label;
        }

        var end = ClauseBreak().Match(text);
        if (end.Success)
        {
            text = text[..end.Index];
        }

        return text.Trim().Trim('"', '“', '”', '‘', '’', '«', '»', '\'').TrimEnd('.', '!', '…', ',', ';', ':', '-', ' ').Trim();
    }

    /// <summary>"Parcel never arrived" → "parcel"; a brand or acronym ("BT", "iPhone") stays as written.</summary>
    private static string LowerSentenceCase(string word) =>
        word.Length < 2 || !char.IsUpper(word[0]) || !word.Skip(1).All(c => char.IsLower(c) || c is '\'' or '’' or '-')
            ? word
            : char.ToLowerInvariant(word[0]) + word[1..];

    /// <summary>A word for comparing: lower case, straight apostrophes, without the punctuation around it.</summary>
    private static string Key(string word) =>
        word.Trim('"', '“', '”', '‘', '(', ')', ',', ';', '!', '…', '«', '»').Replace('’', '\'').ToLowerInvariant();

    /// <summary>
    /// The text with invisible characters (zero-width spaces, direction marks, byte-order marks, soft hyphens)
    /// removed, every kind of space made one space, and composed (NFC) so "José" is one form.
    /// </summary>
    private static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsWhiteSpace(rune) || category is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                space = sb.Length > 0;
                continue;
            }

            // Joiners stay only inside a word, where some scripts need them.
            var joiner = rune.Value is 0x200C or 0x200D;
            if ((category is UnicodeCategory.Format && !joiner) || rune == Rune.ReplacementChar || (joiner && (space || sb.Length == 0)))
            {
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(rune);
        }

        var cleaned = sb.ToString();
        while (cleaned.Length > 0 && cleaned[^1] is '\u200C' or '\u200D')
        {
            cleaned = cleaned[..^1];
        }

        cleaned = cleaned.Replace("\u200C ", " ", StringComparison.Ordinal).Replace("\u200D ", " ", StringComparison.Ordinal);
        return cleaned.Normalize(NormalizationForm.FormC);
    }

    private static FrozenSet<string> Set(params string[] words) => words.ToFrozenSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\s*(\([^()]*\)|\[[^\[\]]*\])")]
    private static partial Regex Parenthetical();

    /// <summary>Where a summary's first clause ends: a sentence end, a semicolon, a comma, a spaced dash, a bar.</summary>
    [GeneratedRegex(@"[.!…]\s|[;,|]|\s[-–—]+\s|—")]
    private static partial Regex ClauseBreak();

    /// <summary>Initials are letters of a cased script: "李" is a name, "J" is not.</summary>
    [GeneratedRegex(@"^(?:[\p{Lu}\p{Ll}\p{Lt}]\.)+[\p{Lu}\p{Ll}\p{Lt}]?$|^[\p{Lu}\p{Ll}\p{Lt}]$")]
    private static partial Regex Initials();
}
