using CoachConsole.Core.Conversations;

namespace CoachConsole.Core.Signals;

/// <summary>
/// The agent's cue phrases (what the agent did), in the syntax described on <see cref="PhraseRules"/>.
/// What a phrase list cannot see (a question by its form, a request for details, an apology
/// that is negated) is read by <see cref="AgentMoves"/>. Phrases to avoid are not here: they are
/// the phrase library's list (see <c>Phrases.AvoidMatcher</c>).
/// </summary>
internal static partial class PhraseRules
{
    // Note: the reader folds a word that starts with one of its fuzzy targets into the target
    // ("personally" is read as "person", "understandable" as "understand"), so phrases name both.

    /// <summary>How a situation can be named when the agent acknowledges it ("that's awful").</summary>
    private const string Feel =
        "frustrating|frustrated|upsetting|upset|annoying|annoyed|stressful|disappointing|disappointed|difficult|hard|awful|"
        + "infuriating|horrible|terrible|dreadful|worrying|worried|concerning|maddening|exhausting|shocking|scary|frightening|"
        + "distressing|unfair|unacceptable|rubbish|a+shock|a+nightmare|a+pain|a+worry|a+hassle|a+lot|not+good|not+okay|not+ok|"
        + "not+right|not+fair|not+acceptable|so+long|too+long|a+long+time|a+long+wait|a+long+way";

    /// <summary>Verbs of a concrete offer after "I can" ("I can send a replacement", "I can put you on...").</summary>
    private const string OfferVerbs =
        "offer|provide|give|send|arrange|replace|refund|credit|reship|resend|waive|book|rebook|schedule|upgrade|downgrade|swap|"
        + "exchange|spread|split|extend|pause|freeze|reduce|discount|cancel|reissue|issue|collect|courier|move|switch|apply|"
        + "add|organise|organize|set+up|put+you|put+it|put+a|get+you|get+it|get+a|get+an|get+one|have+it|have+them|"
        + "have+someone|ask+them|ask+the|ask+someone|knock|take+off|price+match|match";

    /// <summary>Who can promise to be back in touch: "I'll", "we will", "she'll", "someone will".</summary>
    private const string Will = "i'll|i+will|we'll|we+will|she'll|she+will|he'll|he+will|they'll|they+will";

    /// <summary>Ways of getting back to the customer.</summary>
    private const string Contact =
        "call|ring|phone|email|text|message|contact|update|chase|monitor|follow+up|get+back|get+in+touch|be+in+touch|"
        + "reach+out|reach+you|let+you+know|keep+you|send+you+an+update|send+an+update|send+you+a+text|send+you+an+email|"
        + "send+you+a+message|drop+you|give+you+a+call|give+you+a+ring|check+in|check+on|check+back|check+again|check+next|"
        + "check+tomorrow|check+later|check+with|keep+an+eye|follow+it+up|follow+this+up|follow+that+up|"
        + "arrange+a+callback|arrange+for+a+callback|book+a+callback|book+you+a+callback";

    /// <summary>
    /// A property, not a field: the parts of a partial class have no set order for their field
    /// initialisers, and <see cref="Definitions"/> reads this while the class starts.
    /// </summary>
    private static (SignalKind Signal, Speaker Speaker, string Phrases)[] AgentDefinitions =>
    [
        (SignalKind.Acknowledgement, Speaker.Agent, $$"""
            i understand
            i hear you|what|how|that|your
            i can tell this|that|you|you're|how
            it's|it+is clear that? this|you
            no wonder
            you've|you+have every right
            i'd|i+would feel the same|exactly+the+same
            i can hear
            i can imagine|understand
            i can see why|how|you|you're|you+are|what+you|where+you|that+you|that+this|this+has|it's+been|it+has+been
            i see why|how|what+you|where+you
            that|it sounds|must+sound|must+be|must+have+been|must+feel so|really|very|incredibly|absolutely? {{Feel}}
            that's|that+is|this+is|that+was|what+a so|really|very|absolutely|completely|totally|incredibly|truly? {{Feel}}
            it's+been|it+has+been|it+must+be|it+must+have+been|it's+so|it's+really|it+is+so|it+is+really|it+was+so|it+was+really so|really|very|incredibly? {{Feel}}
            isn't|aren't|is+not|are+not|wasn't|weren't acceptable|okay|ok|right|good+enough|fair|on
            that's|that+is|it's|it+is completely|totally|perfectly|entirely|very? reasonable|understandable|understand|natural|valid|a+fair+point|a+fair+question
            i get why|that|it|how
            you're|you+are right
            you're|you+are absolutely|completely|quite right
            that must be|have
            i know how|it's|it+is|that's|this|that+this|that+it
            i'd|i+would be @feel|frustrated|upset|annoyed|cross|angry too
            anyone|anybody would be {{Feel}}|cross|angry|fed+up
            drive|drives|driven anyone|anybody|you mad|crazy|spare|up
            completely|totally|fully understand|understandable
            understandably
            makes sense that|you
            i|we really|truly|do? appreciate|value
            thank|thanks you? for your|the? feedback|sharing|raising|bringing|helping+us
            you have every right
            i'm|i+am listening|all+ears
            i|we agree|completely+agree|totally+agree
            i don't|do+not want you to feel|be
            concerned|disappointed|saddened|sad|worried|troubled to hear|learn|read
            """),
        (SignalKind.Apology, Speaker.Agent, """
            sorry
            apologise|apologize|apologies|apology|apologising|apologizing|apologised|apologized
            my|our mistake|bad|error|fault
            """),
        (SignalKind.ClarifyingQuestion, Speaker.Agent, """
            could|can you tell|show|send|confirm|clarify|explain|describe|share|give me
            could|can you tell me
            could|can you please? tell|confirm|clarify|explain|describe|share
            @wh @aux
            @wh exactly|kind|sort|type|error|order|account|model|version|number
            so if i understand
            if i understand|understood correctly|right
            just to confirm|clarify|check|make sure|be sure
            do|did you mean
            so what you're|you+are saying
            so you're|you+are saying
            let me make sure i
            am i right that|in
            to make sure i understand|understood
            may i ask|have
            can|could i ask|take|have|get|grab|check|confirm
            so just to recap
            if i've got this right
            """),
        (SignalKind.OfferOfOptions, Speaker.Agent, $$"""
            i|we can|could offer
            i|we can|could also|either|instead|easily|certainly|definitely|still? {{OfferVerbs}}
            i'm|i+am|we're|we+are able|happy to offer|give|provide|refund|replace|credit|waive
            you can|could choose|either|pick|decide
            you can|could also|either|instead|alternatively
            one|another|an|the other option
            the other thing i|we can|could do
            two|three|a few|some|several|couple options|choices|ways
            options are
            would you prefer|like|rather
            do|would you still? want|like me to
            which would you prefer|like
            which would|will suit|work
            which would be better|best|easier|more+convenient
            which works|suits better|best|you
            whichever you prefer|like|want|rather
            i can either
            alternatively
            if you'd|you+would prefer|rather
            what i|we can do is
            here's what i|we can do
            how|what about i|we|a|an|if
            two|three|a+couple+of|a+few things i|we can|could do
            """),
        (SignalKind.BoundaryStatement, Speaker.Agent, """
            if the|this|your language|behaviour|behavior|abuse|insults|insulting|swearing|shouting|threats|name+calling continues|continue|carry|carries|goes|keep|keeps
            if this continues
            if you insult|swear|shout|threaten|abuse|call me|at? again?
            please keep this|it respectful|civil|polite|professional
            please keep the conversation respectful|civil|polite|professional
            let's keep this|it respectful|civil
            i won't|will+not|can't|cannot accept|tolerate
            i'm|i+am not able to continue
            i can't|cannot continue
            won't|will+not|wouldn't|would+not be able to continue|carry+on
            i'll|i+will have to end|disconnect|transfer|close|stop
            i'll|i+will end|terminate|disconnect the|this call|chat|conversation
            i'm|i+am ending|terminating|closing the|this call|chat|conversation
            i'm|i+am going+to|gonna end|terminate|close the|this call|chat|conversation
            i'm|i+am going+to|gonna have+to end|terminate|close the|this call|chat|conversation
            i've|i+have given|warned you
            please don't|do+not swear|shout|yell|curse|use
            that|this|such language
            abusive|inappropriate|offensive language|comments|behaviour|behavior
            comments|remarks|language|behaviour|behavior|words like that|this
            i need|do+need you to stop|not
            need you not to
            not to call me names
            calling|call me names
            name calling
            please stop
            spoken|talked|speak|talk to like that|this
            ask you to stop|not
            swearing|shouting|insults|insulting|abuse|threats won't|will+not|doesn't|isn't help|going+to+help|okay|acceptable
            final|second|last warning
            comments|remarks|insults|language|swearing|abuse|name+calling have|has|need|needs|must to? stop
            comments|remarks|insults|language|swearing|abuse do|does have|need to stop
            comments|remarks|insults about|at|towards me
            don't|do+not direct
            one more abusive|offensive|rude|insulting message|comment|remark|insult
            keep the|your comments|remarks|insults|language out+of
            second|third time i've|i+have had to ask
            """),
        (SignalKind.EscalationOffer, Speaker.Agent, """
            my|a|the|our supervisor|manager|lead|senior|superior
            team|case|duty|floor|shift|store|line manager|managers|supervisor|lead
            team lead|leader
            leadership|escalations|complaints|resolutions|executive team|department
            customer relations team
            senior colleague|member|advisor|adviser|agent|staff|team
            escalate|escalating|escalated|escalation
            transfer you to
            bring in|get my|a supervisor|manager
            higher level
            specialist|specialists team|teams
            second line
            passed|handed|passing|handing|pass|hand it|this|your+case|the+case|your+complaint over
            """),
        (SignalKind.FollowUpPromise, Speaker.Agent, $$"""
            {{Will}} also|then|personally|person|definitely|happily|just? {{Contact}}
            i'll|i+will|we'll|we+will personally|person
            will call|ring|phone|email|text|message|contact you
            will follow up|it+up|this+up
            will get back to
            and call|ring|text|email|message you if|when|once|as+soon|back
            will be in touch
            will reach out
            you'll|you+will hear
            expect a call|an+email|a+text|an+update|a+message from
            keep you updated|posted|informed
            """),
        (SignalKind.SetExpectations, Speaker.Agent, """
            by @soon
            within|in * hours|days|minutes|weeks
            within|in * * hours|days|minutes|weeks
            end of the? day
            it'll|it+will|it+should|that'll|that+will|you'll|you+will|should arrive|take|show|be+with+you|be+back|be+there|reach
            you'll|you+will|you+should receive|get|see|have|hear
            usually|normally|typically takes|arrives|paid
            between * and
            the next step|steps
            what happens next|now
            in the meantime
            """),
        (SignalKind.Ownership, Speaker.Agent, """
            i'll|i+will|let+me take|sort|handle|deal|fix|look+into|get+this|get+that
            i'm|i+am going to take|sort|look|fix|get|report
            leave it with me
            i'll|i+will take this|it on
            i'll|i+will personally|person make sure|see|sort|take|look|fix|handle
            i'll|i+will make sure this|it|that|you
            i|we want|would+like to help|sort|fix|get|make|work|look|see|take
            i'd|we'd like to help|sort|fix|get|make|work|look|see|take
            i'm|i+am here to help
            that's|that+is on us|me|our+mistake|our+error|our+fault|my+mistake|my+error
            i've|i+have added|booked|raised|sorted|fixed|corrected|unlocked|moved|flagged|put|changed|updated|arranged|cancelled|closed|refunded|applied|reset|blocked
            i'm|i+am booking|moving|raising|sorting|fixing|adding|arranging|refunding
            we'll|we+will look|work|sort|take|get|make
            i|we can help turn|sort|fix
            happy to help|look|take
            let me have|take a look
            """),
        (SignalKind.ClosingRemark, Speaker.Agent, """
            anything|something else i|we can help|do
            is there anything else
            anything else today|tonight
            have a good|great|lovely|nice|wonderful day|evening|afternoon|night|weekend|one
            take care
            bye|goodbye|goodnight
            you're|you+are welcome
            glad|pleased we|i could help
            glad|pleased it's|it+is|you're|you+are|that's|that+is|to+hear
            good luck with
            enjoy your|the
            """),
        (SignalKind.Greeting, Speaker.Agent, """
            my name is|name's
            you're|you+are through to|speaking+with
            welcome to
            """),
    ];
}
