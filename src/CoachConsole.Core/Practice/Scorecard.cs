using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;

namespace CoachConsole.Core.Practice;

/// <summary>The techniques a practice session is scored on.</summary>
public enum Technique
{
    Listened,
    Acknowledged,
    Apologised,
    Clarified,
    OfferedOptions,
    SetBoundaryWell,
    EscalatedWhenRight,
    AvoidedPhrasesToAvoid,
}

public enum ScoreResult
{
    Met,
    Missed,
    NotApplicable,
}

/// <summary>One technique's result with a one-line reason citing the transcript line.</summary>
public sealed record ScoreLine(Technique Technique, string Label, ScoreResult Result, string Reason);

/// <summary>How a trainee did in a practice session, technique by technique.</summary>
public sealed record Scorecard(string PersonaId, PracticeOutcome Outcome, IReadOnlyList<ScoreLine> Lines)
{
    public int Met => Lines.Count(l => l.Result == ScoreResult.Met);

    public int Missed => Lines.Count(l => l.Result == ScoreResult.Missed);

    public ScoreLine this[Technique technique] => Lines.First(l => l.Technique == technique);

    public static string Label(Technique technique) => technique switch
    {
        Technique.Listened => "Listened (no solution while venting)",
        Technique.Acknowledged => "Acknowledged the feeling",
        Technique.Apologised => "Apologised",
        Technique.Clarified => "Asked clarifying questions",
        Technique.OfferedOptions => "Offered options",
        Technique.SetBoundaryWell => "Set a boundary well",
        Technique.EscalatedWhenRight => "Escalated when right",
        Technique.AvoidedPhrasesToAvoid => "Avoided the phrases to avoid",
        _ => technique.ToString(),
    };

    internal static Scorecard For(PracticeSession session, IReadOnlyList<ReplyFacts> replies)
    {
        var escalatedOut = session.Outcome == PracticeOutcome.Escalated;
        var lines = new List<ScoreLine>
        {
            Listened(session, replies),
            Used(Technique.Acknowledged, replies, SignalKind.Acknowledgement, "no reply named the customer's feeling", notApplicable: false),
            Used(Technique.Apologised, replies, SignalKind.Apology, "no reply apologised", notApplicable: false),
            Used(Technique.Clarified, replies, SignalKind.ClarifyingQuestion, "no reply asked a question or repeated back what was understood", notApplicable: escalatedOut),
            Used(Technique.OfferedOptions, replies.Where(r => !r.Reading.Has(SignalKind.EscalationOffer)).ToList(), SignalKind.OfferOfOptions, "no reply offered the customer a choice", notApplicable: escalatedOut),
            Boundary(replies),
            Escalation(replies),
            Avoided(replies),
        };
        return new Scorecard(session.Persona.Id, session.Outcome, lines);
    }

    private static ScoreLine Line(Technique t, ScoreResult result, string reason) => new(t, Label(t), result, reason);

    private static string Quote(ReplyFacts r, SignalKind signal)
    {
        var cue = r.Reading.CuesFor(signal).FirstOrDefault();
        return cue is null ? $"line {r.Number}" : $"line {r.Number}: \"{cue}\"";
    }

    private static string Capital(string s) => s.Length == 0 ? s : string.Concat(s[..1].ToUpperInvariant(), s[1..]);

    private static ScoreLine Listened(PracticeSession session, IReadOnlyList<ReplyFacts> replies)
    {
        const Technique t = Technique.Listened;
        var jumped = replies.FirstOrDefault(r => r.SolutionWhileVenting);
        if (jumped is not null)
        {
            return Line(t, ScoreResult.Missed, $"Line {jumped.Number}: a solution while the customer was still venting, before acknowledging.");
        }

        if (!replies.Any(r => r.Venting))
        {
            return Line(t, ScoreResult.NotApplicable, "The customer never vented at you.");
        }

        // "calm down" or "that's our policy" to someone venting is not listening, whatever else the reply held
        var dismissed = replies.FirstOrDefault(r => r.Venting && r.Reading.Has(SignalKind.PhraseToAvoid));
        if (dismissed is not null)
        {
            return Line(t, ScoreResult.Missed, $"{Capital(Quote(dismissed, SignalKind.PhraseToAvoid))}: a phrase to avoid while the customer was venting.");
        }

        return replies.Count == 0
            ? Line(t, ScoreResult.NotApplicable, "No replies yet.")
            : Line(t, ScoreResult.Met, $"No solution while {session.Persona.Name} was venting; acknowledged first.");
    }

    private static ScoreLine Used(Technique t, IReadOnlyList<ReplyFacts> replies, SignalKind signal, string missed, bool notApplicable)
    {
        var first = replies.FirstOrDefault(r => r.Reading.Has(signal));
        if (first is not null)
        {
            return Line(t, ScoreResult.Met, $"First at {Quote(first, signal)}.");
        }

        return notApplicable
            ? Line(t, ScoreResult.NotApplicable, "The conversation went to a supervisor first.")
            : Line(t, ScoreResult.Missed, replies.Count == 0 ? "No replies." : $"Missed: {missed}.");
    }

    private static ScoreLine Boundary(IReadOnlyList<ReplyFacts> replies)
    {
        const Technique t = Technique.SetBoundaryWell;
        var during = replies.Where(r => r.StageBefore == Stage.BoundarySetting).ToList();
        if (during.Count == 0)
        {
            return Line(t, ScoreResult.NotApplicable, "No abuse aimed at you, so no boundary was needed.");
        }

        var good = during.FirstOrDefault(r => r.Reading.Has(SignalKind.BoundaryStatement) && !r.Reading.Has(SignalKind.PhraseToAvoid));
        if (good is not null)
        {
            return Line(t, ScoreResult.Met, $"Named the behaviour and kept helping at {Quote(good, SignalKind.BoundaryStatement)}.");
        }

        var first = during[0];
        return first.Reading.Has(SignalKind.BoundaryStatement)
            ? Line(t, ScoreResult.Missed, $"Line {first.Number}: the boundary came with a phrase to avoid.")
            : Line(t, ScoreResult.Missed, $"Line {first.Number}: abuse was going on and the reply did not name the behaviour or restate the wish to help.");
    }

    private static ScoreLine Escalation(IReadOnlyList<ReplyFacts> replies)
    {
        const Technique t = Technique.EscalatedWhenRight;
        var offers = replies.Where(r => r.Reading.Has(SignalKind.EscalationOffer)).ToList();
        var wrong = offers.FirstOrDefault(r => !r.RightToEscalate);
        if (wrong is not null)
        {
            return Line(t, ScoreResult.Missed, $"Line {wrong.Number}: offered a supervisor though no manager was asked for and no offer was turned down twice.");
        }

        var right = offers.FirstOrDefault();
        if (right is not null)
        {
            return Line(t, ScoreResult.Met, $"Offered a supervisor when it was right, at {Quote(right, SignalKind.EscalationOffer)}.");
        }

        var due = replies.FirstOrDefault(r => r.RightToEscalate);
        return due is null
            ? Line(t, ScoreResult.NotApplicable, "No manager was asked for and no offer was turned down repeatedly.")
            : Line(t, ScoreResult.Missed, $"Line {due.Number}: a supervisor was called for and the reply did not offer one.");
    }

    private static ScoreLine Avoided(IReadOnlyList<ReplyFacts> replies)
    {
        const Technique t = Technique.AvoidedPhrasesToAvoid;
        var bad = replies.FirstOrDefault(r => r.Reading.Has(SignalKind.PhraseToAvoid));
        if (bad is not null)
        {
            var count = replies.Count(r => r.Reading.Has(SignalKind.PhraseToAvoid));
            return Line(t, ScoreResult.Missed, $"{Capital(Quote(bad, SignalKind.PhraseToAvoid))}{(count > 1 ? $" (and {count - 1} more)" : "")}.");
        }

        return replies.Count == 0
            ? Line(t, ScoreResult.NotApplicable, "No replies.")
            : Line(t, ScoreResult.Met, "No phrase to avoid in any reply.");
    }
}
