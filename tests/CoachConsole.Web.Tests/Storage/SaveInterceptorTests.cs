using CoachConsole.Core.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Storage;

/// <summary>
/// What every save goes through, on the contexts the host hands out: a changed conversation is saved
/// as its next revision and only over the revision it was read at, its end is kept as ticks for the
/// reports, and on SQLite the one-writer gate is let go however a save ends.
/// </summary>
public sealed class SaveInterceptorTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    /// <summary>Generous for a loaded machine; a save that never ends (a gate never let go) fails here.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private IDbContextFactory<CoachDbContext> Contexts => factory.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>();

    [Fact]
    public async Task Save_OverAConversationChangedMeanwhile_IsRefused_AndTheNextSavesStillGoThrough()
    {
        var id = Guid.NewGuid();
        var started = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            db.Conversations.Add(new Conversation(id, Channel.Chat, "Dana", "a late parcel", "ana", "Ana Ruiz", DatabaseSetup.DemoTeamId, started));
            await db.SaveChangesAsync().WaitAsync(Deadline);
        }

        await using var first = await Contexts.CreateDbContextAsync();
        await using var second = await Contexts.CreateDbContextAsync();
        var mine = await first.Conversations.SingleAsync(c => c.Id == id);
        var theirs = await second.Conversations.SingleAsync(c => c.Id == id);
        Assert.Equal(0, mine.Revision);

        mine.OfferOptions(["a refund"]);
        await first.SaveChangesAsync().WaitAsync(Deadline);
        theirs.OfferOptions(["a replacement"]);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync().WaitAsync(Deadline));

        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var stored = await db.Conversations.SingleAsync(c => c.Id == id);
            Assert.Equal(1, stored.Revision);
            Assert.Equal(["a refund"], stored.Options);
            stored.End(started.AddMinutes(5));
            await db.SaveChangesAsync().WaitAsync(Deadline);
        }

        await using (var db = await Contexts.CreateDbContextAsync())
        {
            Assert.Equal(2, (await db.Conversations.SingleAsync(c => c.Id == id)).Revision);
            var ended = CoachDbContext.EndedBetween(db.Conversations, started, started.AddMinutes(6)).Where(c => c.Id == id);
            Assert.Equal(1, await ended.CountAsync());
            Assert.Equal(0, await CoachDbContext.EndedBetween(db.Conversations, started, started.AddMinutes(5)).CountAsync(c => c.Id == id));
        }
    }

    [Fact]
    public async Task Save_ThatTheDatabaseRefuses_Fails_AndTheNextSaveStillGoesThrough()
    {
        var name = "Night shift " + Guid.NewGuid().ToString("N")[..8];
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            // The demo team exists already: the insert breaks the primary key.
            db.Teams.Add(new Team { Id = DatabaseSetup.DemoTeamId, Name = "A second Customer Care" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync().WaitAsync(Deadline));
        }

        await using (var db = await Contexts.CreateDbContextAsync())
        {
            db.Teams.Add(new Team { Id = "night-" + Guid.NewGuid().ToString("N")[..8], Name = name });
            await db.SaveChangesAsync().WaitAsync(Deadline);
        }

        await using (var db = await Contexts.CreateDbContextAsync())
        {
            Assert.Equal(1, await db.Teams.CountAsync(t => t.Name == name));
            Assert.Equal(DatabaseSetup.DemoTeamName, (await db.Teams.SingleAsync(t => t.Id == DatabaseSetup.DemoTeamId)).Name);
        }
    }

    [Fact]
    public async Task ContextsOfTheHost_StampEverySave_AndOnSqliteTakeTheWriteGateLast()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var interceptors = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.Interceptors!.ToList();

        Assert.Contains(RevisionStamping.Instance, interceptors);
        if (TestDatabase.OnPostgres)
        {
            Assert.DoesNotContain(SqliteWriteGate.Instance, interceptors);
        }
        else
        {
            Assert.Same(SqliteWriteGate.Instance, interceptors[^1]);
        }
    }

    [Fact]
    public async Task EveryRecordOfTheProduct_IsConfiguredByAClassOfItsOwn()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var configured = typeof(CoachDbContext).Assembly.GetTypes()
            .SelectMany(t => t.GetInterfaces())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>))
            .Select(i => i.GetGenericArguments()[0])
            .ToHashSet();
        var ours = db.Model.GetEntityTypes().Select(e => e.ClrType)
            .Where(t => t.Namespace?.StartsWith("CoachConsole.", StringComparison.Ordinal) == true)
            .ToList();

        Assert.NotEmpty(ours);
        Assert.Empty(ours.Where(t => !configured.Contains(t)).Select(t => t.Name));
    }

    /// <summary>
    /// Every turn takes a context: the host hands out pooled ones, and on SQLite a connection the
    /// pool hands out again still waits for another writer and still syncs as configured.
    /// </summary>
    [Fact]
    public async Task Contexts_AreReused_AndAReusedSqliteConnectionKeepsItsSettings()
    {
        var seen = new List<CoachDbContext>();
        var reused = false;
        for (var i = 0; i < 50 && !reused; i++)
        {
            var db = await Contexts.CreateDbContextAsync();
            reused = seen.Any(x => ReferenceEquals(x, db));
            seen.Add(db);
            Assert.True(await db.Teams.AnyAsync(t => t.Id == DatabaseSetup.DemoTeamId));
            await db.DisposeAsync();
        }

        Assert.True(reused, "The context factory handed out a new context every time.");
        if (TestDatabase.OnPostgres)
        {
            return;
        }

        for (var i = 0; i < 3; i++)
        {
            await using var db = await Contexts.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            Assert.Equal(1L, await Pragma(db, "synchronous"));
            Assert.True(await Pragma(db, "busy_timeout") > 0);
        }

        static async Task<long> Pragma(CoachDbContext db, string name)
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"PRAGMA {name};";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
