using Microsoft.Data.Sqlite;
using Npgsql;

namespace CoachConsole.Web.Data;

/// <summary>
/// Storage the product cannot start on (a SQLite file that is locked, read-only or in a folder that
/// takes no files, a full disk, a PostgreSQL server that does not answer), told in one sentence
/// that names the file or server and what to do, instead of a stack trace or a silent wait.
/// </summary>
public static class StorageAtStart
{
    /// <summary>
    /// Before anything waits for a lock: the SQLite file's folder exists and takes a new file (SQLite
    /// keeps its journal beside the database, and the set-up lock lives there too).
    /// </summary>
    public static void CheckSqliteFolder(StorageSettings storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (SqlitePath(storage) is not { } path)
        {
            return;
        }

        var folder = Path.GetDirectoryName(path) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new ConfigurationProblemException(
                $"The folder {folder} of the database file {path} does not exist; create it, or set ConnectionStrings:Coach to a file in an existing folder.");
        }

        var probe = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.write-check");
        try
        {
            using var file = new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            file.WriteByte(0);
            file.Flush(flushToDisk: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationProblemException(
                $"The folder {folder} of the database file {path} takes no new files (it is read-only, not writable for this account, or its disk is full); make it writable for the account that runs CoachConsole, or set ConnectionStrings:Coach to a file in a writable folder.");
        }
    }

    /// <summary>The sentence for a storage failure at start-up, or null when the failure is not about storage being unusable.</summary>
    public static string? Explain(StorageSettings storage, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(exception);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite && SqlitePath(storage) is { } path)
            {
                return (sqlite.SqliteErrorCode & 0xFF) switch
                {
                    StorageFailure.SqliteBusy or StorageFailure.SqliteLocked =>
                        $"The database file {path} is locked by another process; stop the process that holds it (another CoachConsole on the same file, a backup or a sqlite3 shell) and start again.",
                    StorageFailure.SqliteReadOnly or StorageFailure.SqlitePermission =>
                        $"The database file {path} is read-only; make it and its folder writable for the account that runs CoachConsole, or set ConnectionStrings:Coach to a writable file.",
                    StorageFailure.SqliteCannotOpen =>
                        $"The database file {path} cannot be opened for writing; make it and its folder writable for the account that runs CoachConsole, or set ConnectionStrings:Coach to a writable file.",
                    StorageFailure.SqliteFull =>
                        $"The disk that holds the database file {path} is full; free some space on it and start again.",
                    StorageFailure.SqliteIoError =>
                        $"The database file {path} cannot be read or written (a disk error); check the disk, or restore the file from a backup, and start again.",
                    _ => null,
                };
            }
        }

        if (storage.Provider == StorageProvider.PostgreSql && StorageFailure.IsUnavailable(exception))
        {
            var settings = new NpgsqlConnectionStringBuilder(storage.ConnectionString);
            var reason = exception.GetBaseException().Message.Split('\n', 2)[0].Trim().TrimEnd('.');
            return $"The PostgreSQL database {settings.Database} at {settings.Host}:{settings.Port} does not answer ({reason}); start it or correct ConnectionStrings:Coach, and start again.";
        }

        return null;
    }

    /// <summary>The full path of the SQLite file, or null for PostgreSQL or an in-memory database.</summary>
    internal static string? SqlitePath(StorageSettings storage)
    {
        if (storage.Provider != StorageProvider.Sqlite)
        {
            return null;
        }

        var builder = new SqliteConnectionStringBuilder(storage.ConnectionString);
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:"
            || builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Path.GetFullPath(builder.DataSource);
    }
}
