using CoachConsole.Core.Phrases;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Data;

/// <summary>Creates or migrates the database at start-up and seeds what a new installation needs.</summary>
public static class DatabaseSetup
{
    public const string DemoTeamId = "care-1";

    public static async Task InitializeAsync(IServiceProvider services, bool seedDemoData, CancellationToken cancellationToken = default)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<CoachDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
            await SeedLibraryAsync(db, cancellationToken);
            if (seedDemoData)
            {
                await SeedDemoAsync(db, cancellationToken);
            }
        }

        await services.GetRequiredService<PhraseLibraryProvider>().ReloadAsync(cancellationToken);
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
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task SeedDemoAsync(CoachDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Teams.AnyAsync(cancellationToken))
        {
            return;
        }

        db.Teams.Add(new Team { Id = DemoTeamId, Name = "Customer Care" });
        db.People.AddRange(
            new Person { Id = "ana", DisplayName = "Ana Ruiz", Role = Role.Agent, TeamId = DemoTeamId },
            new Person { Id = "ben", DisplayName = "Ben Okafor", Role = Role.Agent, TeamId = DemoTeamId },
            new Person { Id = "leo", DisplayName = "Leo Park", Role = Role.TeamLead, TeamId = DemoTeamId },
            new Person { Id = "tara", DisplayName = "Tara Singh", Role = Role.Trainer });
        await db.SaveChangesAsync(cancellationToken);
    }
}
