using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace CoachConsole.Web.Tests.Infrastructure;

/// <summary>Signs a person in through the real sign-in form, anti-forgery token and all.</summary>
public static partial class SignIn
{
    public sealed record Session(HttpClient Client, CookieContainer Cookies, Uri BaseAddress)
    {
        public string CookieHeader => Cookies.GetCookieHeader(BaseAddress);
    }

    public static async Task<(Session Session, HttpResponseMessage Response)> TryAsync(CoachFactory factory, string userName, string password)
    {
        var cookies = new CookieContainer();
        var client = factory.CreateDefaultClient(new CookieContainerHandler(cookies));
        var page = await client.GetStringAsync("/account/login");
        var token = Token().Match(page).Groups[1].Value;
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
        return (new Session(client, cookies, client.BaseAddress!), response);
    }

    public static async Task<Session> AsAsync(CoachFactory factory, string userName, string password = Data.DatabaseSetup.DemoPassword)
    {
        var (session, response) = await TryAsync(factory, userName, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{userName} could not sign in: {response.StatusCode}");
        return session;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
