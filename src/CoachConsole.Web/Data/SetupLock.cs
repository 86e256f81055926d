using Microsoft.Data.Sqlite;
using Npgsql;

namespace CoachConsole.Web.Data;

/// <summary>
/// Lets one instance at a time bring a database up to date and seed it, so several instances
/// started together on a new database do not insert the starter library or the demo people twice.
/// PostgreSQL: a session-level advisory lock. SQLite: an exclusive lock on a file beside the
/// database (instances sharing a SQLite file share a machine).
/// </summary>
public static class SetupLock
{
    /// <summary>The advisory lock's key: "CoachSet" in ASCII.</summary>
    private const long PostgresKey = 0x436F616368536574;

    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);

    public static async Task<IAsyncDisposable> AcquireAsync(StorageSettings storage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.Provider == StorageProvider.PostgreSql
            ? await PostgresHold.AcquireAsync(storage.ConnectionString, cancellationToken)
            : await FileHold.AcquireAsync(storage.ConnectionString, cancellationToken);
    }

    private sealed class PostgresHold(NpgsqlConnection connection) : IAsyncDisposable
    {
        public static async Task<IAsyncDisposable> AcquireAsync(string connectionString, CancellationToken cancellationToken)
        {
            var connection = new NpgsqlConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
                command.Parameters.AddWithValue("key", PostgresKey);
                command.CommandTimeout = (int)Wait.TotalSeconds;
                await command.ExecuteNonQueryAsync(cancellationToken);
                return new PostgresHold(connection);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", PostgresKey);
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                // Closing the session would release the lock anyway.
                await connection.DisposeAsync();
            }
        }
    }

    private sealed class FileHold(FileStream? file) : IAsyncDisposable
    {
        public static async Task<IAsyncDisposable> AcquireAsync(string connectionString, CancellationToken cancellationToken)
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:")
            {
                return new FileHold(null);
            }

            var path = Path.GetFullPath(builder.DataSource) + ".setup-lock";
            var giveUp = DateTime.UtcNow + Wait;
            while (true)
            {
                try
                {
                    // FileShare.None is an exclusive lock another process cannot take while this one holds it.
                    return new FileHold(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException e) when (e is not DirectoryNotFoundException)
                {
                    if (DateTime.UtcNow >= giveUp)
                    {
                        throw new ConfigurationProblemException(
                            $"The set-up lock {path} has been held for {Wait.TotalMinutes:0} minutes (by another CoachConsole still setting up the same database, or it is a file this account cannot write); stop the other instance or make the file writable, and start again.");
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
                }
            }
        }

        public ValueTask DisposeAsync() => file?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
