using Bunit;
using CoachConsole.Web.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;

namespace CoachConsole.Web.Tests.Infrastructure;

/// <summary>
/// A bUnit context with MudBlazor and the real conversation path on a SQLite file of its own:
/// components are fed by the same event bus the running product uses.
/// </summary>
public abstract class ComponentTestContext : BunitContext, IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coachconsole-bunit-").FullName;

    /// <summary>The clock every service reads; tests move it by hand.</summary>
    protected Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    static ComponentTestContext()
    {
        // Components load from the database (PostgreSQL included) on pool threads; a busy CI machine needs more
        // than a second: bUnit's waits get the same deadline as every other wait of the tests.
        DefaultWaitTimeout = Eventually.Timeout;
    }

    protected ComponentTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        CoachFactory.AddProductServices(Services, _directory, Clock);
    }

    public async Task InitializeAsync()
    {
        // Resolving the renderer freezes the services: derived classes register theirs first.
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        await DatabaseSetup.InitializeAsync(Services, seedDemoData: true);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        TestDatabase.Remove(_directory);
    }

    /// <summary>Signs a demo person in for the components under test.</summary>
    protected void SignInAs(string userId, string displayName, params string[] roles)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(userId);
        auth.SetRoles(roles);
        auth.SetClaims(
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, userId),
            new System.Security.Claims.Claim(CoachConsole.Web.Auth.CoachClaims.DisplayName, displayName));
    }

    /// <summary>Renders the Mud providers that popovers and dialogs need.</summary>
    protected void RenderProviders()
    {
        Render<MudPopoverProvider>();
        Render<MudDialogProvider>();
    }
}

/// <summary>Clicks on components that other threads re-render (conversation updates arrive while the test acts).</summary>
public static class LiveClicks
{
    /// <summary>
    /// Finds the element and clicks it on the renderer's own thread, so no render can retire the
    /// element's event handler between the two.
    /// </summary>
    public static Task ClickAsync<TComponent>(this IRenderedComponent<TComponent> cut, string selector, int index = 0)
        where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        cut.InvokeAsync(() => cut.FindAll(selector)[index].Click());
}
