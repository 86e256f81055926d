using CoachConsole.Core.Phrases;
using CoachConsole.Web.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace CoachConsole.Web.Data;

/// <summary>Creates or migrates the database at start-up and seeds what a new installation needs.</summary>
public static class DatabaseSetup
{
    public const string DemoTeamId = "care-1";
    public const string DemoTeamName = "Customer Care";

    /// <summary>The password of every demo person; Development only, documented in the README.</summary>
    public const string DemoPassword = "CoachDemo2026";

    public static readonly IReadOnlyList<(string Id, string Name, string Role, string? Team)> DemoPeople =
    [
        ("ana", "Ana Ruiz", Roles.Agent, DemoTeamId),
        ("ben", "Ben Okafor", Roles.Agent, DemoTeamId),
        ("leo", "Leo Park", Roles.TeamLead, null),
        ("tara", "Tara Singh", Roles.Trainer, null),
        ("ada", "Ada Admin", Roles.Admin, null),
    ];

    /// <returns>Whether this start created the demo people.</returns>
    public static async Task<bool> InitializeAsync(IServiceProvider services, bool seedDemoData, CancellationToken cancellationToken = default)
    {
        var storage = services.GetRequiredService<StorageSettings>();
        // A folder that takes no files is said at once, not after the set-up lock's wait.
        StorageAtStart.CheckSqliteFolder(storage);
        try
        {
            if (storage.Provider == StorageProvider.PostgreSql)
            {
                // The lock lives in the database, so the database must exist first.
                await EnsurePostgresDatabaseAsync(services, cancellationToken);
            }

            bool seeded;
            await using (await SetupLock.AcquireAsync(storage, cancellationToken))
            {
                seeded = await MigrateAndSeedAsync(services, seedDemoData, cancellationToken);
            }

            await services.GetRequiredService<PhraseLibraryProvider>().ReloadAsync(cancellationToken);
            if (services.GetService<CoachConsole.Web.Library.CueService>() is { } cues)
            {
                await cues.ReloadAsync(cancellationToken);
            }

            return seeded;
        }
        catch (Exception e) when (StorageAtStart.Explain(storage, e) is { } sentence)
        {
            // A locked, read-only or full database, or a server that does not answer: one sentence, not a stack trace.
            throw new ConfigurationProblemException(sentence);
        }
    }

    private static async Task EnsurePostgresDatabaseAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync(cancellationToken);
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken))
        {
            return;
        }

        try
        {
            await creator.CreateAsync(cancellationToken);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.DuplicateDatabase)
        {
            // Another instance created it a moment ago.
        }
    }

    private static async Task<bool> MigrateAndSeedAsync(IServiceProvider services, bool seedDemoData, CancellationToken cancellationToken)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<CoachDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
            if (db.Database.IsSqlite())
            {
                // Readers never wait for the writer; kept in the file, so set once is enough.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
            }

            await SeedLibraryAsync(db, cancellationToken);
        }

        var seeded = false;
        await using (var scope = services.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetService<RoleManager<IdentityRole>>();
            if (roles is not null)
            {
                foreach (var role in Roles.All)
                {
                    if (!await roles.RoleExistsAsync(role))
                    {
                        await roles.CreateAsync(new IdentityRole(role));
                    }
                }
            }

            if (seedDemoData)
            {
                seeded = await SeedDemoAsync(scope.ServiceProvider, dbFactory, cancellationToken);
            }
        }

        if (services.GetService<IOptions<ConnectorOptions>>()?.Value.Keys is { Count: > 0 } configured && services.GetService<ConnectorKeys>() is { } keys)
        {
            foreach (var key in configured)
            {
                await keys.EnsureAsync(key.Name, key.Team, key.Key, cancellationToken);
            }
        }

        return seeded;
    }

    private static async Task SeedLibraryAsync(CoachDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Phrases.AnyAsync(cancellationToken))
        {
            return;
        }

        var library = DefaultLibrary.Load();
        db.Phrases.AddRange(library.Phrases.Select(PhraseRecord.From));
        db.AvoidPhrases.AddRange(library.Avoid.Select(a => new AvoidRecord { Id = a.Id, Pattern = a.Pattern, Better = a.Better, Why = a.Why }));
        db.LibraryVersions.Add(new LibraryVersion
        {
            Number = 1,
            PublishedAt = DateTimeOffset.UtcNow,
            PublishedBy = "system",
            Note = "The starter library",
            Json = System.Text.Json.JsonSerializer.Serialize(library.Phrases, DefaultLibrary.JsonOptions),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task<bool> SeedDemoAsync(IServiceProvider services, IDbContextFactory<CoachDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Teams.AnyAsync(cancellationToken))
            {
                return false;
            }

            db.Teams.Add(new Team { Id = DemoTeamId, Name = DemoTeamName });
            await db.SaveChangesAsync(cancellationToken);
        }

        var users = services.GetRequiredService<UserManager<CoachUser>>();
        foreach (var (id, name, role, team) in DemoPeople)
        {
            var user = new CoachUser { Id = id, UserName = id, DisplayName = name, TeamId = team, Email = $"{id}@demo.coachconsole.local" };
            Check(await users.CreateAsync(user, DemoPassword), id);
            Check(await users.AddToRoleAsync(user, role), id);
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.TeamLeads.Add(new TeamLead { TeamId = DemoTeamId, UserId = "leo" });
            await db.SaveChangesAsync(cancellationToken);
        }

        return true;
    }

    private static void Check(IdentityResult result, string who)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not seed demo person {who}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
