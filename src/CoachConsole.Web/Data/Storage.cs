using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using System.Data.Common;

namespace CoachConsole.Web.Data;

/// <summary>Where the product keeps its data.</summary>
public enum StorageProvider
{
    /// <summary>One file beside the product: the default, for one instance.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by several instances.</summary>
    PostgreSql,
}

/// <summary>
/// The one place that chooses the database: <c>Storage:Provider</c> (Sqlite or PostgreSQL) and
/// the connection string <c>ConnectionStrings:Coach</c>.
/// </summary>
public sealed record StorageSettings(StorageProvider Provider, string ConnectionString)
{
    public const string DefaultSqlite = "Data Source=coachconsole.db";

    public static StorageSettings Sqlite(string connectionString) => new(StorageProvider.Sqlite, connectionString);

    public static StorageSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var name = configuration["Storage:Provider"];
        var provider = name?.Trim().ToUpperInvariant() switch
        {
            null or "" or "SQLITE" => StorageProvider.Sqlite,
            "POSTGRESQL" or "POSTGRES" or "NPGSQL" => StorageProvider.PostgreSql,
            _ => throw new ConfigurationProblemException($"Storage:Provider is '{name}'; use Sqlite or PostgreSQL."),
        };
        var connectionString = configuration.GetConnectionString("Coach");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == StorageProvider.Sqlite
                ? DefaultSqlite
                : throw new ConfigurationProblemException("Storage:Provider is PostgreSQL but ConnectionStrings:Coach is empty; give the database's connection string (Host=...;Database=...;Username=...).");
        }

        return new StorageSettings(provider, provider == StorageProvider.PostgreSql ? WithPreparedStatements(connectionString) : connectionString);
    }

    /// <summary>Statements kept prepared on each PostgreSQL connection when the connection string does not say.</summary>
    public const int PreparedStatementsPerConnection = 32;

    /// <summary>
    /// The PostgreSQL connection string with Npgsql's automatic preparation on: a statement run
    /// again and again (a turn's write, the reads of a conversation) is prepared on a connection
    /// after a few runs, so the database parses and plans it once. A connection string that sets
    /// <c>Max Auto Prepare</c> itself keeps its value (0 turns it off, e.g. behind a pooler that
    /// cannot keep prepared statements).
    /// </summary>
    private static string WithPreparedStatements(string connectionString)
    {
        Npgsql.NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationProblemException($"ConnectionStrings:Coach cannot be read as a PostgreSQL connection string ({e.Message.TrimEnd('.')}); write it as Host=...;Database=...;Username=....");
        }

        var named = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase));
        if (named)
        {
            return connectionString;
        }

        builder.MaxAutoPrepare = PreparedStatementsPerConnection;
        return builder.ConnectionString;
    }

    /// <summary>Registers the context factory for the chosen provider, and <see cref="CoachDbContext"/> for whoever asks for it.</summary>
    public IServiceCollection Register(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(this);
        if (Provider == StorageProvider.Sqlite)
        {
            // The gate last: it is taken only once the stamped changes are ready to go.
            // Pooled: every turn takes a context, and a fresh one costs more than the turn's own work.
            services.AddPooledDbContextFactory<CoachDbContext>(o => o.UseSqlite(ConnectionString).AddInterceptors(SqliteTuning.Instance, RevisionStamping.Instance, SqliteWriteGate.Instance));
            services.AddScoped<CoachDbContext>(sp => sp.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContext());
            return services;
        }

        services.AddPooledDbContextFactory<PostgresCoachDbContext>(o => o.UseNpgsql(ConnectionString).AddInterceptors(RevisionStamping.Instance));
        services.AddSingleton<IDbContextFactory<CoachDbContext>>(sp => new Upcast(sp.GetRequiredService<IDbContextFactory<PostgresCoachDbContext>>()));
        services.AddScoped<CoachDbContext>(sp => sp.GetRequiredService<IDbContextFactory<PostgresCoachDbContext>>().CreateDbContext());
        return services;
    }

    private sealed class Upcast(IDbContextFactory<PostgresCoachDbContext> inner) : IDbContextFactory<CoachDbContext>
    {
        public CoachDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<CoachDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }

    /// <summary>The native connections already tuned: the pool hands the same one out again, its settings kept.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Tuned = [];

    /// <summary>
    /// Tunes an open SQLite connection (see <see cref="SqliteTuning"/>) once per native
    /// connection, not on every open: each save and query opens the connection.
    /// </summary>
    internal static void TuneSqlite(SqliteConnection sqlite)
    {
        if (sqlite.Handle is { } handle && !Tuned.TryGetValue(handle, out _))
        {
            using var command = sqlite.CreateCommand();
            // Wait for another writer up to ten seconds, or less when the connection string's
            // Default Timeout asks for less.
            var busy = sqlite.DefaultTimeout is > 0 and < 10 ? sqlite.DefaultTimeout * 1000 : 10_000;
            command.CommandText = $"PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {busy};";
            command.ExecuteNonQuery();
            Tuned.AddOrUpdate(handle, Tuned);
        }
    }

    /// <summary>
    /// SQLite in write-ahead-log mode with normal syncing: a commit survives the process ending
    /// (only a power cut can take the last moments), without waiting for the disk on every turn.
    /// </summary>
    private sealed class SqliteTuning : DbConnectionInterceptor
    {
        public static readonly SqliteTuning Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Tune(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Tune(connection);
            return Task.CompletedTask;
        }

        private static void Tune(DbConnection connection)
        {
            if (connection is SqliteConnection sqlite)
            {
                TuneSqlite(sqlite);
            }
        }
    }
}
