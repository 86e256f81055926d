using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CoachConsole.Web.Data;

/// <summary>
/// The same model on PostgreSQL, for a contact centre running several instances on one database.
/// A context of its own, so its migrations (<c>Data/PostgresMigrations</c>) live beside SQLite's.
/// </summary>
public sealed class PostgresCoachDbContext(DbContextOptions<PostgresCoachDbContext> options) : CoachDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        base.ConfigureConventions(configurationBuilder);

        // PostgreSQL keeps instants in UTC only; a time given with another offset is the same instant in UTC.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcInstant>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcInstant>();
    }

    private sealed class UtcInstant() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
}
