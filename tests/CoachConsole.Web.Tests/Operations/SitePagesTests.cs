using System.Net;
using System.Net.Http.Headers;
using CoachConsole.Web.Tests.Infrastructure;

namespace CoachConsole.Web.Tests.Operations;

/// <summary>What a browser gets for addresses nobody serves, and the site's icon.</summary>
public sealed class SitePagesTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    private HttpClient Browser()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return client;
    }

    [Fact]
    public async Task AnUnknownAddress_InABrowser_IsTheProductsOwnPage_StillA404()
    {
        using var client = Browser();

        var response = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("There is no page at this address", html, StringComparison.Ordinal);
        Assert.Contains("<main", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownApiAddress_StaysAPlainAnswer_NotAPage()
    {
        using var client = Browser();

        var response = await client.GetAsync("/api/v1/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("There is no page at this address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryPage_NamesTheSiteIcon_WhichIsServed()
    {
        using var client = Browser();

        var page = await (await client.GetAsync("/account/login")).Content.ReadAsStringAsync();
        var href = System.Text.RegularExpressions.Regex.Match(page, "<link rel=\"icon\"[^>]*href=\"([^\"]+)\"").Groups[1].Value;

        Assert.StartsWith("favicon", href, StringComparison.Ordinal);
        var icon = await client.GetAsync("/" + href);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }
}
