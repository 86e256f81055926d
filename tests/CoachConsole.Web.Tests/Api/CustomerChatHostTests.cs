using System.Net;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoachConsole.Web.Tests.Api;

/// <summary>A deployment that turned the built-in chat off.</summary>
public sealed class ChatOffFactory() : CoachFactory(new CoachHostOptions { Kestrel = true, Settings = new Dictionary<string, string?> { ["CustomerChat:Enabled"] = "false" } });

public sealed class CustomerChatHostTests(ChatOffFactory factory) : IClassFixture<ChatOffFactory>
{
    [Theory]
    [InlineData("/chat")]
    [InlineData("/chat?agent=ana")]
    [InlineData("/CHAT/")]
    public async Task TheChatOff_AnswersNotFound_AndStartsNothing(string path)
    {
        using var client = new HttpClient { BaseAddress = factory.ServerAddress };

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("The chat is not available.", await response.Content.ReadAsStringAsync());
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Conversations.CountAsync());
    }

    [Fact]
    public async Task TheChatOff_LeavesThePeoplesPagesAlone()
    {
        using var client = new HttpClient { BaseAddress = factory.ServerAddress };

        using var response = await client.GetAsync(new Uri("/account/login", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TheProductStartedInProduction_WithoutChatSettings_AnswersNotFoundAtChat_AndStoresNothing()
    {
        var directory = Directory.CreateTempSubdirectory("coachconsole-chat-").FullName;
        var database = Path.Combine(directory, "coach.db");
        var product = await RunningProduct.StartAsync(directory, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Coach"] = $"Data Source={database}",
        });
        try
        {
            using var client = new HttpClient { BaseAddress = product.Address };

            foreach (var path in new[] { "/chat", "/chat?agent=ana" })
            {
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Equal("The chat is not available.", await response.Content.ReadAsStringAsync());
            }

            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
            await connection.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM \"Conversations\"";
            Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
        }
        finally
        {
            product.Dispose();
            RunningProduct.DeleteFolder(directory);
        }
    }

    [Fact]
    public void OutsideDevelopment_TheChatIsOffUnlessConfigured()
    {
        var settings = CustomerChatSettings.FromConfiguration(Configuration([]), new Environment(Environments.Production));

        Assert.False(settings.Enabled);
    }

    [Fact]
    public void InDevelopment_TheChatIsOnForTheDemoTeam()
    {
        var settings = CustomerChatSettings.FromConfiguration(Configuration([]), new Environment(Environments.Development));

        Assert.True(settings.Enabled);
        Assert.Equal(DatabaseSetup.DemoTeamId, settings.Team);
    }

    [Fact]
    public void Configured_TheChatIsOnForItsTeam_WithItsLimits()
    {
        var settings = CustomerChatSettings.FromConfiguration(
            Configuration(new() { ["CustomerChat:Enabled"] = "true", ["CustomerChat:Team"] = "care-2", ["CustomerChat:ChatsPerHour"] = "4", ["CustomerChat:MessagesPerMinute"] = "12" }),
            new Environment(Environments.Production));

        Assert.Equal(new CustomerChatSettings(true, "care-2", 4, 12), settings);
    }

    [Theory]
    [InlineData("CustomerChat:Enabled", "yes", "CustomerChat:Enabled is 'yes'; write true or false.")]
    [InlineData("CustomerChat:ChatsPerHour", "lots", "CustomerChat:ChatsPerHour is 'lots'; write a whole number above zero.")]
    [InlineData("CustomerChat:MessagesPerMinute", "0", "CustomerChat:MessagesPerMinute is '0'; write a whole number above zero.")]
    public void AMalformedSetting_IsRefusedWithASentence(string key, string value, string sentence)
    {
        var error = Assert.Throws<ConfigurationProblemException>(() =>
            CustomerChatSettings.FromConfiguration(Configuration(new() { [key] = value }), new Environment(Environments.Development)));

        Assert.Equal(sentence, error.Message);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "CoachConsole.Web";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
