using System.Diagnostics;
using System.Globalization;
using CoachConsole.Web;
using CoachConsole.Web.Data;
using CoachConsole.Web.Learning;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Benchmarks;

/// <summary>
/// How long the learning reports take on a long history: builds a SQLite database with the
/// product's own migrations, fills it with a year of ended conversations (customer and agent turns
/// on the most recent days), then times the recurring-issues report and the team debrief.
/// <c>dotnet run -c Release --project tests/CoachConsole.Benchmarks -- learning [--days 365] [--per-day 800] [--turn-days 60] [--turns 10]</c>
/// </summary>
public static class LearningReports
{
    private const string Team = "care-1";

    private static readonly string[] Summaries =
    [
        "charged twice on my bill", "my parcel never arrived", "still waiting for my refund",
        "I want to cancel my contract", "the router keeps dropping", "locked out of my account",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        int days = 365, perDay = 800, turnDays = 60, turns = 10;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--days": days = value; break;
                case "--per-day": perDay = value; break;
                case "--turn-days": turnDays = value; break;
                case "--turns": turns = value; break;
                default: await Console.Error.WriteLineAsync($"learning: unknown option '{args[i]}'."); return 2;
            }
        }

        var directory = Directory.CreateTempSubdirectory("coachconsole-learning-bench-").FullName;
        var file = Path.Combine(directory, "coach.db");
        try
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddCoachConversations(StorageSettings.Sqlite($"Data Source={file}"));
            services.AddSingleton(TimeProvider.System);
            await using var provider = services.BuildServiceProvider();
            await DatabaseSetup.InitializeAsync(provider, seedDemoData: false);

            var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
            var start = today.AddDays(-days);
            var fill = Stopwatch.StartNew();
            await FillAsync(file, start, days, perDay, today.AddDays(-turnDays), turns);
            Console.WriteLine($"history: {days * perDay:N0} ended conversations over {days} days, {turns} turns each on the last {turnDays} days ({fill.Elapsed.TotalSeconds:0.0} s to write)");

            var issues = provider.GetRequiredService<RecurringIssues>();
            var debriefs = provider.GetRequiredService<Debriefs>();
            var team = new HashSet<string> { Team };
            await MeasureAsync("recurring issues, 7 days", async () => (await issues.ForPeriodAsync(team, today.AddDays(-7), today)).Conversations);
            await MeasureAsync("recurring issues, 30 days", async () => (await issues.ForPeriodAsync(team, today.AddDays(-30), today)).Conversations);
            await MeasureAsync("team debrief, 7 days", async () => (await debriefs.ForTeamAsync(Team, today.AddDays(-7), today)).Figures.Conversations);
            await MeasureAsync("team debrief, 30 days", async () => (await debriefs.ForTeamAsync(Team, today.AddDays(-30), today)).Figures.Conversations);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// The median of five runs after one warm-up, with the conversations it read, what it allocated,
    /// and the most the managed heap grew above its settled size while it ran (sampled every few milliseconds).
    /// </summary>
    private static async Task MeasureAsync(string name, Func<Task<int>> report)
    {
        await report();
        var times = new List<double>();
        long allocated = 0;
        long held = 0;
        var conversations = 0;
        for (var i = 0; i < 5; i++)
        {
            var settled = GC.GetTotalMemory(forceFullCollection: true);
            var peak = settled;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                    await Task.Delay(2, CancellationToken.None);
                }
            });
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            conversations = await report();
            times.Add(watch.Elapsed.TotalMilliseconds);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            await stop.CancelAsync();
            await sampler;
            held = Math.Max(held, peak - settled);
        }

        times.Sort();
        Console.WriteLine($"{name}: {conversations:N0} conversations, median {times[2]:0} ms (fastest {times[0]:0} ms), {allocated / 1048576.0:0} MB allocated, heap at most {held / 1048576.0:0} MB above settled");
    }

    /// <summary>Writes the history in SQL, a day at a time, showing how far it has got.</summary>
    private static async Task FillAsync(string file, DateTimeOffset start, int days, int perDay, DateTimeOffset turnsFrom, int turns)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        for (var day = 0; day < days; day++)
        {
            var dayStart = start.AddDays(day);
            await using var transaction = connection.BeginTransaction();
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText =
                    """
                    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $perDay),
                    c AS (SELECT i, upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))) AS id,
                                 datetime($dayStart, '+' || (i * 86400 / $perDay) || ' seconds') AS started FROM n)
                    INSERT INTO "Conversations" ("Id", "Channel", "CustomerName", "IssueSummary", "Options", "AgentId", "AgentName", "TeamId", "Suggestions", "UsedPhraseIds",
                        "Stage", "BoundaryStep", "AcknowledgementsWhileHot", "Rejections", "AwaitingAnswer", "Heat", "Mood", "TurnCount",
                        "StartedAt", "StageEnteredAt", "LastActivityAt", "EndedAt", "EndedAtTicks", "Revision")
                    SELECT id, 'Chat', 'Customer ' || (i % 5000), CASE i % 6 WHEN 0 THEN $s0 WHEN 1 THEN $s1 WHEN 2 THEN $s2 WHEN 3 THEN $s3 WHEN 4 THEN $s4 ELSE $s5 END,
                        '[]', 'agent' || (i % 40), 'Agent ' || (i % 40), $team, '[]', '[]', 'Closing', 0, 0, 0, 0, 0.3, 'Neutral', $turnCount,
                        started || '+00:00', started || '+00:00', datetime(started, '+360 seconds') || '+00:00', datetime(started, '+360 seconds') || '+00:00',
                        CAST(strftime('%s', started, '+360 seconds') AS INTEGER) * 10000000 + 621355968000000000, 1
                    FROM c;
                    """;
                command.Parameters.AddWithValue("$perDay", perDay);
                command.Parameters.AddWithValue("$dayStart", dayStart.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                command.Parameters.AddWithValue("$team", Team);
                command.Parameters.AddWithValue("$turnCount", dayStart >= turnsFrom ? turns : 0);
                for (var s = 0; s < Summaries.Length; s++)
                {
                    command.Parameters.AddWithValue($"$s{s}", Summaries[s]);
                }

                await command.ExecuteNonQueryAsync();
            }

            if (dayStart >= turnsFrom && turns > 0)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText =
                    """
                    WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < $turns)
                    INSERT INTO "Turns" ("Id", "ConversationId", "Sequence", "Speaker", "Text", "At", "Heat", "Mood", "Signals", "Cues", "StageAfter")
                    SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))),
                        c."Id", k.j, CASE WHEN k.j % 2 = 1 THEN 'Customer' ELSE 'Agent' END,
                        CASE WHEN k.j % 2 = 1 THEN 'This is the third time I am contacting you about ' || c."IssueSummary" || ' and nobody has called me back'
                             ELSE 'I am sorry this has dragged on; let me look into it for you right now' END,
                        c."StartedAt", CASE WHEN k.j = 1 THEN 0.7 ELSE 0.35 END, CASE WHEN k.j = 1 THEN 'Angry' ELSE 'Neutral' END, 0, '[]', 'Listening'
                    FROM "Conversations" c, k
                    WHERE c."EndedAtTicks" >= $from AND c."EndedAtTicks" < $to;
                    """;
                command.Parameters.AddWithValue("$turns", turns);
                command.Parameters.AddWithValue("$from", dayStart.UtcTicks);
                command.Parameters.AddWithValue("$to", dayStart.AddDays(1).UtcTicks);
                await command.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            if (day % 10 == 9 || day == days - 1)
            {
                Console.Write($"\rwriting history: day {day + 1} of {days}");
            }
        }

        Console.WriteLine();
    }
}
