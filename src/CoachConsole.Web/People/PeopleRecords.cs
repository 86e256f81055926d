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
