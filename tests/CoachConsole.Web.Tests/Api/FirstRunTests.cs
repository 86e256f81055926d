using CoachConsole.Web.Auth;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoachConsole.Web.Tests.Api;

/// <summary>A new installation: no demo people, so no admin yet.</summary>
public sealed class EmptyInstallFactory() : CoachFactory(new CoachHostOptions { Settings = new Dictionary<string, string?> { ["Seed:DemoData"] = "false" } });

public sealed class FirstRunTests(EmptyInstallFactory factory) : IClassFixture<EmptyInstallFactory>
{
    [Fact]
    public async Task Setup_NeedsTheLoggedToken_AndWorksOnce()
    {
        var services = factory.Services;
        var firstRun = services.GetRequiredService<FirstRun>();
        Assert.False(await FirstRun.HasAdminAsync(services));
        Assert.False((await SignIn.TryAsync(factory, "ada", "CoachDemo2026")).Response.Headers.Location is not null);

        var wrong = await firstRun.CreateAdminAsync(services, "not-the-token", "root", "Root Admin", "Strong-Password-1");
        Assert.False(wrong.Succeeded);
        Assert.False(await FirstRun.HasAdminAsync(services));

        var right = await firstRun.CreateAdminAsync(services, firstRun.Token, "root", "Root Admin", "Strong-Password-1");
        Assert.True(right.Succeeded);
        Assert.True(await FirstRun.HasAdminAsync(services));
        var again = await firstRun.CreateAdminAsync(services, firstRun.Token, "root2", "Second", "Strong-Password-1");
        Assert.False(again.Succeeded);

        var session = await SignIn.AsAsync(factory, "root", "Strong-Password-1");
        Assert.Contains("Administration", await session.Client.GetStringAsync("/admin"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Seed:DemoData", "true", "Seed:DemoData")]
    [InlineData("Connectors:Keys:0:Key", "plain-text", "Connectors:Keys")]
    public void StartupChecks_OutsideDevelopment_RefuseKnownSecrets(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var production = new TestEnvironment { EnvironmentName = Environments.Production };

        var error = Assert.Throws<ConfigurationProblemException>(() => StartupChecks.Verify(configuration, production));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        StartupChecks.Verify(configuration, new TestEnvironment { EnvironmentName = Environments.Development });
    }

    [Theory]
    [InlineData("Learning__TimeZone", "Mars/Olympus_Mons", "Learning:TimeZone is 'Mars/Olympus_Mons'")]
    [InlineData("Storage__Provider", "Oracle", "Storage:Provider is 'Oracle'")]
    [InlineData("Seed__DemoData", "1", "Seed:DemoData is '1', which is not true or false.")]
    [InlineData("RateLimiting__ConnectorPermitsPerMinute", "lots", "RateLimiting:ConnectorPermitsPerMinute is 'lots', which is not a whole number.")]
    [InlineData("Coaching__StuckInStage", "abc", "Coaching:StuckInStage is 'abc', which is not a duration")]
    [InlineData("CustomerChat__Enabled", "lots", "CustomerChat:Enabled is 'lots'; write true or false.")]
    [InlineData("WarmUp__UntilOptimised", "soon", "WarmUp:UntilOptimised is 'soon', which is not true or false.")]
    [InlineData("CustomerChat__Enabled", "true", "CustomerChat:Enabled is on in the Production environment but CustomerChat:Team is not set")]
    public async Task TheProduct_GivenASettingItCannotUse_ExitsWithASentence(string variable, string value, string sentence)
    {
        var directory = Directory.CreateTempSubdirectory("coachconsole-start-").FullName;
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CoachConsole.Web.dll")])
        {
            WorkingDirectory = directory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment =
            {
                [variable] = value,
                ["ConnectionStrings__Coach"] = $"Data Source={Path.Combine(directory, "coach.db")}",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            },
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await output;

        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("CoachConsole cannot start: " + sentence, error.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "coach.db")), "Nothing is created when the settings are refused.");
        Directory.Delete(directory, recursive: true);
    }

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";

        public string ApplicationName { get; set; } = "CoachConsole.Web";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
