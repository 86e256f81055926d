using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;

namespace CoachConsole.Web.Data;

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

    public bool Featured { get; set; }

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
        Featured = Featured,
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
        Featured = phrase.Featured,
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

/// <summary>The trainers' working copy of the phrase library; agents see it only once published.</summary>
public sealed class LibraryDraft
{
    public int Id { get; set; } = 1;

    /// <summary>The draft's phrases, in the library's JSON format.</summary>
    public required string Json { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }
}

/// <summary>A published version of the phrase library: a full snapshot, so any version can be restored.</summary>
public sealed class LibraryVersion
{
    public int Number { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    public required string PublishedBy { get; set; }

    public string? Note { get; set; }

    public required string Json { get; set; }
}

/// <summary>A trainer's cue phrase for a signal: in the draft, published, or both.</summary>
public sealed class DetectionCueRecord
{
    public long Id { get; set; }

    public SignalKind Signal { get; set; }

    public required string Phrase { get; set; }

    /// <summary>In the trainers' working set; publishing makes the published set equal to it.</summary>
    public bool InDraft { get; set; }

    /// <summary>Read by the live signal reader.</summary>
    public bool IsPublished { get; set; }

    public required string AddedBy { get; set; }

    public DateTimeOffset AddedAt { get; set; }
}

/// <summary>A practice persona as trainers wrote it, in the personas' JSON format.</summary>
public sealed class PersonaRecord
{
    public required string Id { get; set; }

    public required string Json { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
