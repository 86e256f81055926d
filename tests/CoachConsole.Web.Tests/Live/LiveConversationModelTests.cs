using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Realtime;

namespace CoachConsole.Web.Tests.Live;

/// <summary>
/// One conversation as the console, the drill-in and the customer chat show it, fed by reads and
/// by updates that may come late, twice or out of order.
/// </summary>
public sealed class LiveConversationModelTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly Guid _id = Guid.NewGuid();

    private ConversationView View(int revision, Stage stage = Stage.Opening, bool ended = false, Guid? id = null) =>
        new(id ?? _id, Channel.Voice, "Maria Lopez", "a broken blender", [], "ana", "Ana Ruiz", "care-1", stage, 0.2, Mood.Neutral, 0, revision,
            T0, T0, T0.AddSeconds(revision), ended ? T0.AddMinutes(5) : null, [], revision);

    private static TurnView Turn(int sequence, Speaker speaker = Speaker.Customer, string? turnId = null, string? text = null) =>
        new(Guid.NewGuid(), sequence, turnId, speaker, text ?? $"turn {sequence}", T0.AddSeconds(sequence), 0.3, Mood.Neutral, [], [], Stage.Listening);

    private static StageChangeView Move(Stage from, Stage to) => new(from, to, nameof(Trigger.CustomerVented), "a test move", T0);

    private static LeadNoteView Note(long id, string kind = "Whisper") => new(id, kind, "Leo Park", $"note {id}", null, T0);

    /// <summary>The stored turn an update carries, as the service stores it.</summary>
    private Core.Conversations.Turn Stored(TurnView t) => new()
    {
        Id = t.Id,
        ConversationId = _id,
        Sequence = t.Sequence,
        ClientTurnId = t.TurnId,
        Speaker = t.Speaker,
        Text = t.Text,
        At = t.At,
        Heat = t.Heat,
        Mood = t.Mood,
        Signals = SignalKind.None,
        StageAfter = t.StageAfter,
    };

    private static StageTransition[] Stored(StageChangeView[] moves) =>
        [.. moves.Select(m => new StageTransition(m.From, m.To, Enum.Parse<Trigger>(m.Trigger), m.Reason, m.At))];

    private Data.LeadNote Stored(LeadNoteView n) => new()
    {
        Id = n.Id,
        ConversationId = _id,
        Kind = Enum.Parse<Data.LeadNoteKind>(n.Kind),
        LeadId = "leo",
        LeadName = n.LeadName,
        Text = n.Text,
        PhraseId = n.PhraseId,
        At = n.At,
    };

    private ConversationUpdate Turned(int revision, Stage stage, TurnView turn, params StageChangeView[] moves) =>
        new(UpdateKind.TurnAdded, View(revision, stage), Stored(turn), Stored(moves), true);

    private ConversationUpdate Moved(int revision, Stage stage, params StageChangeView[] moves) =>
        new(UpdateKind.StageChanged, View(revision, stage), null, Stored(moves), true);

    private ConversationUpdate Noted(int revision, Stage stage, LeadNoteView note) =>
        new(UpdateKind.LeadAction, View(revision, stage), null, [], false, Note: Stored(note));

    private ConversationUpdate Speaking(int revision, Stage stage, string turnId, string text) =>
        new(UpdateKind.Partial, View(revision, stage), null, [], false, Partial: new PartialView(turnId, Speaker.Customer, text));

    private ConversationDetails Details(int revision, Stage stage, IReadOnlyList<TurnView> turns, IReadOnlyList<StageChangeView> path, IReadOnlyList<LeadNoteView>? notes = null, bool ended = false) =>
        new(View(revision, stage, ended), turns, path, notes ?? []);

    [Fact]
    public void LeadNote_GivesThePagesItsKindTyped_WhileItsJsonKeepsTheKindAsText()
    {
        var stored = Stored(Note(7, "TookOver"));
        var note = LeadNoteView.From(stored);
        var web = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);

        var json = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(note, web))!.AsObject();
        var read = System.Text.Json.JsonSerializer.Deserialize<LeadNoteView>(json.ToJsonString(), web)!;

        Assert.Equal(Data.LeadNoteKind.TookOver, note.Type);
        Assert.Equal("TookOver", json["kind"]!.GetValue<string>());
        Assert.Equal(["id", "kind", "leadName", "text", "phraseId", "at"], json.Select(p => p.Key));
        Assert.Equal(Data.LeadNoteKind.TookOver, read.Type);
        Assert.Equal(Data.LeadNoteKind.Joined, (note with { Kind = "Joined" }).Type);
        Assert.Throws<InvalidOperationException>(() => Note(8, "Shouted").Type);
    }

    [Fact]
    public void OlderUpdate_ArrivingAfterANewerOne_KeepsTheNewerViewAndStillShowsItsTurnInOrder()
    {
        var live = new LiveConversation(View(0));
        var first = Turn(0);
        var second = Turn(1, Speaker.Agent);

        live.Apply(Turned(2, Stage.Clarifying, second, Move(Stage.Listening, Stage.Clarifying)));
        var late = live.Apply(Turned(1, Stage.Listening, first, Move(Stage.Opening, Stage.Listening)));

        Assert.Equal(2, live.View!.Revision);
        Assert.Equal(Stage.Clarifying, live.View.Stage);
        Assert.False(late.Has(LiveChange.Conversation));
        Assert.True(late.Has(LiveChange.Transcript));
        Assert.Equal(first.Id, late.Turn?.Id);
        Assert.Equal([first.Id, second.Id], live.Transcript.Select(t => t.Id));
        Assert.Equal([Stage.Opening, Stage.Listening, Stage.Clarifying], live.StagePath);
    }

    [Fact]
    public void SameUpdateTwice_ChangesNothingTheSecondTime()
    {
        var live = new LiveConversation(View(0));
        var update = Turned(1, Stage.Listening, Turn(0), Move(Stage.Opening, Stage.Listening));

        var first = live.Apply(update);
        var again = live.Apply(update);

        Assert.True(first.Has(LiveChange.Transcript | LiveChange.StagePath | LiveChange.Conversation));
        Assert.False(again.Any);
        Assert.Null(again.Turn);
        Assert.Single(live.Transcript);
        Assert.Equal([Stage.Opening, Stage.Listening], live.StagePath);
    }

    [Fact]
    public void AgentsOwnReply_AnsweredAndThenArrivingAsAnUpdate_MovesThePathOnce_InEitherOrder()
    {
        var reply = Turn(1, Speaker.Agent);
        var accepted = new TurnAccepted(reply, View(2, Stage.Clarifying), [Move(Stage.Listening, Stage.Clarifying)], Replayed: false);
        var update = Turned(2, Stage.Clarifying, reply, Move(Stage.Listening, Stage.Clarifying));
        var read = Details(1, Stage.Listening, [Turn(0)], [Move(Stage.Opening, Stage.Listening)]);

        var answerFirst = new LiveConversation(_id);
        answerFirst.Load(read);
        answerFirst.Accept(accepted);
        var echo = answerFirst.Apply(update);

        var updateFirst = new LiveConversation(_id);
        updateFirst.Load(read);
        updateFirst.Apply(update);
        var answer = updateFirst.Accept(accepted);

        Assert.False(echo.Any);
        Assert.False(answer.Any);
        foreach (var live in new[] { answerFirst, updateFirst })
        {
            Assert.Equal([Stage.Opening, Stage.Listening, Stage.Clarifying], live.StagePath);
            Assert.Equal(2, live.Transcript.Count);
        }
    }

    [Fact]
    public void OwnEscalation_ShowsItsStageAtOnce_AndItsUpdateDoesNotAddItAgain()
    {
        var live = new LiveConversation(_id);
        live.Load(Details(3, Stage.Listening, [], [Move(Stage.Opening, Stage.Listening)]));

        var shown = live.Show(View(4, Stage.Escalating));
        Assert.True(shown.Has(LiveChange.StagePath));
        Assert.Equal([Stage.Opening, Stage.Listening, Stage.Escalating], live.StagePath);

        var echo = live.Apply(Moved(4, Stage.Escalating, Move(Stage.Listening, Stage.Escalating)));
        Assert.False(echo.Any);
        Assert.Equal([Stage.Opening, Stage.Listening, Stage.Escalating], live.StagePath);
    }

    [Fact]
    public void ReEntryIntoTheSameStage_IsOneStepOnThePath_ReadOrLive()
    {
        var read = new LiveConversation(_id);
        read.Load(Details(3, Stage.Clarifying, [], [Move(Stage.Opening, Stage.Listening), Move(Stage.Listening, Stage.Clarifying), Move(Stage.Clarifying, Stage.Clarifying)]));

        var live = new LiveConversation(View(0));
        live.Apply(Moved(1, Stage.Listening, Move(Stage.Opening, Stage.Listening)));
        live.Apply(Moved(2, Stage.Clarifying, Move(Stage.Listening, Stage.Clarifying)));
        var reentry = live.Apply(Moved(3, Stage.Clarifying, Move(Stage.Clarifying, Stage.Clarifying)));

        Assert.False(reentry.Has(LiveChange.StagePath));
        Assert.Equal([Stage.Opening, Stage.Listening, Stage.Clarifying], read.StagePath);
        Assert.Equal(read.StagePath, live.StagePath);
    }

    [Fact]
    public void PartialThenFinal_TheFinalTurnReplacesThePartialOfTheSameId()
    {
        var live = new LiveConversation(View(1, Stage.Listening));

        var speaking = live.Apply(Speaking(1, Stage.Listening, "utt-1", "I want a"));
        Assert.True(speaking.Has(LiveChange.Partial));
        live.Apply(Speaking(1, Stage.Listening, "utt-1", "I want a refund"));
        Assert.Equal("I want a refund", live.Partial!.Text);

        var final = live.Apply(Turned(2, Stage.Listening, Turn(0, turnId: "utt-1", text: "I want a refund now.")));

        Assert.True(final.Has(LiveChange.Partial | LiveChange.Transcript));
        Assert.Null(live.Partial);
        Assert.Equal("I want a refund now.", Assert.Single(live.Transcript).Text);
    }

    [Fact]
    public void PartialArrivingAfterItsFinalTurn_IsNotShown_NorOneOfAnOlderRevision()
    {
        var live = new LiveConversation(View(1, Stage.Listening));
        live.Apply(Turned(2, Stage.Listening, Turn(0, turnId: "utt-1", text: "I want a refund now.")));

        var stale = live.Apply(Speaking(1, Stage.Listening, "utt-1", "I want a refund"));
        var olderOther = live.Apply(Speaking(1, Stage.Listening, "utt-2", "And"));

        Assert.False(stale.Any);
        Assert.False(olderOther.Any);
        Assert.Null(live.Partial);
    }

    [Fact]
    public void PartialOfAnotherUtterance_DoesNotEndWhenAnUnrelatedTurnArrives()
    {
        var live = new LiveConversation(View(1, Stage.Listening));
        live.Apply(Speaking(1, Stage.Listening, "utt-2", "Hello?"));

        var other = live.Apply(Turned(2, Stage.Listening, Turn(0, Speaker.Agent, turnId: "agent-1")));

        Assert.False(other.Has(LiveChange.Partial));
        Assert.Equal("utt-2", live.Partial!.TurnId);
    }

    [Fact]
    public void LeadNotes_ShowOnceEach_InTheOrderTheyWereMade_WhetherReadOrLive()
    {
        var live = new LiveConversation(_id);
        var whisper = Note(7);
        var join = Note(9, "Joined");

        // The whisper's update was on its way while the conversation was read, which has it too.
        var first = live.Apply(Noted(2, Stage.Listening, join));
        live.Load(Details(2, Stage.Listening, [], [Move(Stage.Opening, Stage.Listening)], [whisper]));
        var again = live.Apply(Noted(2, Stage.Listening, whisper));
        var joinAgain = live.Apply(Noted(1, Stage.Listening, join));

        Assert.Equal(join, first.Note);
        Assert.False(again.Any);
        Assert.False(joinAgain.Any);
        Assert.Equal([7L, 9L], live.Notes.Select(n => n.Id));
        Assert.False(live.IsTakenOver);

        var takeOver = live.Apply(Noted(2, Stage.Listening, Note(11, "TookOver")));
        Assert.True(takeOver.Has(LiveChange.Notes));
        Assert.True(live.IsTakenOver);
    }

    [Fact]
    public void End_IsReportedOnce_AndEndsThePartial_AndAnOlderLiveCopyDoesNotReopenIt()
    {
        var live = new LiveConversation(View(1, Stage.Listening));
        live.Apply(Speaking(1, Stage.Listening, "utt-1", "Well"));

        var ended = live.Apply(new ConversationUpdate(UpdateKind.Ended, View(2, Stage.Ended, ended: true), null, Stored([Move(Stage.Listening, Stage.Ended)]), true));
        var again = live.Apply(new ConversationUpdate(UpdateKind.Ended, View(2, Stage.Ended, ended: true), null, Stored([Move(Stage.Listening, Stage.Ended)]), true));
        var older = live.Apply(Speaking(1, Stage.Listening, "utt-1", "Well, then"));

        Assert.True(ended.Has(LiveChange.Ended | LiveChange.Partial | LiveChange.StagePath));
        Assert.False(again.Any);
        Assert.False(older.Any);
        Assert.True(live.IsEnded);
        Assert.Null(live.Partial);
        Assert.Equal([Stage.Listening, Stage.Ended], live.StagePath);
    }

    [Fact]
    public void Reload_MergesTurnsThatArrivedWhileReading_AndKeepsMovesNewerThanTheRead()
    {
        var live = new LiveConversation(View(1, Stage.Listening));
        var t0 = Turn(0);
        var t1 = Turn(1, Speaker.Agent);
        var t2 = Turn(2);

        // While the conversation is read, the next turn and its move arrive.
        live.Apply(Turned(3, Stage.Clarifying, t2, Move(Stage.Acknowledging, Stage.Clarifying)));
        var read = live.Load(Details(2, Stage.Acknowledging, [t0, t1], [Move(Stage.Opening, Stage.Listening), Move(Stage.Listening, Stage.Acknowledging)]));

        Assert.True(live.IsLoaded);
        Assert.True(read.Has(LiveChange.Transcript | LiveChange.StagePath));
        Assert.False(read.Has(LiveChange.Conversation));
        Assert.Equal(3, live.View!.Revision);
        Assert.Equal([t0.Id, t1.Id, t2.Id], live.Transcript.Select(t => t.Id));
        Assert.Equal([Stage.Opening, Stage.Listening, Stage.Acknowledging, Stage.Clarifying], live.StagePath);

        // A read again (after a reconnect) that already holds all of it changes nothing.
        var reread = live.Load(Details(3, Stage.Clarifying, [t0, t1, t2],
            [Move(Stage.Opening, Stage.Listening), Move(Stage.Listening, Stage.Acknowledging), Move(Stage.Acknowledging, Stage.Clarifying)]));
        Assert.False(reread.Any);
        Assert.Equal(3, live.Transcript.Count);
        Assert.Equal([Stage.Opening, Stage.Listening, Stage.Acknowledging, Stage.Clarifying], live.StagePath);
    }

    [Fact]
    public void UpdateOlderThanTheRead_AddsNothingTheReadAlreadyHolds()
    {
        var live = new LiveConversation(_id);
        var t0 = Turn(0);
        live.Load(Details(2, Stage.Acknowledging, [t0], [Move(Stage.Opening, Stage.Listening), Move(Stage.Listening, Stage.Acknowledging)]));

        var late = live.Apply(Turned(1, Stage.Listening, t0, Move(Stage.Opening, Stage.Listening)));

        Assert.False(late.Any);
        Assert.Equal(Stage.Acknowledging, live.View!.Stage);
        Assert.Equal([Stage.Opening, Stage.Listening, Stage.Acknowledging], live.StagePath);
    }

    [Fact]
    public void TwoReadsCrossing_TheOlderOneDoesNotTakeBackThePath()
    {
        var live = new LiveConversation(_id);
        live.Load(Details(3, Stage.Clarifying, [], [Move(Stage.Opening, Stage.Listening), Move(Stage.Listening, Stage.Clarifying)]));

        var older = live.Load(Details(1, Stage.Listening, [], [Move(Stage.Opening, Stage.Listening)]));

        Assert.False(older.Any);
        Assert.Equal(Stage.Clarifying, live.View!.Stage);
        Assert.Equal([Stage.Opening, Stage.Listening, Stage.Clarifying], live.StagePath);
    }

    [Fact]
    public void FirstSeenThroughAnUpdate_ThePathStartsWhereTheUpdateFoundIt()
    {
        var live = new LiveConversation(_id);

        var first = live.Apply(Turned(1, Stage.Listening, Turn(0), Move(Stage.Opening, Stage.Listening)));

        Assert.True(first.Has(LiveChange.Conversation | LiveChange.Transcript | LiveChange.StagePath));
        Assert.False(live.IsLoaded);
        Assert.Equal([Stage.Opening, Stage.Listening], live.StagePath);
    }

    [Fact]
    public void UpdatesAndReadsOfAnotherConversation_ChangeNothing()
    {
        var live = new LiveConversation(View(1, Stage.Listening));
        var other = Guid.NewGuid();

        Assert.False(live.Apply(new ConversationUpdate(UpdateKind.TurnAdded, View(5, Stage.Escalating, id: other), Stored(Turn(0)), Stored([Move(Stage.Listening, Stage.Escalating)]), true)).Any);
        Assert.False(live.Load(new ConversationDetails(View(5, Stage.Escalating, id: other), [Turn(0)], [], [Note(1)])).Any);
        Assert.False(live.Show(View(6, Stage.Ended, ended: true, id: other)).Any);

        Assert.Equal(1, live.View!.Revision);
        Assert.Empty(live.Transcript);
        Assert.Empty(live.Notes);
        Assert.Equal([Stage.Listening], live.StagePath);
    }
}
