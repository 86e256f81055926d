using CoachConsole.Core.Coaching;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;

namespace CoachConsole.Web.Conversations;

/// <summary>
/// A conversation as the API, the hub and the consoles show it. <see cref="Revision"/> counts its
/// stored changes: of two views of one conversation, the higher revision is the newer.
/// </summary>
public sealed record ConversationView(
    Guid Id,
    Channel Channel,
    string CustomerName,
    string IssueSummary,
    IReadOnlyList<string> Options,
    string AgentId,
    string AgentName,
    string TeamId,
    Stage Stage,
    double Heat,
    Mood Mood,
    int BoundaryStep,
    int TurnCount,
    DateTimeOffset StartedAt,
    DateTimeOffset StageEnteredAt,
    DateTimeOffset LastActivityAt,
    DateTimeOffset? EndedAt,
    IReadOnlyList<SuggestionView> Suggestions,
    int Revision)
{
    public bool IsEnded => EndedAt is not null;

    /// <summary>Whether this view is at least as recent as <paramref name="other"/> (updates and reads can arrive out of order).</summary>
    public bool IsAtLeastAsNewAs(ConversationView other) => Revision >= other.Revision;

    public static ConversationView From(Conversation c) => new(
        c.Id, c.Channel, c.CustomerName, c.IssueSummary, c.Options, c.AgentId, c.AgentName, c.TeamId, c.Stage,
        Math.Round(c.Heat, 3), c.Mood, c.BoundaryStep, c.TurnCount, c.StartedAt, c.StageEnteredAt, c.LastActivityAt, c.EndedAt,
        c.Suggestions.Select(SuggestionView.From).ToList(), c.Revision);
}

/// <summary>A coaching card with its reason in words and in parts.</summary>
public sealed record SuggestionView(string PhraseId, int PhraseVersion, string Category, string Text, int? LadderStep, string Why, ReasonView Reason)
{
    public static SuggestionView From(Suggestion s) => new(
        s.PhraseId, s.PhraseVersion, s.Category.ToString(), s.Text, s.LadderStep, s.Reason.ToString(),
        new ReasonView(s.Reason.Stage, SignalNames.Single(s.Reason.Signal), s.Reason.Cues, s.Reason.Rule));
}

public sealed record ReasonView(Stage Stage, string? Signal, IReadOnlyList<string> Cues, string Rule);

public sealed record CueView(string? Signal, int Start, int Length, string Text);

/// <summary>A stored turn with the signals read from it.</summary>
public sealed record TurnView(
    Guid Id,
    int Sequence,
    string? TurnId,
    Speaker Speaker,
    string Text,
    DateTimeOffset At,
    double Heat,
    Mood Mood,
    IReadOnlyList<string> Signals,
    IReadOnlyList<CueView> Cues,
    Stage StageAfter,
    string? Author = null)
{
    public static TurnView From(Turn t) => new(
        t.Id, t.Sequence, t.ClientTurnId, t.Speaker, t.Text, t.At, Math.Round(t.Heat, 3), t.Mood, SignalNames.Of(t.Signals),
        t.Cues.Select(c => new CueView(SignalNames.Single(c.Signal), c.Start, c.Length, c.Text)).ToList(), t.StageAfter, t.Author);

    /// <summary>The name a transcript shows for this turn: the lead who wrote it, else the label of its speaker.</summary>
    public string LabelOr(string customerLabel, string agentLabel) =>
        Author ?? (Speaker == Speaker.Customer ? customerLabel : agentLabel);
}

public sealed record StageChangeView(Stage From, Stage To, string Trigger, string Reason, DateTimeOffset At)
{
    public static StageChangeView Of(StageTransition t) => new(t.From, t.To, t.Trigger.ToString(), t.Reason, t.At);
}

/// <summary>A conversation with its whole transcript, its stage path and the lead's notes.</summary>
public sealed record ConversationDetails(
    ConversationView Conversation,
    IReadOnlyList<TurnView> Transcript,
    IReadOnlyList<StageChangeView> StagePath,
    IReadOnlyList<LeadNoteView> LeadNotes);

/// <summary>A voice utterance being spoken, not yet final.</summary>
public sealed record PartialView(string TurnId, Speaker Speaker, string Text);

/// <summary>A lead's whisper, pushed phrase, join or take-over.</summary>
/// <remarks>
/// <see cref="Kind"/> is what the API and the hub write; the pages read <see cref="Type"/>, read
/// from it, so no page compares a note's kind as a string.
/// </remarks>
public sealed record LeadNoteView(long Id, string Kind, string LeadName, string? Text, string? PhraseId, DateTimeOffset At)
{
    /// <summary>What the lead did, for the pages; not part of the JSON.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Data.LeadNoteKind Type => Parse(Kind);

    private static Data.LeadNoteKind Parse(string kind) =>
        Enum.TryParse<Data.LeadNoteKind>(kind, ignoreCase: false, out var type) && Enum.IsDefined(type)
            ? type
            : throw new InvalidOperationException($"{kind} is not a kind of lead note.");

    public static LeadNoteView From(Data.LeadNote n) => new(n.Id, n.Kind.ToString(), n.LeadName, n.Text, n.PhraseId, n.At);
}

/// <summary>The answer to an added turn.</summary>
public sealed record TurnAccepted(TurnView Turn, ConversationView Conversation, IReadOnlyList<StageChangeView> StageChanges, bool Replayed);

public static class SignalNames
{
    private static readonly SignalKind[] All = Enum.GetValues<SignalKind>().Where(s => s != SignalKind.None).ToArray();
    private static readonly Dictionary<string, SignalKind> ByName = All.ToDictionary(s => Camel(s.ToString()), StringComparer.Ordinal);

    /// <summary>The name of one signal, or null for none.</summary>
    public static string? Single(SignalKind signal) => signal == SignalKind.None ? null : Camel(signal.ToString());

    /// <summary>The signal flags as camel-case names, as the API writes them.</summary>
    public static IReadOnlyList<string> Of(SignalKind signals)
    {
        if (signals == SignalKind.None)
        {
            return [];
        }

        var names = new List<string>();
        foreach (var s in All)
        {
            if ((signals & s) == s)
            {
                names.Add(Camel(s.ToString()));
            }
        }

        return names;
    }

    /// <summary>The flags of signal names as the API writes them; a name no signal has (any more) is left out.</summary>
    public static SignalKind Parse(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var signals = SignalKind.None;
        foreach (var name in names)
        {
            if (ByName.TryGetValue(name, out var signal))
            {
                signals |= signal;
            }
        }

        return signals;
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
