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

        if (ChosenIds.HoldsCardNumber(userName))
        {
            return IdentityResult.Failed(new IdentityError { Code = "userName", Description = ChosenIds.Refusal("The user name") });
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
        var user = new CoachUser { UserName = userName.Trim(), DisplayName = services.GetRequiredService<Core.Privacy.TranscriptMasker>().Mask(displayName.Trim()) };
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
    private const string YesOrNo = "which is not true or false";
    private const string WholeNumber = "which is not a whole number";
    private const string Duration = "which is not a duration (hh:mm:ss, such as 00:05:00)";

    /// <param name="configuration">The settings.</param>
    /// <param name="environment">The environment the host runs as.</param>
    /// <param name="variables">Reads the process's environment variables (the real ones when null).</param>
    public static void Verify(IConfiguration configuration, IHostEnvironment environment, Func<string, string?>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        Readable<bool>(configuration, "Seed:DemoData", YesOrNo);
        Readable<int>(configuration, "RateLimiting:ConnectorPermitsPerMinute", WholeNumber);
        Readable<int>(configuration, "ThreadPool:MinThreads", WholeNumber);
        Readable<bool>(configuration, "Privacy:MaskEmails", YesOrNo);
        Readable<bool>(configuration, "Privacy:MaskPhoneNumbers", YesOrNo);
        Readable<TimeSpan>(configuration, "Coaching:PauseAfterVenting", Duration);
        Readable<TimeSpan>(configuration, "Coaching:StuckInStage", Duration);
        Readable<TimeSpan>(configuration, "Coaching:TakeOverTimersAfter", Duration);
        Readable<bool>(configuration, "WarmUp:UntilOptimised", YesOrNo);
        if (environment.IsDevelopment())
        {
            // Development chosen by a launch profile or the other variable, though the operator asked for another.
            if (configuration.GetValue("Seed:DemoData", true) && Operations.LaunchEnvironment.AskedForOtherThanDevelopment(variables) is { } asked)
            {
                throw new ConfigurationProblemException(
                    $"{asked.Variable} asks for the {asked.Environment} environment but the process runs as Development, which would seed the demo people with their published password; start it as {asked.Environment} (dotnet publish, then dotnet CoachConsole.Web.dll) with no other variable or launch profile saying Development, or set Seed:DemoData=false.");
            }

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

    /// <summary>
    /// Reads a typed setting the way the product will, so a value it cannot convert stops the start
    /// here with a sentence instead of failing later, wherever it is first read.
    /// </summary>
    private static void Readable<T>(IConfiguration configuration, string key, string what)
    {
        try
        {
            _ = configuration.GetValue<T>(key);
        }
        catch (InvalidOperationException)
        {
            throw new ConfigurationProblemException($"{key} is '{configuration[key]}', {what}.");
        }
    }
}
