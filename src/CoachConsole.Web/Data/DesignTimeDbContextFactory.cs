using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CoachConsole.Web.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the host.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CoachDbContext>
{
    public CoachDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CoachDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
