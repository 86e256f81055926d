using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CoachConsole.Web.Auth;

/// <summary>A connector key from configuration: a chat or telephony platform feeding conversations in.</summary>
public sealed class ConnectorKey
{
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>The team whose conversations the key may create and read.</summary>
    public string Team { get; set; } = "";
}

public sealed class ConnectorOptions
{
    public List<ConnectorKey> Keys { get; set; } = [];
}

/// <summary>
/// Authenticates connectors by the key they present as a bearer token (or, for the hub's
/// WebSocket, as the <c>access_token</c> query parameter).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ConnectorOptions> connectors)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string TeamClaim = "coach:team";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey();
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var match = connectors.CurrentValue.Keys.FirstOrDefault(k => k.Key.Length > 0 && SameKey(k.Key, presented));
        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, match.Name), new Claim(TeamClaim, match.Team), new Claim(ClaimTypes.Role, "Connector")],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
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

    private static bool SameKey(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
