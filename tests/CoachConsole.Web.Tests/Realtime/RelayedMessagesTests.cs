using System.Text.Json;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Floor;
using CoachConsole.Web.Realtime;

namespace CoachConsole.Web.Tests.Realtime;

/// <summary>What one instance relays to the others reads back as it was written (no Redis needed to tell).</summary>
public sealed class RelayedMessagesTests
{
    [Fact]
    public void RelayedMessages_ReadBackAsWritten()
    {
        var at = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(1));
        var conversation = new ConversationView(
            Guid.NewGuid(), Channel.Voice, "Maria Lopez", "a broken blender", ["a replacement"], "ana", "Ana Ruiz", "care-1", Stage.Acknowledging,
            0.625, Mood.Angry, 1, 3, at, at.AddSeconds(5), at.AddSeconds(9), null,
            [new SuggestionView("ack-repeat", 2, "Empathy", "I hear you.", null, "because", new ReasonView(Stage.Acknowledging, "repeatContact", ["third time"], "rule"))], 4);
        var turn = new Turn
        {
            Id = Guid.NewGuid(),
            ConversationId = conversation.Id,
            Sequence = 3,
            ClientTurnId = "msg-3",
            Speaker = Speaker.Customer,
            Text = "Third time!",
            At = at,
            Heat = 0.625,
            Mood = Mood.Angry,
            Signals = SignalKind.RepeatContact | SignalKind.ManagerRequest,
            Cues = [new Cue(SignalKind.RepeatContact, 0, 10, "Third time")],
            StageAfter = Stage.Acknowledging,
            PhraseId = "ack-repeat",
        };
        var note = new LeadNote
        {
            Id = 7,
            ConversationId = conversation.Id,
            Kind = LeadNoteKind.Whisper,
            LeadId = "leo",
            LeadName = "Leo Park",
            Text = "breathe",
            At = at,
        };
        var update = new ConversationUpdate(
            UpdateKind.TurnAdded, conversation, turn, [new StageTransition(Stage.Listening, Stage.Acknowledging, Trigger.CustomerCalm, "calmer", at)], true, at.AddSeconds(3),
            new PartialView("msg-4", Speaker.Customer, "and"), note);
        var alert = new AlertView(9, conversation.Id, "care-1", "ana", AlertKind.HeatRising, "rising", at, "Leo Park", at.AddMinutes(1));

        AssertRoundTrip(update, "\"stage\":\"Acknowledging\"");
        var read = JsonSerializer.Deserialize<ConversationUpdate>(JsonSerializer.Serialize(update, ClusterRelay.Json), ClusterRelay.Json)!;
        Assert.Equal(SignalKind.RepeatContact | SignalKind.ManagerRequest, read.Turn!.Signals);
        Assert.Equal(Trigger.CustomerCalm, Assert.Single(read.StageChanges).Trigger);
        Assert.Equal(LeadNoteKind.Whisper, read.Note!.Kind);
        AssertRoundTrip(alert, "\"kind\":\"HeatRising\"");
    }

    private static void AssertRoundTrip<T>(T message, string enumAsText)
    {
        var written = JsonSerializer.Serialize(message, ClusterRelay.Json);
        var read = JsonSerializer.Deserialize<T>(written, ClusterRelay.Json);
        Assert.Equal(written, JsonSerializer.Serialize(read, ClusterRelay.Json));
        Assert.Contains(enumAsText, written, StringComparison.Ordinal);
    }
}
