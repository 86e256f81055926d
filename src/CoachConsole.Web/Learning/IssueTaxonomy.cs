using System.Text;
using CoachConsole.Web.Data;

namespace CoachConsole.Web.Learning;

/// <summary>An issue as the learning pages group it: a category and, within it, a cause.</summary>
public sealed record IssueClass(string Category, string Cause);

/// <summary>
/// Reads the issue of an ended conversation from its issue summary, the customer's words and its
/// outcome, with a small keyword taxonomy. Deterministic: the same words give the same class.
/// A keyword matches at the start of a word ("charg" matches "charged" and "charges"); a hit in
/// the issue summary weighs three, a hit in the customer's words one; the highest score wins and
/// a tie goes to the category listed first. Without any hit the conversation is an abusive caller
/// when it was abusive, otherwise "Other".
/// </summary>
public static class IssueTaxonomy
{
    public const string BillingDispute = "Billing dispute";
    public const string LateDelivery = "Late delivery";
    public const string Refund = "Refund";
    public const string Cancellation = "Cancellation";
    public const string TechnicalFault = "Technical fault";
    public const string AccountAccess = "Account access";
    public const string AbusiveCaller = "Abusive caller";
    public const string Other = "Other";

    /// <summary>The cause when the words name the category but not why.</summary>
    public const string Unspecified = "Not specified";

    private const int SummaryWeight = 3;

    private sealed record Cause(string Name, string[] Keywords);

    private sealed record Category(string Name, string[] Keywords, Cause[] Causes);

    private static readonly Category[] Taxonomy =
    [
        new(BillingDispute, ["bill", "billing", "invoice", "charg", "overcharg", "fee", "payment", "direct debit", "statement"],
        [
            new("Double charge", ["charged twice", "double charg", "duplicate charg", "twice", "two charges", "double"]),
            new("Unexpected fee", ["fee", "hidden", "surcharge", "extra charg"]),
            new("Price increase", ["price went up", "price increase", "increase", "more than last", "went up"]),
            new("Failed payment", ["declined", "payment failed", "bounced"]),
        ]),
        new(LateDelivery, ["deliver", "parcel", "package", "shipment", "shipping", "courier", "tracking", "arriv", "dispatch"],
        [
            new("Never arrived", ["never arrived", "not arrived", "hasn't arrived", "has not arrived", "still waiting", "lost", "missing"]),
            new("Late", ["late", "delay", "overdue", "days ago", "weeks"]),
            new("Wrong item", ["wrong item", "wrong size", "wrong colour", "wrong color", "wrong order"]),
            new("Damaged in transit", ["damaged", "crushed", "smashed"]),
        ]),
        new(Refund, ["refund", "money back", "reimburs", "return", "my money"],
        [
            new("Refund not received", ["still not", "not received", "haven't received", "have not received", "waiting for my refund", "never got"]),
            new("Refund refused", ["refused", "denied", "won't refund", "will not refund", "no refund"]),
            new("Return", ["return"]),
        ]),
        new(Cancellation, ["cancel", "terminat", "contract", "subscription", "close my account"],
        [
            new("Charged after cancelling", ["after i cancel", "still charg", "still being charg", "already cancel"]),
            new("Cannot cancel", ["can't cancel", "cannot cancel", "won't let me", "unable to cancel"]),
            new("Early exit fee", ["exit fee", "early termination", "penalty"]),
        ]),
        new(TechnicalFault, ["broke", "stopped working", "not working", "doesn't work", "does not work", "defective", "faulty", "fault", "error", "crash", "outage", "internet", "connection", "signal"],
        [
            new("Defective product", ["broke", "stopped working", "defective", "faulty", "dead", "died"]),
            new("Service outage", ["outage", "internet", "connection", "no signal", "down"]),
            new("App or website error", ["app", "website", "error", "crash"]),
        ]),
        new(AccountAccess, ["log in", "login", "logged out", "sign in", "password", "locked", "account access", "two factor", "verification code"],
        [
            new("Locked out", ["locked"]),
            new("Password reset", ["password", "reset"]),
            new("Verification code", ["verification code", "two factor", "code"]),
        ]),
    ];

    /// <summary>Every category, in the order ties are broken, then the fall-backs.</summary>
    public static IReadOnlyList<string> Categories { get; } = [.. Taxonomy.Select(c => c.Name), AbusiveCaller, Other];

    public static IssueClass Classify(string issueSummary, IEnumerable<string> customerWords, Outcome? outcome, bool abusive)
    {
        ArgumentNullException.ThrowIfNull(customerWords);
        var summary = Normalise(issueSummary);
        var words = Normalise(string.Join(" . ", customerWords));

        Category? best = null;
        var bestScore = 0;
        foreach (var category in Taxonomy)
        {
            var score = Score(category.Keywords, summary, words);
            if (score > bestScore)
            {
                (best, bestScore) = (category, score);
            }
        }

        if (best is null)
        {
            return abusive || outcome == Outcome.EndedForAbuse
                ? new IssueClass(AbusiveCaller, outcome == Outcome.EndedForAbuse ? "Ended for abuse" : "Abuse, then resolved")
                : new IssueClass(Other, Unspecified);
        }

        Cause? cause = null;
        var causeScore = 0;
        foreach (var candidate in best.Causes)
        {
            var score = Score(candidate.Keywords, summary, words);
            if (score > causeScore)
            {
                (cause, causeScore) = (candidate, score);
            }
        }

        return new IssueClass(best.Name, cause?.Name ?? Unspecified);
    }

    /// <summary>Lower case, letters and digits only, single spaces, a space at each end.</summary>
    public static string Normalise(string? text)
    {
        var result = new StringBuilder(" ", (text?.Length ?? 0) + 2);
        foreach (var ch in text ?? "")
        {
            if (char.IsLetterOrDigit(ch))
            {
                result.Append(char.ToLowerInvariant(ch));
            }
            else if (ch is '\'' or '’')
            {
                result.Append('\'');
            }
            else if (result[^1] != ' ')
            {
                result.Append(' ');
            }
        }

        if (result[^1] != ' ')
        {
            result.Append(' ');
        }

        return result.ToString();
    }

    private static int Score(string[] keywords, string summary, string words)
    {
        var score = 0;
        foreach (var keyword in keywords)
        {
            score += (Count(summary, keyword) * SummaryWeight) + Count(words, keyword);
        }

        return score;
    }

    /// <summary>How often a word (or words) starts right after a space in the normalised text.</summary>
    private static int Count(string text, string keyword)
    {
        var count = 0;
        var at = text.IndexOf(keyword, 1, StringComparison.Ordinal);
        while (at >= 0)
        {
            var starts = text[at - 1] == ' ';
            count += starts ? 1 : 0;
            var next = at + (starts ? keyword.Length : 1);
            at = next < text.Length ? text.IndexOf(keyword, next, StringComparison.Ordinal) : -1;
        }

        return count;
    }
}
