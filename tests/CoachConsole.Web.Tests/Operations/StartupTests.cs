using System.Diagnostics;
using System.Net;
using System.Text;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

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

    [Theory]
    [InlineData("ASPNETCORE_ENVIRONMENT", "Production")]
    [InlineData("DOTNET_ENVIRONMENT", "Staging")]
    public void StartupChecks_InDevelopment_WhenTheProcessWasAskedForAnotherEnvironment_RefuseTheDemoSeed(string variable, string asked)
    {
        var development = new HostingEnvironment { EnvironmentName = Environments.Development };
        var variables = new Dictionary<string, string?> { [variable] = asked };
        var demo = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Seed:DemoData"] = "true" }).Build();
        var noDemo = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Seed:DemoData"] = "false" }).Build();

        var error = Assert.Throws<ConfigurationProblemException>(() => StartupChecks.Verify(demo, development, variables.GetValueOrDefault));

        Assert.StartsWith($"{variable} asks for the {asked} environment but the process runs as Development", error.Message, StringComparison.Ordinal);
        StartupChecks.Verify(noDemo, development, variables.GetValueOrDefault);
        StartupChecks.Verify(demo, development, new Dictionary<string, string?> { [variable] = "Development" }.GetValueOrDefault);
    }

    [Fact]
    public async Task TheProduct_AskedForProductionButRunAsDevelopment_RefusesToSeedTheDemoPeople()
    {
        var directory = Directory.CreateTempSubdirectory("coachconsole-start-").FullName;
        try
        {
            // DOTNET_ENVIRONMENT wins over ASPNETCORE_ENVIRONMENT, as a launch profile's setting wins over the shell's.
            var run = await ProductProcess.RunToExitAsync(
                directory,
                $"Data Source={Path.Combine(directory, "coach.db")}",
                new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Development" });

            run.AssertRefusedWith("ASPNETCORE_ENVIRONMENT asks for the Production environment but the process runs as Development, which would seed the demo people");
            Assert.False(File.Exists(Path.Combine(directory, "coach.db")), "Nothing is created when the start is refused.");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("Production", "Production", 0)]
    [InlineData(null, "Development", 5)]
    public async Task DotnetRun_RunsInTheEnvironmentAsked_ElseDevelopment_AndServesTheFrameworkAssets(string? asked, string runsAs, int people)
    {
        var directory = Directory.CreateTempSubdirectory("coachconsole-run-").FullName;
        var database = Path.Combine(directory, "coach.db");
        var settings = new Dictionary<string, string> { ["ConnectionStrings__Coach"] = $"Data Source={database}" };
        if (asked is not null)
        {
            settings["ASPNETCORE_ENVIRONMENT"] = asked;
        }

        try
        {
            await using (var run = await DotnetRun.StartAsync(settings))
            {
                using var client = new HttpClient { BaseAddress = run.Address };

                Assert.Equal(runsAs, run.Environment);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/_framework/blazor.web.js", UriKind.Relative))).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/_content/MudBlazor/MudBlazor.min.css", UriKind.Relative))).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
            }

            await using var db = new SqliteConnection($"Data Source={database};Pooling=False");
            await db.OpenAsync();
            await using var count = db.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM \"AspNetUsers\";";
            Assert.Equal(people, Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Production")]
    public async Task TheFirstStart_SaysWhereAndAsWhomToSignIn_OnlyWhenItSeededTheDemoPeople(string? asked)
    {
        var directory = Directory.CreateTempSubdirectory("coachconsole-run-").FullName;
        var settings = new Dictionary<string, string> { ["ConnectionStrings__Coach"] = $"Data Source={Path.Combine(directory, "coach.db")}" };
        if (asked is not null)
        {
            settings["ASPNETCORE_ENVIRONMENT"] = asked;
        }

        try
        {
            await using var run = await DotnetRun.StartAsync(settings);
            var signIn = $"Demo data seeded: sign in at {new Uri(run.Address, "/account/login")} as ana or ben (agents), leo (lead), tara (trainer) or ada (admin), password {CoachConsole.Web.Data.DatabaseSetup.DemoPassword}";

            // The product logs "Hosting environment" after the demo line, on the same stream.
            Assert.Contains("Hosting environment: ", run.Output, StringComparison.Ordinal);
            if (asked is null)
            {
                Assert.Contains(signIn, run.Output, StringComparison.Ordinal);
                Assert.True(
                    run.Output.IndexOf("Now listening on: ", StringComparison.Ordinal) < run.Output.IndexOf(signIn, StringComparison.Ordinal),
                    $"The sign-in line follows the listening address: {run.Output}");
                Assert.DoesNotContain(CoachConsole.Web.Operations.KeysAtRest.Sentence, run.Output, StringComparison.Ordinal);
            }
            else
            {
                Assert.DoesNotContain("Demo data", run.Output, StringComparison.Ordinal);
                Assert.DoesNotContain(CoachConsole.Web.Data.DatabaseSetup.DemoPassword, run.Output, StringComparison.Ordinal);
                Assert.Contains(CoachConsole.Web.Operations.KeysAtRest.Sentence, run.Output, StringComparison.Ordinal);
            }

            // The framework's warning for a key stored unencrypted is said once, in words, not as a misconfiguration.
            Assert.DoesNotContain("No XML encryptor configured", run.Output, StringComparison.Ordinal);
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

    /// <summary>
    /// <c>dotnet run --project src/CoachConsole.Web</c> from the repository's root, as the README starts
    /// it (on the build the tests run on, with its launch profile), until the product listens.
    /// </summary>
    internal sealed class DotnetRun : IAsyncDisposable
    {
        private static readonly TimeSpan ListensWithin = TimeSpan.FromSeconds(120);

        private readonly Process _process;
        private readonly StringBuilder _output;

        private DotnetRun(Process process, StringBuilder output, Uri address, string environment)
        {
            _process = process;
            _output = output;
            Address = address;
            Environment = environment;
        }

        public Uri Address { get; }

        /// <summary>The environment the product says it runs as.</summary>
        public string Environment { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static async Task<DotnetRun> StartAsync(IReadOnlyDictionary<string, string> settings)
        {
            var binary = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
            var configuration = Path.GetFileName(Path.GetDirectoryName(binary))!;
            var root = Path.GetDirectoryName(binary);
            while (root is not null && !File.Exists(Path.Combine(root, "src", "CoachConsole.Web", "CoachConsole.Web.csproj")))
            {
                root = Path.GetDirectoryName(root);
            }

            Assert.True(root is not null, $"No src/CoachConsole.Web above {binary} to run.");
            var start = new ProcessStartInfo("dotnet", ["run", "--no-build", "-c", configuration, "--project", Path.Combine("src", "CoachConsole.Web"), "--", "--urls", "http://127.0.0.1:0"])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
            start.Environment.Remove("DOTNET_ENVIRONMENT");
            foreach (var (key, value) in settings)
            {
                start.Environment[key] = value;
            }

            var output = new StringBuilder();
            var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            var hosting = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var process = new Process { StartInfo = start };
            DataReceivedEventHandler collect = (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }

                lock (output)
                {
                    output.AppendLine(e.Data);
                }

                var at = e.Data.IndexOf("Now listening on: ", StringComparison.Ordinal);
                if (at >= 0)
                {
                    listening.TrySetResult(new Uri(e.Data[(at + "Now listening on: ".Length)..].Trim()));
                }

                at = e.Data.IndexOf("Hosting environment: ", StringComparison.Ordinal);
                if (at >= 0)
                {
                    hosting.TrySetResult(e.Data[(at + "Hosting environment: ".Length)..].Trim());
                }
            };
            process.OutputDataReceived += collect;
            process.ErrorDataReceived += collect;
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var run = new DotnetRun(process, output, new Uri("http://127.0.0.1/"), "");
            var started = Task.WhenAll(listening.Task, hosting.Task);
            try
            {
                var first = await Task.WhenAny(started, process.WaitForExitAsync()).WaitAsync(ListensWithin);
                if (first != started)
                {
                    Assert.Fail($"dotnet run ended ({process.ExitCode}) before listening: {run.Output}");
                }
            }
            catch (TimeoutException)
            {
                await run.DisposeAsync();
                Assert.Fail($"dotnet run did not listen within {ListensWithin.TotalSeconds} s: {run.Output}");
            }

            return new DotnetRun(process, output, await listening.Task, await hosting.Task);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
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
