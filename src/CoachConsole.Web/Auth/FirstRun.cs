using System.Security.Cryptography;
using CoachConsole.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Auth;

/// <summary>
/// The first admin of a new installation: while there is none, a one-time setup page accepts a
/// token printed in the log at start-up, so only the operator can claim the installation.
/// </summary>
public sealed class FirstRun
{
    private readonly Lock _gate = new();

    public string Token { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public bool Completed { get; private set; }

    public static async Task<bool> HasAdminAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<CoachDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.UserRoles.AnyAsync(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Admin), cancellationToken);
    }

    public bool TokenMatches(string? token) =>
        token is not null && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(token), System.Text.Encoding.UTF8.GetBytes(Token));

    /// <summary>Creates the first admin; fails if one exists or the token is wrong.</summary>
    public async Task<IdentityResult> CreateAdminAsync(IServiceProvider services, string token, string userName, string displayName, string password)
    {
        if (!TokenMatches(token))
        {
            return IdentityResult.Failed(new IdentityError { Code = "token", Description = "The setup token is not right; it is printed in the server log." });
        }

        lock (_gate)
        {
            if (Completed)
            {
                return IdentityResult.Failed(new IdentityError { Code = "done", Description = "This installation already has an admin." });
            }

            Completed = true;
        }

        if (await HasAdminAsync(services))
        {
            return IdentityResult.Failed(new IdentityError { Code = "done", Description = "This installation already has an admin." });
        }

        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CoachUser>>();
        var user = new CoachUser { UserName = userName.Trim(), DisplayName = displayName.Trim() };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            lock (_gate)
            {
                Completed = false;
            }

            return created;
        }

        await users.AddToRoleAsync(user, Roles.Admin);
        await services.GetRequiredService<AuditLog>().WriteAsync(user.UserName!, AuditActions.FirstAdminCreated, user.UserName);
        return created;
    }
}

/// <summary>Refuses to start an installation that is half configured.</summary>
public static class StartupChecks
{
    public static void Verify(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.IsDevelopment())
        {
            return;
        }

        if (configuration.GetValue("Seed:DemoData", false))
        {
            throw new ConfigurationProblemException(
                $"Seed:DemoData is on in the {environment.EnvironmentName} environment; demo people have published passwords, so they are only seeded in Development. Turn it off.");
        }

        if (configuration.GetSection("Connectors:Keys").GetChildren().Any())
        {
            throw new ConfigurationProblemException(
                $"Connectors:Keys holds plain-text keys in the {environment.EnvironmentName} environment; create keys on the admin page instead (they are stored hashed) and remove them from the configuration.");
        }
    }
}
