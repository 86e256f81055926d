using System.Diagnostics;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace CoachConsole.Web.Tests.Operations;

/// <summary>
/// The real product process started on storage it cannot use: it ends at once with one sentence
/// naming the file or server and what to do, and exit code 2, not a stack trace or a silent wait.
/// </summary>
public sealed class StartupTests
{
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task TheProduct_OnAReadOnlyFolder_SaysSoAtOnce()
    {
        var directory = Directory.CreateTempSubdirectory("coachconsole-start-").FullName;
        try
        {
            var database = Path.Combine(directory, "coach.db");

            var run = await ProductProcess.RunToExitAsync(directory, $"Data Source={database}", readOnly: directory);

            run.AssertRefusedWith($"The folder {directory} of the database file {database} takes no new files");
            Assert.Contains("writable", run.Error, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task TheProduct_OnAReadOnlyDatabaseFile_SaysSo()
    {
        var directory = Directory.CreateTempSubdirectory("coachconsole-start-").FullName;
        try
        {
            var database = Path.Combine(directory, "coach.db");
            await CreateDatabaseAsync(database);

            var run = await ProductProcess.RunToExitAsync(directory, $"Data Source={database}", readOnly: database);

            run.AssertRefusedWith($"The database file {database} is read-only; make it and its folder writable");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task TheProduct_OnADatabaseFileLockedByAnotherProcess_SaysSo()
    {
        var directory = Directory.CreateTempSubdirectory("coachconsole-start-").FullName;
        try
        {
            var database = Path.Combine(directory, "coach.db");
            await CreateDatabaseAsync(database);
            ProductRun run;
            await using (var holder = new SqliteConnection($"Data Source={database};Pooling=False"))
            {
                await holder.OpenAsync();
                await Sql(holder, "BEGIN EXCLUSIVE; INSERT INTO held VALUES (2);");

                run = await ProductProcess.RunToExitAsync(directory, $"Data Source={database};Default Timeout=2");

                await Sql(holder, "ROLLBACK;");
            }

            run.AssertRefusedWith($"The database file {database} is locked by another process; stop the process that holds it");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task TheProduct_OnAPostgreSqlServerThatDoesNotAnswer_SaysSo()
    {
        var directory = Directory.CreateTempSubdirectory("coachconsole-start-").FullName;
        try
        {
            var port = LoopbackPort.Free();

            var run = await ProductProcess.RunToExitAsync(
                directory,
                $"Host=127.0.0.1;Port={port};Username=postgres;Database=coach;Timeout=5",
                new Dictionary<string, string> { ["Storage__Provider"] = "PostgreSQL" });

            run.AssertRefusedWith($"The PostgreSQL database coach at 127.0.0.1:{port} does not answer (");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task CreateDatabaseAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await Sql(connection, "CREATE TABLE held (x INTEGER); INSERT INTO held VALUES (1);");
    }

    private static async Task Sql(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>What one run of the product wrote and how it ended.</summary>
    internal sealed record ProductRun(int ExitCode, string Output, string Error)
    {
        public void AssertRefusedWith(string sentence)
        {
            Assert.True(ExitCode == 2, $"Exit code {ExitCode}; standard error: {Error}");
            Assert.StartsWith("CoachConsole cannot start: " + sentence, Error.Trim(), StringComparison.Ordinal);
            Assert.Single(Error.Trim().Split('\n'));
            Assert.DoesNotContain("   at ", Error, StringComparison.Ordinal);
        }
    }

    /// <summary>Starts the built product (<c>dotnet CoachConsole.Web.dll</c>) in a folder and waits for it to end.</summary>
    internal static class ProductProcess
    {
        public static string Dll => Path.Combine(AppContext.BaseDirectory, "CoachConsole.Web.dll");

        /// <param name="directory">The working folder (the product's content root).</param>
        /// <param name="connectionString">ConnectionStrings:Coach.</param>
        /// <param name="settings">More environment variables for the product.</param>
        /// <param name="readOnly">
        /// A folder or file the product sees read-only: the product runs in a mount namespace of its
        /// own where that path is a read-only bind mount, as on a read-only volume (which even root cannot write).
        /// </param>
        public static async Task<ProductRun> RunToExitAsync(string directory, string connectionString, IReadOnlyDictionary<string, string>? settings = null, string? readOnly = null)
        {
            var start = readOnly is null
                ? new ProcessStartInfo("dotnet", [Dll])
                : new ProcessStartInfo("unshare", [
                    "--user", "--map-root-user", "--mount", "--", "sh", "-c",
                    "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" && shift && exec \"$@\"",
                    "sh", readOnly, "dotnet", Dll]);
            start.WorkingDirectory = directory;
            start.RedirectStandardError = true;
            start.RedirectStandardOutput = true;
            start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
            start.Environment.Remove("DOTNET_ENVIRONMENT");
            start.Environment["ConnectionStrings__Coach"] = connectionString;
            start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                start.Environment[key] = value;
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(ExitWithin);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"The product was still running after {ExitWithin.TotalSeconds} s.");
            }

            return new ProductRun(process.ExitCode, await output, await error);
        }
    }
}
