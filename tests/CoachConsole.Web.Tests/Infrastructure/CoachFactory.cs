using System.Net;
using System.Net.Http.Headers;
using CoachConsole.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Infrastructure;

/// <summary>
/// The real host on a real SQLite file of its own, with the demo data and two connector keys:
/// one for the demo team and one for another team.
/// </summary>
public class CoachFactory : WebApplicationFactory<Program>
{
    public const string DemoKey = "test-key-care-1";
    public const string OtherTeamKey = "test-key-other-team";

    private readonly string _directory = Directory.CreateTempSubdirectory("coachconsole-test-").FullName;
    private readonly bool _kestrel;

    public CoachFactory()
        : this(kestrel: false)
    {
    }

    protected CoachFactory(bool kestrel)
    {
        _kestrel = kestrel;
        if (kestrel)
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        }
    }

    public string DatabasePath => Path.Combine(_directory, "coach.db");

    /// <summary>The address of the Kestrel server, when the factory runs one.</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            var feature = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
            return new Uri(feature.Addresses.First());
        }
    }

    public HttpClient CreateConnectorClient(string key = DemoKey)
    {
        var client = _kestrel ? new HttpClient { BaseAddress = ServerAddress } : CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Coach", $"Data Source={DatabasePath}");
        builder.UseSetting("Seed:DemoData", "true");
        builder.UseSetting("Connectors:Keys:0:Name", "Test connector");
        builder.UseSetting("Connectors:Keys:0:Key", DemoKey);
        builder.UseSetting("Connectors:Keys:0:Team", DatabaseSetup.DemoTeamId);
        builder.UseSetting("Connectors:Keys:1:Name", "Other team's connector");
        builder.UseSetting("Connectors:Keys:1:Key", OtherTeamKey);
        builder.UseSetting("Connectors:Keys:1:Team", "other-team");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing connection; the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>The same host on Kestrel at a free loopback port, for real browsers and clients.</summary>
public sealed class KestrelCoachFactory : CoachFactory
{
    public KestrelCoachFactory()
        : base(kestrel: true)
    {
    }
}
