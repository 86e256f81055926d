using System.Diagnostics.Metrics;
using System.Net;
using CoachConsole.Web.Operations;
using CoachConsole.Web.Tests.Infrastructure;

namespace CoachConsole.Web.Tests.Operations;

public sealed class OperationsTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    [Fact]
    public async Task HealthEndpoints_AnswerLiveAndReady()
    {
        using var client = factory.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_CountTurnsAndRecordTheirDuration()
    {
        long turns = 0;
        var durations = new List<double>();
        var lockObject = new Lock();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == CoachMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "coach.turns")
            {
                Interlocked.Add(ref turns, value);
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "coach.turn.duration")
            {
                lock (lockObject)
                {
                    durations.Add(value);
                }
            }
        });
        listener.Start();
        using var client = factory.CreateConnectorClient();
        var id = await client.StartConversationAsync();

        (await client.AddTurnAsync(id, "customer", "Where is my order?")).EnsureSuccessStatusCode();
        (await client.AddTurnAsync(id, "agent", "Let me check that for you.")).EnsureSuccessStatusCode();

        Assert.True(Interlocked.Read(ref turns) >= 2);
        lock (lockObject)
        {
            Assert.True(durations.Count >= 2);
            Assert.All(durations, d => Assert.True(d > 0));
        }
    }
}
