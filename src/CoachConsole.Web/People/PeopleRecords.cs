using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;
using Microsoft.AspNetCore.Identity;

namespace CoachConsole.Web.Data;

public sealed class Team
{
    public required string Id { get; set; }

    public required string Name { get; set; }
}

/// <summary>The roles people have in the console; a person may hold more than one.</summary>
public static class Roles
{
    public const string Agent = nameof(Agent);
    public const string TeamLead = nameof(TeamLead);
    public const string Trainer = nameof(Trainer);
    public const string Admin = nameof(Admin);

    public static readonly IReadOnlyList<string> All = [Agent, TeamLead, Trainer, Admin];
}

/// <summary>Someone who signs in: an agent, a lead, a trainer or an admin.</summary>
public sealed class CoachUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The team an agent works in.</summary>
    public string? TeamId { get; set; }
}

/// <summary>A lead leads one or more teams; a team may have several leads.</summary>
public sealed class TeamLead
{
    public required string TeamId { get; set; }

    public required string UserId { get; set; }
}

/// <summary>
/// A connector's API key, stored as a hash: the key itself is shown once, when it is created.
/// </summary>
public sealed class ConnectorKeyRecord
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string TeamId { get; set; }

    /// <summary>The first characters of the key, so people can tell keys apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the key, hex; keys are long random strings, so no salt is needed.</summary>
    public required string Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsActive => RevokedAt is null;
}

/// <summary>Who did what, for admins to review.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The person or connector that acted (a user name or key name), or "system".</summary>
    public required string Actor { get; set; }

    public required string Action { get; set; }

    public string? Target { get; set; }

    public string? Detail { get; set; }
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
