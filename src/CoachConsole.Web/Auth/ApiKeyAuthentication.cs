using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CoachConsole.Web.Auth;

/// <summary>A key given in configuration; only Development accepts these (see <see cref="StartupChecks"/>).</summary>
public sealed class ConfiguredKey
{
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>The team whose conversations the key may create and read.</summary>
    public string Team { get; set; } = "";
}

public sealed class ConnectorOptions
{
    public List<ConfiguredKey> Keys { get; set; } = [];
}

/// <summary>
/// Authenticates connectors by the key they present as a bearer token (or, for the hub's
/// WebSocket, as the <c>access_token</c> query parameter).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ConnectorKeys keys,
    AccessGuard guard,
    Operations.RequestWarmUp warmUp)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey();
        if (string.IsNullOrEmpty(presented) || presented.Length > 200)
        {
            return presented is null ? AuthenticateResult.NoResult() : AuthenticateResult.Fail("The API key is not valid.");
        }

        if (warmUp.Recognise(presented, Context.Connection, SchemeName) is { } ownWarmUp)
        {
            return AuthenticateResult.Success(new AuthenticationTicket(ownWarmUp, SchemeName));
        }

        var key = await keys.FindAsync(presented, Context.RequestAborted);
        // A key revoked on another instance is refused here as soon as that instance says so.
        if (key is null || !await guard.KeyIsActiveAsync(key.Id, Context.RequestAborted))
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, key.Id.ToString()),
            new Claim(ClaimTypes.Name, key.Name),
            new Claim(CoachClaims.Team, key.TeamId),
            new Claim(ClaimTypes.Role, CoachClaims.ConnectorRole),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: "Present a valid connector API key as a bearer token.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "This key may not do that.").ExecuteAsync(Context);
    }

    private string? PresentedKey()
    {
        string? header = Request.Headers.Authorization;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        if (Request.Path.StartsWithSegments("/hubs") && Request.Query.TryGetValue("access_token", out var token))
        {
            return token.ToString();
        }

        return null;
    }
}
