using CoachConsole.Web.Tests.Infrastructure;

namespace CoachConsole.Web.Tests.Storage;

/// <summary>The test runs' own PostgreSQL servers clean up after runs that could not.</summary>
public sealed class PostgresServerTests
{
    [Fact]
    public void StartingAServer_RemovesTheDataOfRunsWhoseProcessHasGone_AndKeepsTheLiveOnes()
    {
        if (!TestDatabase.OnPostgres)
        {
            // It needs the PostgreSQL server installed, as the rest of the PostgreSQL run does.
            return;
        }

        // A process number above Linux's highest possible one: no live process has it.
        var gone = Path.Combine(Path.GetTempPath(), $"coachconsole-pg-{int.MaxValue}-{Guid.NewGuid():N}");
        var live = Path.Combine(Path.GetTempPath(), $"coachconsole-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        foreach (var directory in new[] { gone, live })
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "PG_VERSION"), "15");
        }

        try
        {
            using (PostgresServer.StartOwn())
            {
                Assert.False(Directory.Exists(gone));
                Assert.True(File.Exists(Path.Combine(live, "PG_VERSION")));
            }
        }
        finally
        {
            foreach (var directory in new[] { gone, live }.Where(Directory.Exists))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
