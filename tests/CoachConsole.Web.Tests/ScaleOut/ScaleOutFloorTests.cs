using System.Security.Claims;
using System.Text.Json;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Floor;
using CoachConsole.Web.Realtime;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.ScaleOut;

/// <summary>The leads' floors and the alert rules across two real instances and a real Redis.</summary>
public sealed class ScaleOutFloorTests
{
    private static readonly ClaimsPrincipal Admin = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));

    [Fact]
    public async Task AlertRaisedAndAcknowledgedOnOneInstance_ReachesTheOthersFloorOnce_AndRuleChangesReachItsCache()
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        var alertsA = cluster.A.Services.GetRequiredService<AlertFeed>();
        var alertsB = cluster.B.Services.GetRequiredService<AlertFeed>();
        var rulesA = cluster.A.Services.GetRequiredService<AlertRulesStore>();
        var rulesB = cluster.B.Services.GetRequiredService<AlertRulesStore>();
        using var api = cluster.A.CreateConnectorClient();
        var id = await api.StartConversationAsync();
        var onB = new List<AlertView>();
        using var subscription = alertsB.Subscribe(a =>
        {
            if (a.ConversationId == id && a.Kind == AlertKind.ManagerRequested)
            {
                lock (onB)
                {
                    onB.Add(a);
                }
            }
        });

        (await api.AddTurnAsync(id, "customer", "I want to speak to your manager right now")).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync("the alert on B's floor", () => Seen().Count > 0);
        var raised = Seen()[0];
        var team = new HashSet<string> { DatabaseSetup.DemoTeamId };
        Assert.Contains(await alertsB.ForTeamsAsync(team, acknowledged: 0), a => a.Id == raised.Id && a.IsOpen);
        await alertsA.AcknowledgeAsync(raised.Id, Admin);
        await Eventually.HoldsAsync("the acknowledgement on B's floor", () => Seen().Any(a => !a.IsOpen));
        Assert.DoesNotContain(await alertsB.ForTeamsAsync(team, acknowledged: 0), a => a.Id == raised.Id);
        Assert.Contains(await alertsB.ForTeamsAsync(team), a => a.Id == raised.Id && !a.IsOpen);

        (await api.PostAsync($"/api/v1/conversations/{id}/end", null)).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync("both instances to let go of the ended conversation's alerts", () => alertsA.ConversationsHeld == 0 && alertsB.ConversationsHeld == 0);

        Assert.Equal(2, Seen().Count);
        Assert.All(Seen(), a => Assert.True(a.Remote));
        Assert.True(raised.IsOpen);
        Assert.Equal("admin", Seen()[1].AcknowledgedBy);

        var cached = await rulesB.ForTeamAsync(DatabaseSetup.DemoTeamId);
        var changed = cached.Copy();
        changed.SilenceSeconds = cached.SilenceSeconds + 60;
        await rulesA.SaveAsync(changed, Admin);
        await Eventually.HoldsAsync("B to read the new rules", async () => (await rulesB.ForTeamAsync(DatabaseSetup.DemoTeamId)).SilenceSeconds == changed.SilenceSeconds);

        List<AlertView> Seen()
        {
            lock (onB)
            {
                return [.. onB];
            }
        }
    }

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
