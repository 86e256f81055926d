namespace CoachConsole.Web.Data;

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
