using System.Security.Claims;
using System.Threading.RateLimiting;
using CoachConsole.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CoachConsole.Web.Auth;

public static class AuthSetup
{
    /// <summary>Connectors only: the public API.</summary>
    public const string ConnectorPolicy = "Connector";

    /// <summary>Connectors or signed-in people: the hub.</summary>
    public const string HubPolicy = "HubClient";

    public const string ConnectorRateLimit = "connector";

    /// <summary>Password and lock-out rules for people who sign in.</summary>
    public static void ConfigureIdentity(IdentityOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.Password.RequiredLength = 10;
        o.Password.RequireNonAlphanumeric = false;
        o.Lockout.AllowedForNewUsers = true;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
        o.User.RequireUniqueEmail = false;
    }

    public static IServiceCollection AddCoachAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ConnectorOptions>(configuration.GetSection("Connectors"));
        services.AddSingleton<ConnectorKeys>();
        services.AddSingleton<AccessGuard>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessGuard>());
        services.AddSingleton<Hubs.HubConnections>();
        services.AddHostedService(sp => sp.GetRequiredService<Hubs.HubConnections>());
        services.AddSingleton<Hubs.HubAccessFilter>();
        services.AddSignalR().AddHubOptions<Hubs.CoachingHub>(o => o.AddFilter<Hubs.HubAccessFilter>());

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "CoachConsole.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            // Every request checks the person again (a few seconds' cache, cleared on change): a
            // locked, changed or removed person's cookie stops working at once, not after Identity's
            // half-hourly security-stamp check.
            var identityCheck = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = async context =>
            {
                var guard = context.HttpContext.RequestServices.GetRequiredService<AccessGuard>();
                if (!await guard.MayActAsync(context.Principal, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                await identityCheck(context);
            };
        });

        services.AddIdentityCore<CoachUser>(ConfigureIdentity)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CoachDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<CoachClaimsFactory>()
            .AddDefaultTokenProviders();
        services.AddSingleton<UnknownNameLockout>();
        services.AddScoped<PasswordSignIn>();

        services.AddAuthorizationBuilder()
            .AddPolicy(ConnectorPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireRole(CoachClaims.ConnectorRole))
            .AddPolicy(HubPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName, IdentityConstants.ApplicationScheme).RequireAuthenticatedUser());

        var permitsPerMinute = configuration.GetValue("RateLimiting:ConnectorPermitsPerMinute", 1200);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(ConnectorRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? http.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests",
                    detail: $"This key may make {permitsPerMinute} requests a minute; try again after the Retry-After delay.").ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }
}
