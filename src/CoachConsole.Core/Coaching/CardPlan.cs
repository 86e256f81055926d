using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;

namespace CoachConsole.Core.Coaching;

/// <summary>
/// What a coach would have the agent do next, best first: the moves (card categories) that fit
/// the moment, and the rule that chose them. The moment is the customer's latest turn read
/// against what the agent has already done: a card never asks for a move the agent just made
/// (no apology card after an apology, no question while one waits for its answer), and never
/// for one that would be a clear mistake now (a greeting mid-conversation, a closing to someone
/// still upset, options while the customer vents before the problem is known).
/// </summary>
public sealed record CardPlan(IReadOnlyList<PhraseCategory> Moves, string Rule)
{
    private static readonly CardPlan None = new([], "");

    public static CardPlan For(Conversation conversation, SignalReading reading)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(reading);
        var c = conversation;
        if (c.Stage is Stage.Ended or Stage.SupervisorEngaged)
        {
            return None;
        }

        var plan = Choose(c, reading);
        var moves = plan.Moves.Where(m => Fits(m, c, reading)).Distinct().ToList();
        return plan with { Moves = moves };
    }

    private static CardPlan Choose(Conversation c, SignalReading reading)
    {
        var hot = reading.IsHot;
        var recent = c.RecentAgentMoves;
        if (c.Stage == Stage.BoundarySetting)
        {
            return c.BoundaryStep >= 3
                ? new([PhraseCategory.Boundary, PhraseCategory.Escalation], c.BoundaryStep >= Conversation.PolicyEndStep
                    ? "the ladder is exhausted: transfer or end under the policy"
                    : "boundary ladder step 3 of 3: the last warning; a supervisor may take over")
                : new([PhraseCategory.Boundary, PhraseCategory.Empathy], c.BoundaryStated
                    ? $"boundary ladder step {c.BoundaryStep} of 3"
                    : $"boundary ladder step {c.BoundaryStep} of 3: state it before the next step");
        }

        var waitingForSupervisor = c.Stage == Stage.Escalating && !c.HandedOver;
        if (reading.Has(SignalKind.ManagerRequest) || (waitingForSupervisor && SupervisorCalledFor(c)))
        {
            return new([PhraseCategory.Escalation, PhraseCategory.Empathy, PhraseCategory.Apology, PhraseCategory.SetExpectations],
                "explain why a supervisor can help and arrange it");
        }

        if (reading.Has(SignalKind.ThreatToLeave))
        {
            return new([PhraseCategory.Retention, PhraseCategory.Empathy, PhraseCategory.Apology, PhraseCategory.Ownership],
                "a threat to leave: acknowledge it and give a reason to stay");
        }

        if (waitingForSupervisor && hot)
        {
            // Heat that outlasted two acknowledgements: own it first; a supervisor is the fallback.
            return new([PhraseCategory.Apology, PhraseCategory.Ownership, PhraseCategory.Empathy, PhraseCategory.SetExpectations, PhraseCategory.Escalation],
                "the heat persists: own the problem, and offer a supervisor if it stays");
        }

        if (reading.Has(SignalKind.Thanks) && !hot && c.CustomerTurns > 1)
        {
            return reading.AsksQuestion || (recent & SignalKind.ClarifyingQuestion) != 0
                ? new([PhraseCategory.SetExpectations, PhraseCategory.FollowUp, PhraseCategory.ConfirmSolution], "thanks while help is under way: say what happens next")
                : new([PhraseCategory.Closing, PhraseCategory.FollowUp, PhraseCategory.ConfirmSolution], "thanks: summarise, confirm and agree the follow-up");
        }

        if (hot)
        {
            if (c.CustomerTurns <= 1 || c.Stage == Stage.Listening)
            {
                return new([PhraseCategory.Empathy, PhraseCategory.Apology, PhraseCategory.ListeningCue, PhraseCategory.Ownership],
                    "let the customer vent: acknowledge the feeling, no solutions yet");
            }

            if (reading.Has(SignalKind.Rejection))
            {
                return new([PhraseCategory.OfferOptions, PhraseCategory.Empathy, PhraseCategory.Ownership], "the offer was turned down: acknowledge it and offer another way");
            }

            return new([PhraseCategory.Apology, PhraseCategory.Ownership, PhraseCategory.Empathy, PhraseCategory.SetExpectations, PhraseCategory.OfferOptions],
                "acknowledge the feeling, apologise and take ownership");
        }

        if (reading.Has(SignalKind.Rejection))
        {
            return new([PhraseCategory.OfferOptions, PhraseCategory.Empathy, PhraseCategory.SetExpectations], "the offer was turned down: offer another way");
        }

        if ((recent & SignalKind.OfferOfOptions) != 0 || c.Stage is Stage.Confirming or Stage.Closing)
        {
            return new([PhraseCategory.ConfirmSolution, PhraseCategory.SetExpectations, PhraseCategory.FollowUp], "make sure the chosen solution is accepted and say what happens next");
        }

        if (c.CustomerTurns <= 1)
        {
            return reading.Mood == Mood.Positive || (reading.Words > 0 && reading.Words < Conversation.SubstantiveWords)
                ? new([PhraseCategory.Greeting, PhraseCategory.ClarifyingQuestion, PhraseCategory.Empathy], "greet and take the issue")
                : new([PhraseCategory.Empathy, PhraseCategory.Greeting, PhraseCategory.ClarifyingQuestion, PhraseCategory.Apology], "acknowledge the problem, greet and take the details");
        }

        if (reading.Has(SignalKind.Acceptance) || (reading.Has(SignalKind.Calming) && (recent & SignalKind.ClarifyingQuestion) == 0))
        {
            return new([PhraseCategory.ConfirmSolution, PhraseCategory.FollowUp, PhraseCategory.SetExpectations], "the customer is settling: confirm what was agreed and the follow-up");
        }

        if ((recent & SignalKind.ClarifyingQuestion) != 0)
        {
            return new([PhraseCategory.ClarifyingQuestion, PhraseCategory.Paraphrase, PhraseCategory.SetExpectations, PhraseCategory.OfferOptions],
                "the customer answered: repeat back what you understood and take the next detail");
        }

        return c.Stage switch
        {
            Stage.Resolving => new([PhraseCategory.OfferOptions, PhraseCategory.SetExpectations, PhraseCategory.Paraphrase], "offer concrete options and let the customer choose"),
            Stage.Escalating => new([PhraseCategory.SetExpectations, PhraseCategory.FollowUp], "the hand-over is arranged: say what happens next"),
            _ => new([PhraseCategory.SetExpectations, PhraseCategory.ClarifyingQuestion, PhraseCategory.Ownership, PhraseCategory.Paraphrase],
                "say what happens next and take what you still need to know"),
        };
    }

    /// <summary>False for a move the agent has just made or that would be a mistake now.</summary>
    private static bool Fits(PhraseCategory move, Conversation c, SignalReading reading)
    {
        var recent = c.RecentAgentMoves;
        var since = c.AgentMovesSinceCustomer;
        var hot = reading.IsHot;
        return move switch
        {
            PhraseCategory.Greeting => c.CustomerTurns <= 1 && !hot && (c.AgentMovesSoFar & SignalKind.Greeting) == 0,
            PhraseCategory.Apology => (recent & SignalKind.Apology) == 0 && (hot || (c.AgentMovesSoFar & SignalKind.Apology) == 0),
            PhraseCategory.Empathy => (since & SignalKind.Acknowledgement) == 0,
            PhraseCategory.Ownership => (recent & SignalKind.Ownership) == 0,
            PhraseCategory.ClarifyingQuestion => (since & SignalKind.ClarifyingQuestion) == 0,
            PhraseCategory.OfferOptions => (since & SignalKind.OfferOfOptions) == 0 && ProblemKnown(c) && reading.Mood != Mood.Angry,
            PhraseCategory.Closing => !hot && (since & SignalKind.ClosingRemark) == 0,
            PhraseCategory.FollowUp => (since & SignalKind.FollowUpPromise) == 0,
            PhraseCategory.Escalation => !c.HandedOver || c.Stage == Stage.BoundarySetting,
            PhraseCategory.ListeningCue => hot,
            _ => true,
        };
    }

    /// <summary>The customer asked for a supervisor, or turned down the offers repeatedly.</summary>
    private static bool SupervisorCalledFor(Conversation c) =>
        (c.CustomerSignalsSoFar & SignalKind.ManagerRequest) != 0 || c.Rejections >= Conversation.RejectionsBeforeEscalation;

    /// <summary>Options come once the problem is known: the agent has asked about it, or the customer has told it over two turns.</summary>
    private static bool ProblemKnown(Conversation c) =>
        (c.AgentMovesSoFar & SignalKind.ClarifyingQuestion) != 0 || c.CustomerTurns >= 2;
}
