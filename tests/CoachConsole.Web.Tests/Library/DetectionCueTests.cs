using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Library;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Library;

public sealed class DetectionCueTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    private const string Utterance = "Please pass this to the resolutions desk";

    [Fact]
    public async Task TrainerCue_ChangesDetectionAfterPublishingAndNotBefore()
    {
        var cues = factory.Services.GetRequiredService<CueService>();
        using var client = factory.CreateConnectorClient();

        await cues.AddAsync(SignalKind.ManagerRequest, "resolutions desk", "tara");

        var bench = await cues.TestAsync(factory.Services.GetRequiredService<SignalReader>(), Speaker.Customer, Utterance, withDraft: true);
        Assert.True(bench.Has(SignalKind.ManagerRequest));
        Assert.Contains(bench.Cues, c => c.Signal == SignalKind.ManagerRequest && c.Text == "resolutions desk");

        var before = await client.StartConversationAsync();
        var unpublished = await (await client.AddTurnAsync(before, "customer", Utterance)).ReadJsonAsync();
        Assert.DoesNotContain("managerRequest", unpublished["turn"]!["signals"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.NotEqual("escalating", unpublished["conversation"]!["stage"]!.GetValue<string>());

        await cues.PublishAsync("tara");

        var after = await client.StartConversationAsync();
        var published = await (await client.AddTurnAsync(after, "customer", Utterance)).ReadJsonAsync();
        Assert.Contains("managerRequest", published["turn"]!["signals"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("escalating", published["conversation"]!["stage"]!.GetValue<string>());
        Assert.Contains(published["turn"]!["cues"]!.AsArray(), c => c!["text"]!.GetValue<string>() == "resolutions desk");
    }

    [Fact]
    public async Task Cue_ForAnAgentSignal_IsNotReadInACustomersWords()
    {
        var reading = LayeredSignalReader.Apply(SignalReading.Empty, Speaker.Customer, "we can do a goodwill credit", [new TrainerCue(SignalKind.OfferOfOptions, "goodwill credit")]);
        var agent = LayeredSignalReader.Apply(SignalReading.Empty, Speaker.Agent, "we can do a goodwill credit", [new TrainerCue(SignalKind.OfferOfOptions, "goodwill credit")]);
        var partWord = LayeredSignalReader.Apply(SignalReading.Empty, Speaker.Agent, "goodwill creditors", [new TrainerCue(SignalKind.OfferOfOptions, "goodwill credit")]);

        Assert.False(reading.Has(SignalKind.OfferOfOptions));
        Assert.True(agent.Has(SignalKind.OfferOfOptions));
        Assert.False(partWord.Has(SignalKind.OfferOfOptions));
        await Task.CompletedTask;
    }
}
