using System.Net;
using CoachConsole.Web.Tests.Infrastructure;

namespace CoachConsole.Web.Tests.Api;

/// <summary>A host whose clock the test moves by hand.</summary>
public sealed class FakeClockCoachFactory() : CoachFactory(new CoachHostOptions { Clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero)) });

public sealed class ConversationTimerTests(FakeClockCoachFactory factory) : IClassFixture<FakeClockCoachFactory>
{
    [Fact]
    public async Task VoiceCall_SilenceAfterVenting_MovesToAcknowledgingOnTheInjectedClock()
    {
        const string Venting = "I am FURIOUS!!! This is the worst service ever";
        using var client = factory.CreateConnectorClient();

        // Two calls that vented earlier witness the timer's ticks: each moves on at the tick its pause runs out.
        var first = await client.StartConversationAsync(channel: "voice");
        (await client.AddTurnAsync(first, "customer", Venting)).EnsureSuccessStatusCode();
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await client.StartConversationAsync(channel: "voice");
        (await client.AddTurnAsync(second, "customer", Venting)).EnsureSuccessStatusCode();
        factory.Clock.Advance(TimeSpan.FromSeconds(1));

        var id = await client.StartConversationAsync(channel: "voice");
        (await client.AddTurnAsync(id, "customer", Venting)).EnsureSuccessStatusCode();
        Assert.Equal("listening", await StageAsync(client, id));

        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForStageAsync(client, first, "acknowledging");
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForStageAsync(client, second, "acknowledging");
        // The tick one second after this call vented is over: it left the call listening.
        Assert.Equal("listening", await StageAsync(client, id));

        factory.Clock.Advance(TimeSpan.FromSeconds(2));

        await WaitForStageAsync(client, id, "acknowledging");
        var details = await client.GetConversationAsync(id);
        Assert.Equal(factory.Clock.GetUtcNow(), details["conversation"]!["stageEnteredAt"]!.GetValue<DateTimeOffset>(), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Chat_TooLongInClarifying_MovesOnToResolving()
    {
        using var client = factory.CreateConnectorClient();
        var id = await client.StartConversationAsync();
        (await client.AddTurnAsync(id, "agent", "Could you tell me when it stopped working?")).EnsureSuccessStatusCode();
        Assert.Equal("clarifying", await StageAsync(client, id));

        factory.Clock.Advance(TimeSpan.FromMinutes(5));

        await WaitForStageAsync(client, id, "resolving");
    }

    private static async Task<string> StageAsync(HttpClient client, Guid id) =>
        (await client.GetConversationAsync(id))["conversation"]!["stage"]!.GetValue<string>();

    private static Task WaitForStageAsync(HttpClient client, Guid id, string stage) =>
        Eventually.EqualsAsync($"conversation {id} to reach {stage}", stage, () => StageAsync(client, id));
}

public sealed class RestartTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coachconsole-restart-").FullName;

    [Fact]
    public async Task Restart_MidConversation_ResumesAtItsStageWithItsTranscriptAndTurnIds()
    {
        Guid id;
        await using (var first = new RestartableCoachFactory(_directory))
        {
            using var client = first.CreateConnectorClient();
            id = await client.StartConversationAsync();
            (await client.AddTurnAsync(id, "customer", "You're useless, you idiot", turnId: "m1")).EnsureSuccessStatusCode();
            (await client.AddTurnAsync(id, "agent", "I want to help, but please keep this respectful.", turnId: "a1")).EnsureSuccessStatusCode();
        }

        await using var second = new RestartableCoachFactory(_directory);
        using var again = second.CreateConnectorClient();
        var state = await again.GetConversationAsync(id);
        Assert.Equal("boundarySetting", state["conversation"]!["stage"]!.GetValue<string>());
        Assert.Equal(1, state["conversation"]!["boundaryStep"]!.GetValue<int>());
        Assert.Equal(2, state["transcript"]!.AsArray().Count);

        // The step the agent stated before the restart is remembered: the next abuse climbs the ladder.
        var climbed = await (await again.AddTurnAsync(id, "customer", "Still useless, you moron", turnId: "m2")).ReadJsonAsync();
        Assert.Equal(2, climbed["conversation"]!["boundaryStep"]!.GetValue<int>());
        var retried = await again.AddTurnAsync(id, "customer", "Still useless, you moron", turnId: "m2");
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(2, (await retried.ReadJsonAsync())["conversation"]!["boundaryStep"]!.GetValue<int>());

        // Respectful again, and telling the issue: back from the ladder to where it broke in, and on to the details.
        var respectful = await (await again.AddTurnAsync(id, "customer", "Okay. Sorry. Can you just fix the order?", turnId: "m3")).ReadJsonAsync();
        Assert.Equal(
            [("boundarySetting", "opening"), ("opening", "clarifying")],
            respectful["stageChanges"]!.AsArray().Select(m => (m!["from"]!.GetValue<string>(), m["to"]!.GetValue<string>())));
        Assert.Equal("clarifying", respectful["conversation"]!["stage"]!.GetValue<string>());
        Assert.Equal(4, (await again.GetConversationAsync(id))["transcript"]!.AsArray().Count);
    }

    public void Dispose()
    {
        TestDatabase.Release(TestDatabase.For(_directory));
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
