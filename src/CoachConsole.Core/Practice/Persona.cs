using System.Text.Json;
using System.Text.Json.Serialization;
using CoachConsole.Core.Conversations;

namespace CoachConsole.Core.Practice;

/// <summary>How the simulated customer answers a trainee's reply.</summary>
public enum CustomerMood
{
    /// <summary>Still venting: the trainee has not yet brought the heat down.</summary>
    Angry,

    /// <summary>Still venting and cut off by a solution; falls back to <see cref="Angry"/> lines.</summary>
    Interrupted,

    /// <summary>Cooling down, willing to go on.</summary>
    Calming,

    /// <summary>Answering the trainee's question with the facts.</summary>
    Answering,

    /// <summary>Takes the option offered.</summary>
    Accepting,

    /// <summary>Turns the option offered down.</summary>
    Rejecting,

    /// <summary>Abuse aimed at the trainee.</summary>
    Abusive,

    /// <summary>Asks for a manager.</summary>
    WantsManager,

    /// <summary>Respectful again after a boundary was set.</summary>
    Respectful,

    /// <summary>Agrees to be passed to a supervisor.</summary>
    Escalated,
}

/// <summary>One line a simulated customer can say, for a mood and, optionally, only in some stages.</summary>
/// <param name="Mood">The mood the line expresses.</param>
/// <param name="Text">What the customer says.</param>
/// <param name="Stages">The stages the line fits; empty for any stage.</param>
public sealed record PersonaLine(CustomerMood Mood, string Text, IReadOnlyList<Stage>? Stages = null)
{
    public bool Fits(Stage stage) => Stages is null || Stages.Count == 0 || Stages.Contains(stage);

    public bool IsStageSpecific => Stages is { Count: > 0 };
}

/// <summary>
/// A simulated difficult customer: who they are, what went wrong, how hot they start and how they
/// answer. Heat thresholds are on the reader's 0..1 scale.
/// </summary>
public sealed record Persona
{
    public required string Id { get; init; }

    /// <summary>The customer's display name, filled into the coaching phrasings.</summary>
    public required string Name { get; init; }

    /// <summary>The scenario as a trainee picks it ("Defective blender, wants a refund").</summary>
    public required string Scenario { get; init; }

    /// <summary>The issue summary, as a live conversation would carry it.</summary>
    public required string Issue { get; init; }

    public Channel Channel { get; init; } = Channel.Chat;

    /// <summary>What the business can offer for this issue, filled into the offer phrasings.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>The customer's heat before the first reply.</summary>
    public double StartHeat { get; init; } = 0.8;

    /// <summary>At or above this heat the customer is still venting.</summary>
    public double HotAbove { get; init; } = 0.55;

    /// <summary>Below this heat an offer of options is accepted; at or above it, turned down.</summary>
    public double AcceptBelow { get; init; } = 0.5;

    /// <summary>How much of each calming move lands (1 = all of it); a repeat contact forgives less.</summary>
    public double Forgiveness { get; init; } = 1.0;

    /// <summary>True when the customer turns abusive while hot and no boundary holds.</summary>
    public bool Abusive { get; init; }

    /// <summary>From this customer line on (the opening is 0) the customer asks for a manager until offered one.</summary>
    public int? ManagerFromLine { get; init; }

    /// <summary>The trainee's replies after which the session ends.</summary>
    public int MaxReplies { get; init; } = 10;

    /// <summary>The opening lines; one is chosen by the session's seed.</summary>
    public IReadOnlyList<string> Opening { get; init; } = [];

    public IReadOnlyList<PersonaLine> Lines { get; init; } = [];

    /// <summary>The moods this persona must have at least one line for.</summary>
    public IEnumerable<CustomerMood> RequiredMoods =>
        Enum.GetValues<CustomerMood>().Where(m => m != CustomerMood.Interrupted && (Abusive || m is not (CustomerMood.Abusive or CustomerMood.Respectful)));
}

/// <summary>The personas shipped with the product.</summary>
public static class DefaultPersonas
{
    internal const string Resource = "CoachConsole.Core.Practice.personas.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly Lazy<IReadOnlyList<Persona>> All = new(Read);

    /// <summary>Every default persona, in the order of the file.</summary>
    public static IReadOnlyList<Persona> Load() => All.Value;

    public static Persona Get(string id) =>
        Load().FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal))
            ?? throw new KeyNotFoundException($"No practice persona '{id}'.");

    /// <summary>Everything that stops a persona from being played; empty when it can be.</summary>
    public static IReadOnlyList<string> Validate(Persona persona)
    {
        ArgumentNullException.ThrowIfNull(persona);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(persona.Id) || string.IsNullOrWhiteSpace(persona.Name) || string.IsNullOrWhiteSpace(persona.Scenario))
        {
            errors.Add("A persona needs an id, a name and a scenario.");
        }

        if (persona.Opening.Count == 0)
        {
            errors.Add($"Persona '{persona.Id}' has no opening line.");
        }

        var missing = persona.RequiredMoods.Where(m => !persona.Lines.Any(l => l.Mood == m)).ToList();
        if (missing.Count > 0)
        {
            errors.Add($"Persona '{persona.Id}' has no line for {string.Join(", ", missing)}.");
        }

        return errors;
    }

    /// <summary>Reads one persona written by a trainer; the errors say what is wrong.</summary>
    public static (Persona? Persona, IReadOnlyList<string> Errors) Parse(string json)
    {
        try
        {
            var persona = JsonSerializer.Deserialize<Persona>(json, Json);
            return persona is null ? (null, ["The persona is empty."]) : (Validate(persona) is { Count: > 0 } errors ? (null, errors) : (persona, []));
        }
        catch (JsonException ex)
        {
            return (null, [$"Not a persona in JSON: {ex.Message}"]);
        }
    }

    public static string ToJson(Persona persona) => JsonSerializer.Serialize(persona, new JsonSerializerOptions(Json) { WriteIndented = true });

    private static IReadOnlyList<Persona> Read()
    {
        using var stream = typeof(DefaultPersonas).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException("The practice personas are missing from the build.");
        var file = JsonSerializer.Deserialize<PersonaFile>(stream, Json)
            ?? throw new InvalidOperationException("The practice personas file is empty.");
        foreach (var p in file.Personas)
        {
            if (Validate(p) is { Count: > 0 } errors)
            {
                throw new InvalidOperationException(errors[0]);
            }
        }

        return file.Personas;
    }

    private sealed record PersonaFile(List<Persona> Personas);
}
