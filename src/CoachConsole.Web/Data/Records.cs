using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;

namespace CoachConsole.Web.Data;

public sealed class Team
{
    public required string Id { get; set; }

    public required string Name { get; set; }
}

/// <summary>The roles people have in the console.</summary>
public enum Role
{
    Agent,
    TeamLead,
    Trainer,
    Admin,
}

public sealed class Person
{
    public required string Id { get; set; }

    public required string DisplayName { get; set; }

    public Role Role { get; set; }

    /// <summary>The agent's team, or the team a lead leads.</summary>
    public string? TeamId { get; set; }
}

/// <summary>A phrasing as stored in the library.</summary>
public sealed class PhraseRecord
{
    public required string Id { get; set; }

    public int Version { get; set; } = 1;

    public Stage Stage { get; set; }

    public PhraseCategory Category { get; set; }

    public Channel? Channel { get; set; }

    public SignalKind Signal { get; set; }

    public int? LadderStep { get; set; }

    public List<string> Teams { get; set; } = [];

    public required string Text { get; set; }

    public Phrase ToPhrase() => new()
    {
        Id = Id,
        Version = Version,
        Stage = Stage,
        Category = Category,
        Channel = Channel,
        Signal = Signal,
        LadderStep = LadderStep,
        Teams = Teams,
        Text = Text,
    };

    public static PhraseRecord From(Phrase phrase) => new()
    {
        Id = phrase.Id,
        Version = phrase.Version,
        Stage = phrase.Stage,
        Category = phrase.Category,
        Channel = phrase.Channel,
        Signal = phrase.Signal,
        LadderStep = phrase.LadderStep,
        Teams = [.. phrase.Teams],
        Text = phrase.Text,
    };
}

public sealed class AvoidRecord
{
    public required string Id { get; set; }

    public required string Pattern { get; set; }

    public required string Better { get; set; }

    public required string Why { get; set; }

    public PhraseToAvoid ToAvoid() => new() { Id = Id, Pattern = Pattern, Better = Better, Why = Why };
}
