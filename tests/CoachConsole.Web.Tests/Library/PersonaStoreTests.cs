using System.Text.Json.Nodes;
using CoachConsole.Core.Practice;
using CoachConsole.Web.Library;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Library;

public sealed class PersonaStoreTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    [Fact]
    public async Task TrainerWritesANewPersona_ItCanBePractised_AndABrokenOneIsRefused()
    {
        var store = factory.Services.GetRequiredService<PersonaStore>();
        var shipped = await store.AllAsync();
        var json = JsonNode.Parse(DefaultPersonas.ToJson(shipped[0]))!.AsObject();
        json["id"] = "angry-gym-member";
        json["scenario"] = "A gym membership that will not cancel";

        var saved = await store.SaveAsync(json.ToJsonString(), "tara");

        var all = await store.AllAsync();
        Assert.Equal(shipped.Count + 1, all.Count);
        Assert.Equal("A gym membership that will not cancel", all.Single(p => p.Id == "angry-gym-member").Scenario);
        Assert.Equal(saved.Id, all.Single(p => p.Id == "angry-gym-member").Id);

        json["id"] = "broken";
        json["lines"] = new JsonArray();
        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => store.SaveAsync(json.ToJsonString(), "tara"));
        Assert.Contains("no line for", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await store.AllAsync(), p => p.Id == "broken");
        await Assert.ThrowsAsync<InputRejectedException>(() => store.SaveAsync("{ not json", "tara"));
    }
}
