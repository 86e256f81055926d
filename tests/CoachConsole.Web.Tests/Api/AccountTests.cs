using System.Net;
using System.Text.RegularExpressions;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using CoachConsole.Web.People;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Api;

/// <summary>Signing in and out as someone with a cookie and a form, and as someone without.</summary>
public sealed partial class AccountTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    [Fact]
    public async Task SignOut_WithoutTheFormsToken_IsRefused_AndTheSessionGoesOn()
    {
        var ana = await SignIn.AsAsync(factory, "ana");

        var forged = await ana.Client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        var console = await ana.Client.GetAsync("/console");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        Assert.DoesNotContain(await factory.Services.GetRequiredService<AuditLog>().RecentAsync(100), a => a.Actor == "ana" && a.Action == AuditActions.SignOut);
    }

    [Fact]
    public async Task SignOut_FromTheConsolesOwnForm_EndsTheSession()
    {
        var leo = await SignIn.AsAsync(factory, "leo");
        var page = await leo.Client.GetStringAsync("/floor");
        var form = SignOutForm().Match(page);
        Assert.True(form.Success, "The page carries no sign-out form with its token.");

        var signedOut = await leo.Client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.Groups[1].Value,
        }));
        var floor = await leo.Client.GetAsync("/floor");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/account/login", signedOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, floor.StatusCode);
        Assert.StartsWith("/account/login", floor.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_AnUnknownName_IsAnsweredAsAnExistingOne_AndLockedAfterFiveTries()
    {
        await factory.Services.GetRequiredService<AdminService>().CreatePersonAsync("kim", "Kim Lee", Roles.Agent, DatabaseSetup.DemoTeamId, "Right-Password-1", "test");
        var existing = new List<(HttpStatusCode, string)>();
        var unknown = new List<(HttpStatusCode, string)>();

        for (var attempt = 1; attempt <= 6; attempt++)
        {
            existing.Add(await AnswerAsync("kim", "wrong-password"));
            unknown.Add(await AnswerAsync("kim-who-is-not-here", "wrong-password"));
        }

        Assert.Equal(existing, unknown);
        Assert.All(existing.Take(4), a => Assert.Contains("not right", a.Item2, StringComparison.Ordinal));
        Assert.All(existing.Skip(4), a => Assert.Contains("locked", a.Item2, StringComparison.Ordinal));
    }

    /// <summary>The status and the error the sign-in form shows for one attempt.</summary>
    private async Task<(HttpStatusCode, string)> AnswerAsync(string userName, string password)
    {
        var (_, response) = await SignIn.TryAsync(factory, userName, password);
        var error = LoginError().Match(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, error.Success ? error.Groups[1].Value : "(no error shown)");
    }

    [GeneratedRegex("data-testid=\"login-error\"[^>]*>([^<]*)<")]
    private static partial Regex LoginError();

    [GeneratedRegex("<form method=\"post\" action=\"/account/logout\"[^>]*>\\s*<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex SignOutForm();
}
