using CoachConsole.Core.Conversations;

namespace CoachConsole.Core.Signals;

/// <summary>The agent's cue phrases (what the agent did), in the syntax described on <see cref="PhraseRules"/>.</summary>
internal static partial class PhraseRules
{
    /// <summary>
    /// A property, not a field: the parts of a partial class have no set order for their field
    /// initialisers, and <see cref="Definitions"/> reads this while the class starts.
    /// </summary>
    private static (SignalKind Signal, Speaker Speaker, string Phrases)[] AgentDefinitions =>
    [
        (SignalKind.Acknowledgement, Speaker.Agent, """
            i understand
            i hear you|what
            i can see|imagine|understand
            i see why|how|that|what
            that sounds @feel
            that sounds
            i get why|that|it|how
            you're|you+are right
            that must be|have
            i know how
            i'd|i+would be @feel|frustrated|upset|annoyed too
            that's|that+is @feel|understandable
            completely|totally|fully understand|understandable
            understandably
            makes sense that|you
            thank|thanks you? for your patience|waiting|bearing
            i appreciate your|you
            you have every right
            """),
        (SignalKind.Apology, Speaker.Agent, """
            i'm|i+am so|really|very|truly|terribly|deeply? sorry
            sorry about|for
            i|we apologise|apologize|apologies
            my|our apologies
            please accept my|our apologies
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
            so just to recap
            if i've got this right
            """),
        (SignalKind.OfferOfOptions, Speaker.Agent, """
            i|we can|could offer
            you can|could choose|either|pick|decide
            we could
            one|another|an|the other option
            two|three|a few|some|several|couple options|choices|ways
            options are
            would you prefer|like
            which would you prefer|like
            which works|suits better|best|you
            i can either
            alternatively
            if you'd|you+would prefer|rather
            what i can do is
            here's what i can do
            i|we can arrange|replace|refund|credit|reship|resend|waive|book|schedule|upgrade|swap|exchange
            """),
        (SignalKind.BoundaryStatement, Speaker.Agent, """
            i want|wish to help
            i would|i'd like to help
            i'm|i+am here to help
            i'm|i+am trying to help
            if the|this language|behaviour|behavior|abuse continues
            if this continues
            please keep this|it respectful|civil|polite|professional
            please keep the conversation respectful|civil|polite|professional
            let's keep this|it respectful|civil
            i won't|will+not|can't|cannot accept|tolerate
            i'm|i+am not able to continue
            i can't|cannot continue
            i'll|i+will have to end|disconnect|transfer|close|stop
            please don't|do+not swear|shout|yell|curse|use
            that|this|such language
            abusive|inappropriate|offensive language|comments|behaviour|behavior
            i need you to stop
            please stop
            final|second|last warning
            """),
        (SignalKind.EscalationOffer, Speaker.Agent, """
            my|a|the|our supervisor|manager|lead|senior|superior
            team lead|leader
            escalate|escalating|escalated|escalation
            transfer you to
            bring in|get my|a supervisor|manager
            higher level
            specialist team
            second line
            """),
        (SignalKind.FollowUpPromise, Speaker.Agent, """
            i'll|i+will|we'll|we+will call|email|text|update|follow|check|get|let|send|reach|keep|be|contact|ring|monitor|personally|make
            follow up|ups
            by @soon
            within|in * hours|days|minutes
            end of the? day
            you'll|you+will hear
            keep you updated|posted|informed
            """),
    ];
}
