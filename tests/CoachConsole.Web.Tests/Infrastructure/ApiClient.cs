using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoachConsole.Web.Tests.Infrastructure;

/// <summary>Small helpers for calling the public API as a connector would.</summary>
public static class ApiClient
{
    public static async Task<Guid> StartConversationAsync(this HttpClient client, string channel = "chat", string customer = "Maria Lopez", string issue = "a broken blender", string[]? options = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/conversations", new { channel, customerName = customer, issueSummary = issue, options = options ?? ["a replacement", "a full refund"] });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["id"]!.GetValue<Guid>();
    }

    public static Task<HttpResponseMessage> AddTurnAsync(this HttpClient client, Guid id, string speaker, string text, string? turnId = null) =>
        client.PostAsJsonAsync($"/api/v1/conversations/{id}/turns", new { speaker, text, turnId });

    public static async Task<JsonObject> GetConversationAsync(this HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/v1/conversations/{id}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static async Task<JsonObject> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false })!.AsObject();
}
