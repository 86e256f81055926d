using System.Collections.Frozen;

namespace CoachConsole.Core.Signals;

/// <summary>
/// The hand-written word lists the reader uses. Words are in normalised form (lower case,
/// straight apostrophes). Written for this product; no third-party lists.
/// </summary>
internal static class Lexicon
{
    private static FrozenSet<string> Set(string words) =>
        words.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Spellings that chat writers use, mapped to the word they stand for.</summary>
    public static readonly FrozenDictionary<string, string> Spellings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["u"] = "you",
        ["ya"] = "you",
        ["yu"] = "you",
        ["yo"] = "you",
        ["ur"] = "your",
        ["youre"] = "you're",
        ["your're"] = "you're",
        ["you'r"] = "you're",
        ["yur"] = "your",
        ["r"] = "are",
        ["im"] = "i'm",
        ["ive"] = "i've",
        ["ill"] = "i'll",
        ["id"] = "i'd",
        ["dont"] = "don't",
        ["dnt"] = "don't",
        ["doesnt"] = "doesn't",
        ["didnt"] = "didn't",
        ["cant"] = "can't",
        ["cannot"] = "can't",
        ["wont"] = "won't",
        ["isnt"] = "isn't",
        ["arent"] = "aren't",
        ["wasnt"] = "wasn't",
        ["werent"] = "weren't",
        ["havent"] = "haven't",
        ["hasnt"] = "hasn't",
        ["couldnt"] = "couldn't",
        ["shouldnt"] = "shouldn't",
        ["wouldnt"] = "wouldn't",
        ["thats"] = "that's",
        ["whats"] = "what's",
        ["theres"] = "there's",
        ["lets"] = "let's",
        ["pls"] = "please",
        ["plz"] = "please",
        ["thx"] = "thanks",
        ["thanx"] = "thanks",
        ["thnx"] = "thanks",
        ["tnx"] = "thanks",
        ["ty"] = "thanks",
        ["thankyou"] = "thank",
        ["thanku"] = "thank",
        ["wanna"] = "want",
        ["gonna"] = "going",
        ["fck"] = "fuck",
        ["fuk"] = "fuck",
        ["fuq"] = "fuck",
        ["fkn"] = "fucking",
        ["fcking"] = "fucking",
        ["fukin"] = "fucking",
        ["fuckin"] = "fucking",
        ["fcuk"] = "fuck",
        ["phuck"] = "fuck",
        ["effing"] = "fucking",
        ["sht"] = "shit",
        ["biatch"] = "bitch",
        ["bich"] = "bitch",
        ["btch"] = "bitch",
        ["azz"] = "ass",
        ["mofo"] = "motherfucker",
        ["mf"] = "motherfucker",
        ["stfu"] = "stfu",
        ["basturd"] = "bastard",
        ["wth"] = "wtf",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly FrozenSet<string> Negators = Set("""
        not no never nothing nobody none nowhere neither nor hardly barely without
        don't doesn't didn't can't won't isn't aren't wasn't weren't haven't hasn't hadn't
        couldn't shouldn't wouldn't mustn't ain't cannot
        """);

    public static readonly FrozenSet<string> Intensifiers = Set("""
        very so really extremely super totally absolutely incredibly utterly completely
        seriously truly highly terribly awfully insanely damn bloody fucking freaking
        frigging too most such
        """);

    /// <summary>Common chat words, so that stretched spellings ("yesss", "whyyy", "hiii") find them.</summary>
    public static readonly FrozenSet<string> Common = Set("""
        yes yeah yep no nope so too please love good bad cool nice why what who how when where hello hey hi
        wow omg lol haha hahaha ok okay sorry really now help well oh ah ugh hmm my god go stop wait
        all way long slow late still again never ever more much everything nothing done over all
        """);

    /// <summary>
    /// Relief and gratitude words with a hand-set boost to the calming score: the training
    /// comments have few of them, and calming is exactly gratitude or relief.
    /// </summary>
    public static readonly FrozenDictionary<string, double> Relief = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["relief"] = 1.0,
        ["relieved"] = 1.0,
        ["relieving"] = 0.8,
        ["thankfully"] = 1.0,
        ["phew"] = 1.0,
        ["blessed"] = 0.6,
        ["helpful"] = 0.5,
        ["helps"] = 0.3,
        ["appreciate"] = 0.5,
        ["appreciated"] = 0.5,
        ["grateful"] = 0.5,
        ["glad"] = 0.3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Function words: never named as a heat or calming cue on their own.</summary>
    public static readonly FrozenSet<string> FunctionWords = Set("""
        i me my mine we us our you your it its this that these those he she they them his her their
        a an the is am are was were be been being do does did have has had will would can could
        shall should may might must to of in on at by for with from as and or but if then than so
        there here what which who when where how why all any some just also about up out into
        """);

    public static readonly FrozenSet<string> SecondPerson = Set("""
        you you're your yours yourself you've you'll you'd yall y'all thou ye
        """);

    /// <summary>Swearing. Said about the situation it is Profanity; aimed at the agent it is Abuse.</summary>
    public static readonly FrozenSet<string> Profanity = Set("""
        fuck fucks fucked fucker fuckers fucking fuckin motherfucker motherfuckers motherfucking
        fuckoff fuckface fuckhead fuckwit clusterfuck
        shit shits shitty shite bullshit horseshit shithead shitty shitting shithole dipshit
        crap crappy damn damned dammit goddamn goddamnit goddam
        ass asses arse asshole assholes arsehole arseholes dumbass jackass badass smartass
        bitch bitches bitching bitchy sonofabitch
        bastard bastards piss pissed pissing
        cunt cunts dick dicks dickhead cock cocks cocksucker pussy pussies twat twats
        wank wanker wankers wanking bollocks bugger prick pricks
        slut sluts slutty whore whores hoe hoes thot thots skank skanks tramp
        douche douchebag jizz cum tits titties boob boobs
        wtf stfu omfg fml lmfao bs effing frigging
        nigger niggers nigga niggas niggaz nigguh negro negroes faggot faggots fag fags faggit fagot
        dyke dykes retard retards retarded tranny trannies spic spics wetback wetbacks beaner beaners
        chink chinks gook gooks kike kikes coon coons raghead ragheads towelhead cracker crackers
        queer queers homo homos
        """);

    /// <summary>Words so strong that raters read them as anger or abuse on their own.</summary>
    public static readonly FrozenSet<string> StrongProfanity = Set("""
        fuck fucks fucked fucker fuckers fucking motherfucker motherfuckers motherfucking fuckoff
        fuckface fuckhead fuckwit cunt cunts cocksucker stfu shit bullshit shitty shithead
        asshole assholes bitch bitches twat wanker
        """);

    /// <summary>Insults: with "you", or as a short vocative, they are abuse aimed at the agent.</summary>
    public static readonly FrozenSet<string> Insults = Set("""
        idiot idiots idiotic moron morons moronic stupid stupidest dumb dumbest dumbass useless
        incompetent pathetic loser losers jerk fool foolish clown clowns imbecile worthless clueless
        brainless ignorant liar liars lousy rude scum scumbag freak creep creepy psycho
        nitwit halfwit numpty muppet dimwit dunce cretin twit bimbo hag cow pig pigs swine
        garbage trash rubbish disgrace joke failure fake ugly fat lazy crazy insane annoying
        asshole assholes arsehole bitch bitches bastard bastards dick dickhead prick cunt twat
        wanker douche douchebag whore slut skank hoe motherfucker fucker shithead dipshit jackass
        retard retarded faggot fag faggit dyke dike tranny gay hor hobo slag lowlife basturd poop ass
        """);

    /// <summary>Insults strong enough to be abuse when they stand alone in a short message.</summary>
    public static readonly FrozenSet<string> VocativeInsults = Set("""
        idiot moron loser jerk fool clown imbecile scum scumbag creep psycho nitwit dimwit cretin
        asshole arsehole bitch bastard dick dickhead prick cunt twat wanker douche douchebag whore
        slut skank motherfucker fucker shithead dipshit jackass dumbass retard faggot fag faggit pig
        gay freak slag hor lowlife basturd
        """);

    /// <summary>Advances: with "you" they are sexual harassment of the agent.</summary>
    public static readonly FrozenSet<string> Advances = Set("""
        sexy hot naked nude single virgin lover darling babe baby horny gay kinky
        """);

    /// <summary>Violence: with "you" (or as a command) it is a threat against the agent.</summary>
    public static readonly FrozenSet<string> Violence = Set("""
        die kill stab kick smash chop murder punch slap strangle rape choke
        """);

    /// <summary>Sexual words: sent to an agent they are sexual harassment, i.e. abuse.</summary>
    public static readonly FrozenSet<string> Sexual = Set("""
        sex sexy sexual horny cock cocks dick dicks penis pussy vagina tits titties boobs boob
        nipple nipples naked nude nudes blowjob handjob jizz cum cumming orgasm masturbate
        masturbating wank wanking porn porno slutty dildo anal erection boner cyber cybersex
        bj clit genitals panties lingerie thong horniest seduce balls erect semen pubes rape raped raping
        rapist jerking
        """);

    public static readonly FrozenSet<string> AngryEmoji = Set("😡 🤬 😠 👿 💢 🖕 😤 🙄 😒 😾 😣 😖 😫 😩 🤦");

    public static readonly FrozenSet<string> PositiveEmoji = Set("🙂 😊 🙏 😀 😃 😄 😁 😍 🥰 😘 ❤ 💕 💖 👍 👌 🤗 😌 🎉 ✨ ☺ 💯 🥳 😇");

    /// <summary>A small prior for heat words the learned model has not seen (weight toward anger).</summary>
    public static readonly FrozenDictionary<string, double> HeatPrior = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["unacceptable"] = 0.8,
        ["ridiculous"] = 0.7,
        ["outrageous"] = 0.9,
        ["furious"] = 1.2,
        ["livid"] = 1.2,
        ["fuming"] = 1.1,
        ["infuriating"] = 1.1,
        ["disgraceful"] = 0.9,
        ["scam"] = 0.8,
        ["rip-off"] = 0.8,
        ["ripoff"] = 0.8,
        ["useless"] = 0.8,
        ["incompetent"] = 0.9,
        ["pathetic"] = 0.9,
        ["fed"] = 0.3,
        ["sick"] = 0.3,
        ["waited"] = 0.3,
        ["waiting"] = 0.2,
        ["again"] = 0.15,
        ["still"] = 0.15,
        ["overcharged"] = 0.7,
        ["refund"] = 0.2,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Words that get an edit-distance match when misspelt, with the word they stand for.</summary>
    public static readonly string[] FuzzyTargets =
    [
        "human", "person", "someone", "somebody", "manager", "supervisor", "representative", "operator",
        "helping", "understand",
    ];

    /// <summary>Emotion word groups: a feature per group lets the model generalise to rare words.</summary>
    public static readonly FrozenDictionary<string, string> Category = BuildCategories();

    private static FrozenDictionary<string, string> BuildCategories()
    {
        var groups = new (string Name, string Words)[]
        {
            ("_anger", "angry anger angrier mad madder furious pissed rage raging enraged hate hated hates hating hatred livid outraged outrage outrageous disgusted disgusting disgust infuriating infuriated fuming wrath hostile despise despicable loathe vile"),
            ("_annoy", "annoying annoyed annoys annoyance annoy ugh irritating irritated irritates irritation tired sick bothered bothers bother frustrating frustrated frustration ridiculous stupid dumb idiotic silly smh meh cringe whatever seriously gross lame nonsense pointless useless sucks suck awful terrible horrible worst bad boring hell damn crap shit"),
            ("_insult", "idiot idiots moron morons loser losers jerk fool clown imbecile scum asshole assholes bitch bastard dick prick cunt twat wanker douche retard trash garbage pathetic incompetent"),
            ("_annoy2", "smh facepalm ffs sigh jeez geez yikes petty obnoxious tiresome overrated cringy cringey whining whine whiny complaining entitled hypocrite hypocritical troll trolling idiocy stupidity bs wtf rude annoyingly irritatingly"),
            ("_sad", "sad sadly unfortunately miss missed lost died death rip depressing depressed cry crying cried pain lonely heartbreaking heartbroken tragic grief mourn devastated"),
            ("_fear", "scared afraid terrified worried worry anxious nervous scary fear panic frightening creepy"),
            ("_surprise", "wow whoa omg surprised shocked unbelievable insane crazy wild woah"),
            ("_positive2", "glad excited thrilled delighted hilarious lmao lmfao rofl adorable brilliant incredible kudos bravo wholesome agree agreed exactly definitely hope hopefully luck enjoying favorite favourite blessed heartwarming stunning gorgeous impressive respect"),
            ("_positive", "love loved loves lovely great awesome amazing happy glad thanks thank thankful grateful beautiful wonderful excellent nice cool lol haha good best fantastic perfect enjoy enjoyed fun funny congrats congratulations proud cute sweet yay wow welcome appreciate appreciated relieved"),
        };
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, words) in groups)
        {
            foreach (var w in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                map.TryAdd(w, name);
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
