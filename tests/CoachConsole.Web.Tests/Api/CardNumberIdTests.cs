using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachConsole.Web.Data;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Api;

/// <summary>
/// An id a connector chooses is kept and shown as it is: one holding a card number, however it is
/// written, is refused with a 400 naming the field, and nothing is stored.
/// </summary>
public sealed class CardNumberIdTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    /// <summary>The same card number as digits, with no-break spaces, dots, in full-width digits, inside a longer id.</summary>
    public static TheoryData<string> CardIds => new()
    {
        "4111111111111111",
        "4111\u00a01111\u00a01111\u00a01111",
        "turn-5500.0055.5555.5559",
        "４１１１１１１１１１１１１１１１",
        "abc-4111-1111-1111-1111-7",
    };

    private async Task<CoachDbContext> DbAsync() =>
        await factory.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field, string id)
    {
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(raw)!["errors"]!.AsObject();
        Assert.Contains("card number", errors[field]![0]!.GetValue<string>(), StringComparison.Ordinal);
        // The refusal does not echo the number back.
        Assert.DoesNotContain(id, raw, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CardIds))]
    public async Task TurnId_HoldingACardNumber_Is400NamingTurnId_AndNoTurnIsStored(string turnId)
    {
        using var client = factory.CreateConnectorClient();
        var id = await client.StartConversationAsync();

        var final = await client.AddTurnAsync(id, "customer", "My blender broke after two days.", turnId);
        var partial = await client.PostAsJsonAsync($"/api/v1/conversations/{id}/turns", new { speaker = "customer", text = "My blender", turnId, final = false });

        await AssertRefusedAsync(final, "turnId", turnId);
        await AssertRefusedAsync(partial, "turnId", turnId);
        await using var db = await DbAsync();
        Assert.Equal(0, await db.Turns.CountAsync(t => t.ConversationId == id));
        Assert.Empty((await client.GetConversationAsync(id))["transcript"]!.AsArray());
    }

    [Theory]
    [MemberData(nameof(CardIds))]
    public async Task PhraseId_HoldingACardNumber_Is400NamingPhraseId_AndNoTurnOrCardIsRecorded(string phraseId)
    {
        using var client = factory.CreateConnectorClient();
        var id = await client.StartConversationAsync();
        await using (var before = await DbAsync())
        {
            Assert.Equal(0, await before.Turns.CountAsync(t => t.ConversationId == id));
        }

        var turn = await client.PostAsJsonAsync($"/api/v1/conversations/{id}/turns", new { speaker = "agent", text = "I'm sorry about the blender.", phraseId });

        await AssertRefusedAsync(turn, "phraseId", phraseId);
        await using var db = await DbAsync();
        Assert.Equal(0, await db.Turns.CountAsync(t => t.ConversationId == id));
        Assert.Equal(0, await db.CardEvents.CountAsync(e => e.ConversationId == id && e.Action != CardAction.Shown));
    }

    [Theory]
    [MemberData(nameof(CardIds))]
    public async Task AgentId_HoldingACardNumber_Is400NamingAgentId_AndNoConversationIsStarted(string agentId)
    {
        using var client = factory.CreateConnectorClient();
        await using var db = await DbAsync();
        var before = await db.Conversations.CountAsync();

        var response = await client.PostAsJsonAsync("/api/v1/conversations", new { channel = "chat", customerName = "Maria Lopez", issueSummary = "a broken blender", agentId });

        await AssertRefusedAsync(response, "agentId", agentId);
        Assert.Equal(before, await db.Conversations.CountAsync());
    }
}
