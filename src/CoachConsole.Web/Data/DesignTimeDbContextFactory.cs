using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CoachConsole.Web.Data;

/// <summary>Lets <c>dotnet ef migrations add --context CoachDbContext</c> build the SQLite model without starting the host.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CoachDbContext>
{
    public CoachDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CoachDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets <c>dotnet ef migrations add --context PostgresCoachDbContext</c> build the PostgreSQL model; it never connects.</summary>
public sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresCoachDbContext>
{
    public PostgresCoachDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCoachDbContext>().UseNpgsql("Host=localhost;Database=coachconsole").Options);
}
