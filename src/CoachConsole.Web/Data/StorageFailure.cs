using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CoachConsole.Web.Data;

/// <summary>
/// Tells a database that cannot be used right now (a lock held past the timeout, a full disk, a
/// read-only file, a PostgreSQL server that is stopped or unreachable) from a conflict between two
/// writers or a refused value: the first is worth answering "try again later", the others are not.
/// </summary>
public static class StorageFailure
{
    /// <summary>How long a client is asked to wait before it retries a step storage could not take.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    // SQLite's primary result codes (also read by StorageAtStart); an extended code keeps its primary
    // code in the low byte.
    internal const int SqlitePermission = 3;
    internal const int SqliteBusy = 5;
    internal const int SqliteLocked = 6;
    internal const int SqliteReadOnly = 8;
    internal const int SqliteIoError = 10;
    internal const int SqliteFull = 13;
    internal const int SqliteCannotOpen = 14;
    internal const int SqliteProtocol = 15;

    public static bool IsUnavailable(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DbUpdateConcurrencyException:
                    return false;
                case SqliteException sqlite:
                    return (sqlite.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked or SqliteReadOnly or SqliteIoError or SqliteFull or SqliteCannotOpen or SqliteProtocol;
                case PostgresException postgres:
                    // Class 23 is a broken constraint (the same turn stored elsewhere), class 22 a refused
                    // value and class 40 a transaction that lost to another: conflicts, not an outage.
                    return postgres.SqlState[..2] is not ("22" or "23" or "40")
                        && (postgres.IsTransient
                            || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                            || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
                            || postgres.SqlState.StartsWith("57", StringComparison.Ordinal));
                case NpgsqlException:
                case TimeoutException:
                case SocketException:
                    return true;
                default:
                    break;
            }
        }

        return false;
    }
}
