using System.Collections.Concurrent;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Realtime;
using Microsoft.Extensions.Logging;

namespace CoachConsole.Web.Tests.Realtime;

/// <summary>The in-process bus: who gets which update, in which order, and where a failing subscriber's exception goes.</summary>
public sealed class ConversationEventBusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private readonly RecordingLogger _log = new();
    private readonly ConversationEventBus _bus;

    public ConversationEventBusTests() => _bus = new ConversationEventBus(_log);

    private static ConversationUpdate Update(Guid id, int revision, string team = "care-1", string agent = "ana") =>
        new(UpdateKind.StageChanged, View(id, revision, team, agent), null, [], false);

    private static ConversationView View(Guid id, int revision, string team, string agent) =>
        new(id, Channel.Chat, "Maria Lopez", "a refund", [], agent, agent, team, Stage.Listening, 0.2, Mood.Neutral, 0, revision,
            T0, T0, T0.AddSeconds(revision), null, [], revision);

    [Fact]
    public void EachSubscriber_GetsTheUpdatesOfWhatItFollows_AndNothingElse()
    {
        Guid one = Guid.NewGuid(), other = Guid.NewGuid(), elsewhere = Guid.NewGuid();
        List<Guid> byConversation = [], byTeams = [], byAgent = [], all = [];
        using var a = _bus.SubscribeConversation(one, u => byConversation.Add(u.Conversation.Id));
        using var b = _bus.SubscribeTeams(["care-1", "care-2"], u => byTeams.Add(u.Conversation.Id));
        using var c = _bus.SubscribeAgent("ben", u => byAgent.Add(u.Conversation.Id));
        using var d = _bus.SubscribeAll(u => all.Add(u.Conversation.Id));

        _bus.Publish(Update(one, 1, team: "care-1", agent: "ana"));
        _bus.Publish(Update(other, 1, team: "care-2", agent: "ben"));
        _bus.Publish(Update(elsewhere, 1, team: "sales", agent: "cleo"));

        Assert.Equal([one], byConversation);
        Assert.Equal([one, other], byTeams);
        Assert.Equal([other], byAgent);
        Assert.Equal([one, other, elsewhere], all);
    }

    [Fact]
    public void AnEndedSubscription_GetsNothingMore_WhileAnotherOnTheSameKeyStillDoes()
    {
        var id = Guid.NewGuid();
        List<int> first = [], second = [];
        Action<ConversationUpdate> same = u => first.Add(u.Conversation.Revision);
        var gone = _bus.SubscribeConversation(id, same);
        using var kept = _bus.SubscribeConversation(id, u => second.Add(u.Conversation.Revision));
        using var twin = _bus.SubscribeConversation(id, same);

        _bus.Publish(Update(id, 1));
        gone.Dispose();
        gone.Dispose();
        _bus.Publish(Update(id, 2));

        Assert.Equal([1, 1, 2], first);
        Assert.Equal([1, 2], second);
    }

    [Fact]
    public void QueuedUpdates_WaitForTheFlush_AndArriveInTheOrderTheyWereQueued()
    {
        var id = Guid.NewGuid();
        var seen = new List<int>();
        using var subscription = _bus.SubscribeConversation(id, u => seen.Add(u.Conversation.Revision));

        // Queued under the conversation's gate: nothing is delivered there.
        _bus.Enqueue(Update(id, 1));
        _bus.Enqueue(Update(id, 2));
        Assert.Empty(seen);

        // After the gate, the first flush delivers both, the second finds nothing left.
        _bus.Flush(id);
        _bus.Flush(id);
        Assert.Equal([1, 2], seen);
    }

    [Fact]
    public void AnUpdatePublishedByASubscriber_WaitsUntilTheOneBeingDeliveredHasReachedEveryone()
    {
        var id = Guid.NewGuid();
        var seen = new List<string>();
        using var first = _bus.SubscribeConversation(id, u =>
        {
            seen.Add($"first:{u.Conversation.Revision}");
            if (u.Conversation.Revision == 1)
            {
                _bus.Publish(Update(id, 2));
            }
        });
        using var second = _bus.SubscribeConversation(id, u => seen.Add($"second:{u.Conversation.Revision}"));

        _bus.Publish(Update(id, 1));

        Assert.Equal(["first:1", "second:1", "first:2", "second:2"], seen);
    }

    [Fact]
    public async Task UpdatesOfOneConversation_QueuedFromManyThreads_ReachEverySubscriberInQueueOrder()
    {
        var id = Guid.NewGuid();
        var gate = new SemaphoreSlim(1, 1);
        var seen = new ConcurrentQueue<int>();
        var next = 0;
        using var subscription = _bus.SubscribeConversation(id, u => seen.Enqueue(u.Conversation.Revision));

        // Like the conversation service: queue under the gate, flush after releasing it.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await gate.WaitAsync();
                try
                {
                    _bus.Enqueue(Update(id, ++next));
                }
                finally
                {
                    gate.Release();
                }

                _bus.Flush(id);
            }
        })));

        Assert.Equal(Enumerable.Range(1, 400), seen);
    }

    [Fact]
    public void AFailingSubscriber_ReachesItsErrorRoute_WhileTheOthersStillGetTheUpdate()
    {
        var id = Guid.NewGuid();
        var routed = new List<Exception>();
        var before = new List<int>();
        var after = new List<int>();
        using var a = _bus.SubscribeAll(u => before.Add(u.Conversation.Revision));
        using var failing = _bus.SubscribeConversation(id, _ => throw new InvalidOperationException("stale console"), routed.Add);
        using var b = _bus.SubscribeConversation(id, u => after.Add(u.Conversation.Revision));

        _bus.Publish(Update(id, 1));
        _bus.Publish(Update(id, 2));

        Assert.Equal(["stale console", "stale console"], routed.Select(e => e.Message));
        Assert.Equal([1, 2], before);
        Assert.Equal([1, 2], after);
        Assert.Empty(_log.Errors);
    }

    [Fact]
    public void AFailingSubscriberWithoutAnErrorRoute_IsLogged_AndSoIsAFailingErrorRoute()
    {
        var id = Guid.NewGuid();
        var others = new List<int>();
        using var plain = _bus.SubscribeTeams(["care-1"], _ => throw new InvalidOperationException("no route"));
        using var broken = _bus.SubscribeAgent("ana", _ => throw new InvalidOperationException("handler"), _ => throw new InvalidOperationException("route"));
        using var fine = _bus.SubscribeConversation(id, u => others.Add(u.Conversation.Revision));

        _bus.Publish(Update(id, 1));

        Assert.Equal([1], others);
        Assert.Equal(2, _log.Errors.Count);
        Assert.Contains(_log.Errors, e => e.Message == "no route");
        Assert.Contains(_log.Errors, e => e is AggregateException { InnerExceptions: [{ Message: "handler" }, { Message: "route" }] });
    }

    private sealed class RecordingLogger : ILogger<ConversationEventBus>
    {
        public ConcurrentQueue<Exception> Errors { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error && exception is not null)
            {
                Errors.Enqueue(exception);
            }
        }
    }
}
