using System.Net;
using System.Net.Http.Headers;
using CoachConsole.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CoachConsole.Web.Tests.Infrastructure;

/// <summary>How one test host differs from the default one: the test server, a database of its own, the system clock.</summary>
public sealed record CoachHostOptions
{
    /// <summary>Serve on Kestrel at a free loopback port (for browsers, real clients, other instances) instead of the test server.</summary>
    public bool Kestrel { get; init; }

    /// <summary>Where the database lives, to share it with another host or keep it over a restart; a new temporary folder when null.</summary>
    public string? Directory { get; init; }

    /// <summary>The clock every service reads, moved by the test; the system clock when null.</summary>
    public FakeTimeProvider? Clock { get; init; }

    /// <summary>Configuration on top of the test host's.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The connection string made from the host's own database's, e.g. with a shorter timeout.</summary>
    public Func<StorageSettings, string>? ConnectionString { get; init; }

    /// <summary>Services registered after the product's, e.g. a log collector.</summary>
    public Action<IServiceCollection>? Services { get; init; }
}

/// <summary>
/// The one way a test builds the real host: on a real SQLite file of its own (PostgreSQL when the run
/// asks for it), with the demo data and two connector keys, one for the demo team and one for another
/// team; everything else a test needs differently is a <see cref="CoachHostOptions"/>.
/// </summary>
public class CoachFactory : WebApplicationFactory<Program>
{
    public const string DemoKey = "test-key-care-1";
    public const string OtherTeamKey = "test-key-other-team";

    private readonly CoachHostOptions _options;
    private readonly string _directory;
    private readonly bool _ownsDirectory;

    public CoachFactory()
        : this(new CoachHostOptions())
    {
    }

    /// <remarks>Protected: xUnit builds a class fixture through its one public constructor, so a host with options is a named subclass.</remarks>
    protected CoachFactory(CoachHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _ownsDirectory = options.Directory is null;
        _directory = options.Directory ?? System.IO.Directory.CreateTempSubdirectory("coachconsole-test-").FullName;
        if (options.Kestrel)
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        }
    }

    /// <summary>The database of this host: SQLite in its folder, or PostgreSQL when the run asks for it.</summary>
    public StorageSettings Storage => TestDatabase.For(_directory);

    /// <summary>The clock the test moves, for a host given one.</summary>
    public FakeTimeProvider Clock => _options.Clock ?? throw new InvalidOperationException("This host runs on the system clock: give it CoachHostOptions.Clock.");

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
        var client = _options.Kestrel ? new HttpClient { BaseAddress = ServerAddress } : CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Storage:Provider", Storage.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Coach", _options.ConnectionString?.Invoke(Storage) ?? Storage.ConnectionString);
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
        foreach (var (key, value) in _options.Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            if (_options.Clock is { } clock)
            {
                services.AddSingleton<TimeProvider>(clock);
            }

            _options.Services?.Invoke(services);
        });
    }

    /// <summary>
    /// The product's conversation, learning and identity services without a web host, on a database of
    /// their own and the given clock: what bUnit components and the learning services are tested on.
    /// </summary>
    public static void AddProductServices(IServiceCollection services, string directory, TimeProvider clock)
    {
        services.AddCoachConversations(TestDatabase.For(directory));
        services.AddSingleton<TimeProvider>(clock);
        services.AddIdentityCore<CoachUser>(CoachConsole.Web.Auth.AuthSetup.ConfigureIdentity).AddRoles<IdentityRole>().AddEntityFrameworkStores<CoachDbContext>();
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
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing connection; the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>A host on a database folder that outlives it, to restart the product on the same data.</summary>
public sealed class RestartableCoachFactory(string directory) : CoachFactory(new CoachHostOptions { Directory = directory });

/// <summary>The host on Kestrel at a free loopback port, for real browsers and clients.</summary>
public sealed class KestrelCoachFactory() : CoachFactory(new CoachHostOptions { Kestrel = true });

/// <summary>The host on Kestrel with a clock the test moves by hand.</summary>
public sealed class ClockedKestrelCoachFactory() : CoachFactory(new CoachHostOptions { Kestrel = true, Clock = new(DateTimeOffset.UtcNow) });
