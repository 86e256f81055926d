using System.Diagnostics.Metrics;
using CoachConsole.Web.Realtime;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CoachConsole.Web.Operations;

/// <summary>
/// The product's own metrics (meter <c>CoachConsole</c>): turns processed, the time from a turn's
/// arrival to its update going out, live conversations and connected consoles, and with several
/// instances the messages relayed between them, waiting to be relayed, and dropped. Read them with
/// <c>dotnet-counters monitor -n CoachConsole.Web --counters CoachConsole</c> or any
/// OpenTelemetry exporter.
/// </summary>
public sealed class CoachMetrics : IDisposable
{
    public const string MeterName = "CoachConsole";

    private readonly Meter _meter;
    private readonly Counter<long> _turns;
    private readonly Histogram<double> _turnDuration;
    private readonly Counter<long> _redone;
    private readonly Counter<long> _relayed;
    private readonly Counter<long> _relayDropped;
    private int _consoles;
    private Func<int> _relayPending = () => 0;

    public CoachMetrics(IMeterFactory meters, LiveConversations live)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(live);
        _meter = meters.Create(MeterName);
        _turns = _meter.CreateCounter<long>("coach.turns", unit: "{turn}", description: "Turns processed");
        _turnDuration = _meter.CreateHistogram<double>("coach.turn.duration", unit: "ms", description: "From a turn's arrival to its update going out");
        _redone = _meter.CreateCounter<long>("coach.steps.redone", unit: "{step}", description: "Steps read again and redone because the conversation changed elsewhere");
        _meter.CreateObservableGauge("coach.conversations.live", () => live.Count, unit: "{conversation}", description: "Live conversations on this instance");
        _meter.CreateObservableGauge("coach.consoles.connected", () => Volatile.Read(ref _consoles), unit: "{console}", description: "Connected consoles (Blazor circuits)");
        _relayed = _meter.CreateCounter<long>("coach.relay.messages", unit: "{message}", description: "Messages relayed to or from other instances through Redis");
        _relayDropped = _meter.CreateCounter<long>("coach.relay.dropped", unit: "{message}", description: "Local messages dropped from a full relay outbox while Redis was unreachable");
        _meter.CreateObservableGauge("coach.relay.pending", () => Volatile.Read(ref _relayPending)(), unit: "{message}", description: "Local messages waiting to be relayed to other instances");
    }

    public void TurnProcessed(string speaker, double milliseconds)
    {
        var tag = new KeyValuePair<string, object?>("speaker", speaker);
        _turns.Add(1, tag);
        _turnDuration.Record(milliseconds, tag);
    }

    public int ConnectedConsoles => Volatile.Read(ref _consoles);

    public void StepRedone() => _redone.Add(1);

    /// <param name="direction"><c>sent</c> or <c>received</c>.</param>
    /// <param name="kind"><c>update</c>, <c>alert</c> or <c>rules</c>.</param>
    public void MessageRelayed(string direction, string kind) =>
        _relayed.Add(1, new KeyValuePair<string, object?>("direction", direction), new KeyValuePair<string, object?>("kind", kind));

    public void RelayMessageDropped(string kind) => _relayDropped.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>Where the pending gauge reads the relay's outbox.</summary>
    public void ObserveRelayPending(Func<int> pending) => Volatile.Write(ref _relayPending, pending);

    public void ConsoleConnected() => Interlocked.Increment(ref _consoles);

    public void ConsoleDisconnected() => Interlocked.Decrement(ref _consoles);

    public void Dispose() => _meter.Dispose();
}

/// <summary>Counts the consoles (circuits) connected to this instance.</summary>
public sealed class ConsoleCircuitCounter(CoachMetrics metrics) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.ConsoleConnected();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.ConsoleDisconnected();
        return Task.CompletedTask;
    }
}
