using System.Net;
using System.Net.Http.Headers;
using CoachConsole.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
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

    private readonly string _directory;
    private readonly bool _ownsDirectory;
    private readonly bool _kestrel;

    public CoachFactory()
        : this(kestrel: false)
    {
    }

    /// <param name="kestrel">Serve on Kestrel at a free loopback port instead of the test server.</param>
    /// <param name="directory">Where the database lives; a new temporary folder when null.</param>
    protected CoachFactory(bool kestrel, string? directory = null)
    {
        _ownsDirectory = directory is null;
        _directory = directory ?? Directory.CreateTempSubdirectory("coachconsole-test-").FullName;
        _kestrel = kestrel;
        if (kestrel)
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        }
    }

    /// <summary>The database of this host: SQLite in its folder, or PostgreSQL when the run asks for it.</summary>
    public StorageSettings Storage => TestDatabase.For(_directory);

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
        builder.UseSetting("Storage:Provider", Storage.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Coach", Storage.ConnectionString);
        builder.UseSetting("Seed:DemoData", "true");
        builder.UseSetting("Connectors:Keys:0:Name", "Test connector");
        builder.UseSetting("Connectors:Keys:0:Key", DemoKey);
        builder.UseSetting("Connectors:Keys:0:Team", DatabaseSetup.DemoTeamId);
        builder.UseSetting("Connectors:Keys:1:Name", "Other team's connector");
        builder.UseSetting("Connectors:Keys:1:Key", OtherTeamKey);
        builder.UseSetting("Connectors:Keys:1:Team", "other-team");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Every customer of a test comes from the loopback address; the chat's tests set their own limits.
        builder.UseSetting("CustomerChat:ChatsPerHour", "1000");
        builder.UseSetting("CustomerChat:MessagesPerMinute", "1000");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        TestDatabase.Release(Storage);
        if (!_ownsDirectory)
        {
            return;
        }

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

/// <summary>A host on a database folder that outlives it, to restart the product on the same data.</summary>
public sealed class RestartableCoachFactory(string directory) : CoachFactory(kestrel: false, directory);

/// <summary>The same host on Kestrel at a free loopback port, for real browsers and clients.</summary>
public class KestrelCoachFactory : CoachFactory
{
    public KestrelCoachFactory()
        : base(kestrel: true)
    {
    }
}

/// <summary>The host on Kestrel with a clock the test moves by hand.</summary>
public sealed class ClockedKestrelCoachFactory : KestrelCoachFactory
{
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
