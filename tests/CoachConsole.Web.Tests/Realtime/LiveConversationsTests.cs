using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Realtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoachConsole.Web.Tests.Realtime;

/// <summary>The instance's live set, fed by updates that can arrive out of order (relayed from other instances).</summary>
public sealed class LiveConversationsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private readonly ConversationEventBus _bus = new(NullLogger<ConversationEventBus>.Instance);
    private readonly LiveConversations _live;
    private readonly Guid _id = Guid.NewGuid();

    public LiveConversationsTests() => _live = new LiveConversations(_bus);

    private ConversationView View(int revision, Stage stage = Stage.Listening, DateTimeOffset? ended = null) =>
        new(_id, Channel.Chat, "Maria Lopez", "a refund", [], "ana", "Ana Ruiz", "care-1", stage, 0.2, Mood.Neutral, 0, revision,
            T0, T0, T0.AddSeconds(revision), ended, [], revision);

    private void Relay(ConversationView view) =>
        _bus.Publish(new ConversationUpdate(UpdateKind.StageChanged, view, null, [], false) { Remote = true });

    [Fact]
    public void AnOlderCopy_ArrivingAfterANewerOne_IsIgnored()
    {
        Relay(View(3, Stage.Acknowledging));
        Relay(View(2, Stage.Listening));

        Assert.Equal(Stage.Acknowledging, Assert.Single(_live.All).Conversation.Stage);
    }

    [Fact]
    public void AnEndedConversation_StaysEnded_WhenAnOlderLiveCopyArrivesLate_UntilItIsForgotten()
    {
        Relay(View(1));
        Relay(View(3, ended: T0.AddMinutes(1)));
        Relay(View(2));

        Assert.Equal(0, _live.Count);
        _live.ForgetEndedBefore(T0.AddMinutes(5));
        _live.Load([(View(2), null)]);
        Assert.Equal(0, _live.Count);

        // Much later the ending is forgotten; a conversation can only come back by being read as live.
        _live.ForgetEndedBefore(T0.AddMinutes(1) + LiveConversations.RememberEndedFor + TimeSpan.FromSeconds(1));
        _live.Load([(View(2), null)]);
        Assert.Equal(1, _live.Count);
    }

    public void Dispose() => _live.Dispose();
}
