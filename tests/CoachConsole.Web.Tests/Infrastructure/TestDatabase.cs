using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using CoachConsole.Web.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CoachConsole.Web.Tests.Infrastructure;

/// <summary>
/// The database a test host runs on. SQLite by default; with <c>COACH_TEST_DATABASE=postgresql</c>
/// every host runs on a database of its own in a real PostgreSQL server that the test run starts
/// on a free loopback port. Hosts given the same folder share one database on either provider.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "COACH_TEST_DATABASE";

    public static bool OnPostgres =>
        string.Equals(Environment.GetEnvironmentVariable(Variable), "postgresql", StringComparison.OrdinalIgnoreCase);

    public static StorageSettings For(string directory) =>
        OnPostgres
            ? new StorageSettings(StorageProvider.PostgreSql, PostgresServer.Shared.ConnectionString(DatabaseNameFor(directory)))
            : StorageSettings.Sqlite($"Data Source={Path.Combine(directory, "coach.db")}");

    /// <summary>Lets go of the connections held for the database, so its folder or database can go.</summary>
    public static void Release(StorageSettings storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (storage.Provider == StorageProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
        }
        else
        {
            using var connection = new NpgsqlConnection(storage.ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    /// <summary>Lets go of the database of a test's folder and deletes the folder (what cannot go yet is left for the OS to clean).</summary>
    public static void Remove(string directory)
    {
        Release(For(directory));
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing connection.
        }
    }

    private static string DatabaseNameFor(string directory) =>
        "coach_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(directory))))[..16];
}

/// <summary>
/// A throwaway PostgreSQL cluster for this test run: initialised in a temporary folder, started on
/// a free loopback port, stopped when the run ends. A test that stops the server starts one of its
/// own (<see cref="StartOwn"/>), never the shared one.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string FolderPrefix = "coachconsole-pg-";

    private static readonly Lazy<PostgresServer> Instance = new(() => new PostgresServer());

    private readonly string _directory;
    private readonly string _bin;
    private readonly bool _asRoot;

    private PostgresServer()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault() ?? ""
            : "";
        if (_bin.Length == 0)
        {
            throw new InvalidOperationException("The PostgreSQL server is not installed (no /usr/lib/postgresql/*/bin/initdb); install it with 'apt-get install -y postgresql' or run the tests without COACH_TEST_DATABASE.");
        }

        var asRoot = _asRoot = Environment.UserName == "root";
        RemoveLeftBehind();
        _directory = Path.Combine(Path.GetTempPath(), $"{FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Port = LoopbackPort.Free();
        if (asRoot)
        {
            Run("install", ["-d", "-o", "postgres", "-g", "postgres", _directory]);
        }
        else
        {
            Directory.CreateDirectory(_directory);
        }

        RunAsOwner(asRoot, "initdb", ["-D", _directory, "-U", "postgres", "--auth=trust", "--no-sync"]);
        StartAgain();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(asRoot);
    }

    public static PostgresServer Shared => Instance.Value;

    public int Port { get; }

    /// <summary>A server of the caller's own, which it may stop and start again; disposing it removes it.</summary>
    public static PostgresServer StartOwn() => new();

    /// <summary>Starts the server (again) on its port and returns once it accepts connections.</summary>
    public void StartAgain() =>
        RunAsOwner(_asRoot, "pg_ctl", ["-D", _directory, "-l", Path.Combine(_directory, "log"), "-w", "-o",
            $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_directory} -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start"]);

    /// <summary>Stops the server as an operator would (open sessions are ended), and returns once it is down.</summary>
    public void StopNow() => RunAsOwner(_asRoot, "pg_ctl", ["-D", _directory, "-m", "fast", "-w", "stop"]);

    public void Dispose() => Stop(_asRoot);

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=30;Connection Idle Lifetime=5;Connection Pruning Interval=1";

    private void Stop(bool asRoot) => StopAndDelete(_directory, asRoot);

    private void StopAndDelete(string directory, bool asRoot)
    {
        try
        {
            if (File.Exists(Path.Combine(directory, "postmaster.pid")))
            {
                RunAsOwner(asRoot, "pg_ctl", ["-D", directory, "-m", "immediate", "stop"]);
            }

            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // The run is ending (or the server was removed already); what is left, the next run's server removes.
            Console.Error.WriteLine($"The test PostgreSQL folder {directory} stays for the next run to remove: {ex.Message}");
        }
    }

    /// <summary>
    /// Stops and removes the servers of earlier test runs whose process has gone without cleaning up
    /// (a test host ended by the runner does not always get to its exit handlers): each holds a
    /// cluster's data, up to gigabytes, and left to pile up they fill the disk.
    /// </summary>
    private void RemoveLeftBehind()
    {
        if (!Directory.Exists("/proc/self"))
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var rest = Path.GetFileName(directory)[FolderPrefix.Length..];
            var dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(rest[..dash], out var owner) && !Directory.Exists($"/proc/{owner}"))
            {
                StopAndDelete(directory, _asRoot);
            }
        }
    }

    private void RunAsOwner(bool asRoot, string tool, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(_bin, tool);
        if (asRoot)
        {
            Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        }
        else
        {
            Run(path, arguments);
        }
    }

    private static void Run(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}{output.Result}");
        }
    }
}
