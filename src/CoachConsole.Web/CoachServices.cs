using Microsoft.AspNetCore.DataProtection;
using System.Text.Json.Serialization;
using CoachConsole.Core.Coaching;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Privacy;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Api;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Components;
using CoachConsole.Web.Components.Account;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Hubs;
using CoachConsole.Web.Realtime;
using CoachConsole.Web.Security;
using MudBlazor.Services;

namespace CoachConsole.Web;

/// <summary>Everything the host registers and maps, so Program.cs stays a few lines.</summary>
public static class CoachServices
{
    public static WebApplicationBuilder AddCoachConsole(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        StartupChecks.Verify(configuration, builder.Environment);

        // SQLite's driver does its reads and writes synchronously on the calling thread; a few more
        // threads ready from the start keep a burst of turns from queueing behind them.
        ThreadPool.GetMinThreads(out var workers, out var completion);
        var wanted = configuration.GetValue("ThreadPool:MinThreads", Environment.ProcessorCount * 8);
        ThreadPool.SetMinThreads(Math.Max(workers, wanted), completion);
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.Limits.MaxRequestBodySize = 1024 * 1024;
            // Until the request path is warm, a client's connection waits (see RequestWarmUp).
            o.ConfigureEndpointDefaults(listen => listen.Use(next => async connection =>
            {
                if (await listen.ApplicationServices.GetRequiredService<CoachConsole.Web.Operations.RequestWarmUp>().LetInAsync(connection))
                {
                    await next(connection);
                }
            }));
        });
        services.AddSingleton<CoachConsole.Web.Operations.RequestWarmUp>();
        if (!builder.Environment.IsDevelopment())
        {
            // An unpublished build (dotnet run -c Release) finds the framework's and the packages'
            // assets through its build manifest, as Development does; published output has none.
            builder.WebHost.UseStaticWebAssets();
        }

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();

        services.AddCoachConversations(StorageSettings.FromConfiguration(configuration));
        services.AddSingleton(CustomerChatSettings.FromConfiguration(configuration, builder.Environment));
        services.AddSingleton<CustomerChatGate>();
        services.AddHttpContextAccessor();
        services.AddHostedService<HubEventForwarder>();
        services.AddHostedService<ConversationTimer>();
        services.AddHostedService(sp => sp.GetRequiredService<CoachConsole.Web.Floor.AlertService>());

        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        services.AddSingleton<FirstRun>();

        // Every instance on one database signs and reads the same cookies: a lead's session survives
        // a restart and a move to another instance.
        services.AddDataProtection().SetApplicationName("CoachConsole").PersistKeysToDbContext<CoachDbContext>();
        // They are stored as they are (nothing on a Linux server can encrypt them without a
        // certificate of the operator's), so that one warning is said once, in words, not per key.
        builder.Logging.AddFilter(CoachConsole.Web.Operations.KeysAtRest.WarningCategory, LogLevel.Error);
        services.AddSingleton<CoachConsole.Web.Operations.DemoSignInNotice>();
        services.AddHostedService(sp => sp.GetRequiredService<CoachConsole.Web.Operations.DemoSignInNotice>());
        services.AddSingleton<CoachConsole.Web.Operations.StorageWriteProbe>();
        services.AddHealthChecks().AddCheck<CoachConsole.Web.Operations.DatabaseHealthCheck>("database", tags: [CoachConsole.Web.Operations.Health.ReadyTag]);
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, CoachConsole.Web.Operations.ConsoleCircuitCounter>();
        services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = true);
        services.AddSingleton<CoachConsole.Web.People.AdminService>();
        services.AddSignalR(o => o.MaximumReceiveMessageSize = 32 * 1024)
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)))
            .AddCoachCluster(configuration);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi();
        services.AddCoachAuth(configuration);
        return builder;
    }

    /// <summary>While the built-in chat is off, <c>/chat</c> answers 404 and nothing behind it runs.</summary>
    private static void UseCustomerChatSwitch(this WebApplication app)
    {
        if (app.Services.GetRequiredService<CustomerChatSettings>().Enabled)
        {
            return;
        }

        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/chat", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("The chat is not available.", context.RequestAborted);
                return;
            }

            await next(context);
        });
    }

    /// <summary>Storage, the coaching engine and the conversation path: what every console needs.</summary>
    public static IServiceCollection AddCoachConversations(this IServiceCollection services, StorageSettings storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        storage.Register(services);
        services.AddSingleton<ConversationCache>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SignalReader>();
        services.AddSingleton<CoachConsole.Web.Library.CueService>();
        services.AddSingleton<ISignalReader>(sp =>
        {
            var cues = sp.GetRequiredService<CoachConsole.Web.Library.CueService>();
            return new LayeredSignalReader(sp.GetRequiredService<SignalReader>(), () => cues.Published);
        });
        services.AddSingleton<PhraseLibraryProvider>();
        services.AddSingleton(sp => new Coach(sp.GetRequiredService<ISignalReader>(), () => sp.GetRequiredService<PhraseLibraryProvider>().Current));
        services.AddSingleton<ConversationLocks>();
        services.AddSingleton<ConversationEventBus>();
        services.AddSingleton<TurnWriter>();
        services.AddSingleton<ConversationService>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton(sp => new TimerTakeOver(
            sp.GetService<IConfiguration>()?.GetSection("Coaching").GetValue("TakeOverTimersAfter", TimerTakeOver.Default.After) ?? TimerTakeOver.Default.After));
        services.AddSingleton<LiveConversations>();
        services.AddMetrics();
        services.AddSingleton<CoachConsole.Web.Operations.CoachMetrics>();
        services.AddSingleton<WrapUps>();
        services.AddSingleton<CoachConsole.Web.Floor.AlertRulesStore>();
        services.AddSingleton<CoachConsole.Web.Floor.AlertFeed>();
        services.AddSingleton<CoachConsole.Web.Floor.HeatTrends>();
        services.AddSingleton<CoachConsole.Web.Floor.AlertService>();
        services.AddSingleton<CoachConsole.Web.Floor.Roster>();
        services.AddSingleton<CoachConsole.Web.Library.LibraryService>();
        services.AddSingleton<CoachConsole.Web.Library.WhatIfService>();
        services.AddSingleton<CoachConsole.Web.Library.Effectiveness>();
        services.AddSingleton<CoachConsole.Web.Library.PersonaStore>();
        CoachConsole.Web.Floor.FloorMessages.AddFloorMessages(services);
        CoachConsole.Web.Library.LibraryMessages.AddLibraryMessages(services);
        ChatTyping.AddChatTyping(services);
        services.AddSingleton<LeadActions>();
        services.AddSingleton<CoachConsole.Web.Operations.StartupWarmUp>();
        CoachConsole.Web.Learning.LearningServices.AddCoachLearning(services);
        services.AddSingleton(sp =>
        {
            var privacy = sp.GetService<IConfiguration>()?.GetSection("Privacy");
            return new TranscriptMasker(new MaskingOptions
            {
                MaskEmails = privacy?.GetValue("MaskEmails", false) ?? false,
                MaskPhoneNumbers = privacy?.GetValue("MaskPhoneNumbers", false) ?? false,
            });
        });
        services.AddSingleton(sp =>
        {
            var section = sp.GetService<IConfiguration>()?.GetSection("Coaching");
            return new ConversationTimings
            {
                PauseAfterVenting = section?.GetValue("PauseAfterVenting", ConversationTimings.Default.PauseAfterVenting) ?? ConversationTimings.Default.PauseAfterVenting,
                StuckInStage = section?.GetValue("StuckInStage", ConversationTimings.Default.StuckInStage) ?? ConversationTimings.Default.StuckInStage,
            };
        });
        return services;
    }

    public static async Task<WebApplication> UseCoachConsoleAsync(this WebApplication app)
    {
        var seedDemo = app.Configuration.GetValue("Seed:DemoData", app.Environment.IsDevelopment());
        // A misspelt time zone stops the start with a sentence, not the first report.
        _ = app.Services.GetRequiredService<CoachConsole.Web.Learning.ReportCalendar>();
        app.Services.GetRequiredService<CoachConsole.Web.Operations.DemoSignInNotice>().DemoSeeded = await DatabaseSetup.InitializeAsync(app.Services, seedDemo);
        CoachConsole.Web.Operations.KeysAtRest.Explain(app);
        await app.Services.GetRequiredService<CoachConsole.Web.Operations.StartupWarmUp>().RunAsync();
        var requestWarmUp = app.Services.GetRequiredService<CoachConsole.Web.Operations.RequestWarmUp>();
        if (app.Configuration.GetValue("WarmUp:UntilOptimised", true))
        {
            // Once it listens: its own hub connections and requests first, then the clients.
            app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => requestWarmUp.RunAsync(app.Lifetime.ApplicationStopping)));
        }
        else
        {
            requestWarmUp.Open();
        }

        if (!await FirstRun.HasAdminAsync(app.Services))
        {
            app.Logger.LogWarning("No admin yet: open /setup?token={SetupToken} to create the first admin", app.Services.GetRequiredService<FirstRun>().Token);
        }

        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        // An address nobody serves shows the product's own page to a person in a browser; the API,
        // the hub and the health probes keep their plain answers.
        app.UseWhen(
            context => HttpMethods.IsGet(context.Request.Method)
                && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
                && !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments(CoachingHub.Path)
                && !context.Request.Path.StartsWithSegments("/health"),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));

        // Routing after the status code pages, so the page shown for a 404 is routed afresh.
        app.UseRouting();
        // Dates and numbers are written the way each person's browser language writes them.
        var cultures = System.Globalization.CultureInfo.GetCultures(System.Globalization.CultureTypes.AllCultures)
            .Where(c => c.Name.Length > 0).ToList();
        // Only pages are written for a person: the API and the hub answer in JSON, so a turn skips it.
        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments(CoachingHub.Path),
            branch => branch.UseRequestLocalization(new RequestLocalizationOptions
            {
                DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture("en-US"),
                SupportedCultures = cultures,
                SupportedUICultures = cultures,
                FallBackToParentCultures = true,
            }));
        app.UseCustomerChatSwitch();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapConversationsApi();
        app.MapAccountEndpoints();
        CoachConsole.Web.Operations.Health.MapCoachHealth(app);
        CoachConsole.Web.Operations.InstanceStatusEndpoint.MapInstanceStatus(app);
        CoachConsole.Web.Library.LibraryEndpoints.MapLibraryEndpoints(app);
        CoachConsole.Web.Learning.LearningEndpoints.MapLearningEndpoints(app);
        app.MapHub<CoachingHub>(CoachingHub.Path);
        // Our own Content-Security-Policy already forbids framing; one policy, not two.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
