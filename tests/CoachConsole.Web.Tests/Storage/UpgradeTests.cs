using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Data;
using CoachConsole.Web.Learning;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Storage;

/// <summary>A database written by the previous release, brought up to date at start-up: nothing in it is lost or left out.</summary>
public sealed class UpgradeTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coachconsole-upgrade-").FullName;
    private ServiceProvider _services = default!;

    public Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCoachConversations(TestDatabase.For(_directory));
        services.AddSingleton(TimeProvider.System);
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ConversationsEndedBeforeTheUpgrade_AreInTheReportsOfTheirPeriod()
    {
        // 21:30:00.1234567 UTC on 16 November, written by the release before the ended-at column.
        var endedAt = new DateTimeOffset(2026, 11, 16, 21, 30, 0, TimeSpan.Zero).AddTicks(1_234_567);
        var id = Guid.NewGuid();
        await using (var db = await DbAsync())
        {
            // The schema as that release left it: every migration before the ended-at column's.
            var migrations = db.Database.GetMigrations().ToList();
            var endedAtColumn = migrations.FindIndex(m => m.EndsWith("_ConversationEndedTicks", StringComparison.Ordinal));
            Assert.True(endedAtColumn > 0, "the migration that adds the ended-at column");
            await db.GetService<IMigrator>().MigrateAsync(migrations[endedAtColumn - 1]);
            object key = db.Database.IsSqlite() ? id.ToString().ToUpperInvariant() : id;
            var startedAt = endedAt.AddMinutes(-6);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "Conversations" ("Id", "Channel", "CustomerName", "IssueSummary", "Options", "AgentId", "AgentName", "TeamId", "Suggestions", "UsedPhraseIds",
                    "Stage", "BoundaryStep", "AcknowledgementsWhileHot", "Rejections", "AwaitingAnswer", "Heat", "Mood", "TurnCount",
                    "StartedAt", "StageEnteredAt", "LastActivityAt", "EndedAt", "Revision")
                VALUES ({key}, 'Chat', 'Maria Lopez', 'charged twice on my bill', '[]', 'ana', 'Ana Ruiz', {DatabaseSetup.DemoTeamId}, '[]', '[]',
                    'Closing', 0, 0, 0, {false}, 0.4, 'Neutral', 0,
                    {startedAt}, {startedAt}, {endedAt}, {endedAt}, 3)
                """);
        }

        await DatabaseSetup.InitializeAsync(_services, seedDemoData: false);

        await using (var db = await DbAsync())
        {
            var ticks = await db.Conversations.Where(c => c.Id == id).Select(c => EF.Property<long?>(c, CoachDbContext.EndedAtTicks)).SingleAsync();
            Assert.Equal(endedAt.UtcTicks / TimeSpan.TicksPerMillisecond, ticks / TimeSpan.TicksPerMillisecond);

            // Written before the coaching memory existed, it loads with that memory empty.
            var old = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id);
            Assert.Equal((Stage.Closing, 0, false), (old.Stage, old.CustomerTurns, old.BoundaryStated));
            Assert.Equal((SignalKind.None, SignalKind.None), (old.AgentMovesSoFar, old.CustomerSignalsSoFar));
            Assert.Empty(old.ShownPhraseIds);
            Assert.Empty(old.Suggestions);
        }

        var issues = _services.GetRequiredService<RecurringIssues>();
        var teams = new HashSet<string> { DatabaseSetup.DemoTeamId };
        var monday = new LearningPeriod(new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 16));
        var tuesday = new LearningPeriod(new DateOnly(2026, 11, 17), new DateOnly(2026, 11, 17));
        var report = await issues.ForPeriodAsync(teams, monday.Start, monday.End);
        Assert.Equal((1, IssueTaxonomy.BillingDispute), (report.Conversations, report.Groups[0].Category));
        Assert.Equal(0, (await issues.ForPeriodAsync(teams, tuesday.Start, tuesday.End)).Conversations);
    }

    [Fact]
    public async Task ConversationsLiveAtTheUpgrade_RememberWhatTheirTurnsTold()
    {
        var id = Guid.NewGuid();
        var startedAt = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        await using (var db = await DbAsync())
        {
            // The schema as the release before the coaching memory left it, with a live conversation
            // on the boundary ladder: the agent has already stated step 1.
            var migrations = db.Database.GetMigrations().ToList();
            var memory = migrations.FindIndex(m => m.EndsWith("_CoachingMemory", StringComparison.Ordinal));
            Assert.True(memory > 0, "the migration that adds the coaching memory");
            await db.GetService<IMigrator>().MigrateAsync(migrations[memory - 1]);
            object Key(Guid g) => db.Database.IsSqlite() ? g.ToString().ToUpperInvariant() : g;
            var key = Key(id);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "Conversations" ("Id", "Channel", "CustomerName", "IssueSummary", "Options", "AgentId", "AgentName", "TeamId", "Suggestions", "UsedPhraseIds",
                    "Stage", "InterruptedStage", "BoundaryStep", "AcknowledgementsWhileHot", "Rejections", "AwaitingAnswer", "Heat", "Mood", "TurnCount",
                    "StartedAt", "StageEnteredAt", "LastActivityAt", "LastCustomerTurnAt", "Revision")
                VALUES ({key}, 'Chat', 'Maria Lopez', 'a broken blender', '[]', 'ana', 'Ana Ruiz', {DatabaseSetup.DemoTeamId}, '[]', '[]',
                    'BoundarySetting', 'Clarifying', 1, 0, 0, {true}, 0.8, 'Angry', 4,
                    {startedAt}, {startedAt}, {startedAt}, {startedAt}, 5)
                """);
            (Speaker Speaker, string Text, SignalKind Signals, string Stage)[] turns =
            [
                (Speaker.Customer, "My blender broke again, this is the second time I write!", SignalKind.Venting | SignalKind.RepeatContact, "Listening"),
                (Speaker.Agent, "I'm sorry. Can you tell me the order number?", SignalKind.Apology | SignalKind.ClarifyingQuestion, "Clarifying"),
                (Speaker.Customer, "You're useless, you idiot", SignalKind.Abuse, "BoundarySetting"),
                (Speaker.Agent, "I want to help, but please keep this respectful.", SignalKind.BoundaryStatement, "BoundarySetting"),
            ];
            for (var i = 0; i < turns.Length; i++)
            {
                var (speaker, text, signals, stage) = turns[i];
                var sequence = i + 1;
                var at = startedAt.AddSeconds(sequence);
                var speakerName = speaker.ToString();
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "Turns" ("Id", "ConversationId", "Sequence", "Speaker", "Text", "At", "Heat", "Mood", "Signals", "Cues", "StageAfter")
                    VALUES ({Key(Guid.NewGuid())}, {key}, {sequence}, {speakerName}, {text}, {at}, 0.5, 'Neutral', {(long)signals}, '[]', {stage})
                    """);
            }
        }

        await DatabaseSetup.InitializeAsync(_services, seedDemoData: false);

        await using (var db = await DbAsync())
        {
            var live = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id);
            Assert.Equal(2, live.CustomerTurns);
            Assert.Equal(SignalKind.Venting | SignalKind.RepeatContact | SignalKind.Abuse, live.CustomerSignalsSoFar);
            Assert.Equal(SignalKind.Apology | SignalKind.ClarifyingQuestion | SignalKind.BoundaryStatement, live.AgentMovesSoFar);
            Assert.Equal(SignalKind.Apology | SignalKind.ClarifyingQuestion, live.AgentMovesBeforeCustomer);
            Assert.Equal(SignalKind.BoundaryStatement, live.AgentMovesSinceCustomer);
            Assert.True(live.BoundaryStated);

            // The step stated before the upgrade counts: the next abuse climbs the ladder.
            live.CustomerSaid(new SignalReading(0.9, Mood.Angry, SignalKind.Abuse, []), startedAt.AddMinutes(1));
            Assert.Equal((Stage.BoundarySetting, 2, 3), (live.Stage, live.BoundaryStep, live.CustomerTurns));
        }
    }

    private async Task<CoachDbContext> DbAsync() => await _services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        TestDatabase.Remove(_directory);
    }
}
