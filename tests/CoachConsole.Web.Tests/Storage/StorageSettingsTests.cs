using CoachConsole.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace CoachConsole.Web.Tests.Storage;

/// <summary>How the storage settings read the connection string, PostgreSQL's prepared statements above all.</summary>
public sealed class StorageSettingsTests
{
    private static StorageSettings Read(string provider, string connectionString) =>
        StorageSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["ConnectionStrings:Coach"] = connectionString,
        }).Build());

    [Fact]
    public void PostgreSql_WithoutASay_PreparesRepeatedStatements_AndKeepsEverythingElse()
    {
        var settings = Read("PostgreSQL", "Host=db.internal;Port=6543;Database=coach;Username=coach;Password=\"p;a'ss wörd\"");

        var read = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        Assert.Equal(StorageSettings.PreparedStatementsPerConnection, read.MaxAutoPrepare);
        Assert.Equal(("db.internal", 6543, "coach", "coach", "p;a'ss wörd"), (read.Host, read.Port, read.Database, read.Username, read.Password));
    }

    [Theory]
    [InlineData("Host=db;Database=coach;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=coach;maxautoprepare=5", 5)]
    [InlineData("Host=db;Database=coach;MAX AUTO PREPARE=64", 64)]
    public void PostgreSql_ThatSaysHowManyToPrepare_IsLeftAsItIs(string connectionString, int prepared)
    {
        var settings = Read("PostgreSQL", connectionString);

        Assert.Equal(connectionString, settings.ConnectionString);
        Assert.Equal(prepared, new NpgsqlConnectionStringBuilder(settings.ConnectionString).MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=db;Flavour=mint;Password=hunter2")]
    [InlineData("Host=db;Password='hunter2")]
    public void PostgreSql_ItCannotRead_IsRefusedWithASentence_WithoutThePassword(string connectionString)
    {
        var refused = Assert.Throws<ConfigurationProblemException>(() => Read("PostgreSQL", connectionString));

        Assert.StartsWith("ConnectionStrings:Coach cannot be read as a PostgreSQL connection string", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_IsLeftAsItIs()
    {
        var settings = Read("Sqlite", "Data Source=/var/lib/coach/ünï code.db;Default Timeout=3");

        Assert.Equal("Data Source=/var/lib/coach/ünï code.db;Default Timeout=3", settings.ConnectionString);
        Assert.Equal(3, new SqliteConnectionStringBuilder(settings.ConnectionString).DefaultTimeout);
    }
}
