using System.Net;
using System.Text.RegularExpressions;

namespace CoachConsole.Web.Tests.Infrastructure;

/// <summary>Signs a person in through the real sign-in form over real HTTP (a Kestrel host); redirects are not followed.</summary>
public static partial class HttpSignIn
{
    public sealed record Session(HttpClient Client, CookieContainer Cookies);

    public static async Task<(Session Session, HttpResponseMessage Response)> TryAsync(Uri baseAddress, string userName, string password)
    {
        var cookies = new CookieContainer();
#pragma warning disable CA2000 // The client owns its handler and lives as long as the test.
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
#pragma warning restore CA2000
        var page = await client.GetStringAsync("/account/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
        return (new Session(client, cookies), response);
    }

    public static async Task<Session> AsAsync(Uri baseAddress, string userName, string password)
    {
        var (session, response) = await TryAsync(baseAddress, userName, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{userName} could not sign in: {response.StatusCode}");
        return session;
    }

    /// <summary>Whether a response sends the caller to the sign-in form.</summary>
    public static bool GoesToSignIn(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var location = response.Headers.Location;
        var path = location is null ? "" : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
        return response.StatusCode == HttpStatusCode.Redirect && path.StartsWith("/account/login", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
