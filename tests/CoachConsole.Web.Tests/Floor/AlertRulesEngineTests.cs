using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Floor;
using CoachConsole.Web.Realtime;

namespace CoachConsole.Web.Tests.Floor;

public sealed class AlertRulesEngineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly TeamAlertRules Rules = new() { TeamId = "care-1" };
    private readonly AlertRulesEngine _engine = new();
    private readonly Guid _id = Guid.NewGuid();
    private int _sequence;

    private ConversationView View(Stage stage = Stage.Opening, double heat = 0.1, DateTimeOffset? stageSince = null, DateTimeOffset? lastActivity = null, DateTimeOffset? ended = null) =>
        new(_id, Channel.Chat, "Maria Lopez", "a refund", [], "ana", "Ana Ruiz", "care-1", stage, heat, Mood.Neutral, 0, _sequence,
            T0, stageSince ?? T0, lastActivity ?? T0, ended, [], _sequence);

    private IReadOnlyList<AlertCandidate> Turn(Speaker speaker, double heat = 0.1, Stage stage = Stage.Opening, string[]? signals = null, params StageChangeView[] moves)
    {
        _sequence++;
        var turn = new TurnView(Guid.NewGuid(), _sequence, null, speaker, "text", T0.AddSeconds(_sequence), heat, Mood.Neutral, signals ?? [], [], stage);
        return _engine.OnUpdate(new ConversationUpdate(UpdateKind.TurnAdded, View(stage, heat), turn, moves, false), Rules);
    }

    private static StageChangeView Move(Stage from, Stage to, Trigger trigger, int second) => new(from, to, trigger.ToString(), "because", T0.AddSeconds(second));

    [Fact]
    public void Abuse_OncePerEpisode_NotForFurtherStepsOfTheLadder()
    {
        var first = Turn(Speaker.Customer, 0.9, Stage.BoundarySetting, ["abuse"], Move(Stage.Clarifying, Stage.BoundarySetting, Trigger.CustomerAbusive, 1));
        var again = Turn(Speaker.Customer, 0.9, Stage.BoundarySetting, ["abuse"], Move(Stage.BoundarySetting, Stage.BoundarySetting, Trigger.CustomerAbusive, 2));
        var calm = Turn(Speaker.Customer, 0.2, Stage.Clarifying, [], Move(Stage.BoundarySetting, Stage.Clarifying, Trigger.CustomerRespectful, 3));
        var newEpisode = Turn(Speaker.Customer, 0.9, Stage.BoundarySetting, ["abuse"], Move(Stage.Clarifying, Stage.BoundarySetting, Trigger.CustomerAbusive, 4));

        Assert.Equal(AlertKind.Abuse, Assert.Single(first).Kind);
        Assert.Empty(again);
        Assert.Empty(calm);
        Assert.NotEqual(Assert.Single(newEpisode).Cause, first[0].Cause);
    }

    [Fact]
    public void ManagerRequest_OncePerConversation()
    {
        var first = Turn(Speaker.Customer, 0.5, signals: ["managerRequest"]);
        var second = Turn(Speaker.Customer, 0.5, signals: ["managerRequest"]);

        Assert.Equal(AlertKind.ManagerRequested, Assert.Single(first).Kind);
        Assert.Equal(first[0].Cause, Assert.Single(second).Cause);
    }

    [Fact]
    public void RaisedHand_OnlyWhenTheAgentEscalates()
    {
        var byCustomer = Turn(Speaker.Customer, 0.5, Stage.Escalating, ["managerRequest"], Move(Stage.Clarifying, Stage.Escalating, Trigger.ManagerRequested, 1));
        var byAgent = _engine.OnUpdate(new ConversationUpdate(UpdateKind.StageChanged, View(Stage.Escalating), null, [Move(Stage.Resolving, Stage.Escalating, Trigger.AgentEscalated, 2)], false), Rules);

        Assert.DoesNotContain(byCustomer, a => a.Kind == AlertKind.RaisedHand);
        Assert.Equal(AlertKind.RaisedHand, Assert.Single(byAgent).Kind);
    }

    [Fact]
    public void HeatRising_AfterThreeRisingCustomerTurns_OncePerStreak()
    {
        Assert.Empty(Turn(Speaker.Customer, 0.2));
        Assert.Empty(Turn(Speaker.Customer, 0.4));
        Assert.Empty(Turn(Speaker.Agent));
        var third = Turn(Speaker.Customer, 0.6);
        var fourth = Turn(Speaker.Customer, 0.8);
        Assert.Empty(Turn(Speaker.Customer, 0.5));
        Assert.Empty(Turn(Speaker.Customer, 0.55));

        Assert.Equal(AlertKind.HeatRising, Assert.Single(third).Kind);
        Assert.Equal(third[0].Cause, Assert.Single(fourth).Cause);
        Assert.Equal([0.2, 0.4, 0.6, 0.8, 0.5, 0.55], _engine.HeatOf(_id));
    }

    [Fact]
    public void PhraseToAvoid_OnAgentTurnsOnly()
    {
        Assert.Empty(Turn(Speaker.Customer, 0.3, signals: ["phraseToAvoid"]));
        Assert.Equal(AlertKind.PhraseToAvoid, Assert.Single(Turn(Speaker.Agent, signals: ["phraseToAvoid"])).Kind);
        Assert.Empty(Turn(Speaker.Agent, signals: ["acknowledgement"]));
    }

    [Fact]
    public void Stuck_AfterTheTeamsMinutes_WithACausePerStageEntry()
    {
        var view = View(Stage.Clarifying, stageSince: T0, lastActivity: T0.AddMinutes(4));

        Assert.Empty(AlertRulesEngine.OnTick(view, Rules, T0.AddMinutes(4)));
        var stuck = Assert.Single(AlertRulesEngine.OnTick(view, Rules, T0.AddMinutes(5)));
        var later = Assert.Single(AlertRulesEngine.OnTick(view, Rules, T0.AddMinutes(5.5)));

        Assert.Equal(AlertKind.Stuck, stuck.Kind);
        Assert.Equal(stuck.Cause, later.Cause);
        Assert.Empty(AlertRulesEngine.OnTick(View(Stage.Opening, stageSince: T0, lastActivity: T0.AddMinutes(9)), Rules, T0.AddMinutes(9)));
    }

    [Fact]
    public void LongSilence_AfterTheTeamsSeconds_OffWhenZero()
    {
        var quiet = View(Stage.Opening, lastActivity: T0);

        Assert.Empty(AlertRulesEngine.OnTick(quiet, Rules, T0.AddSeconds(119)));
        Assert.Equal(AlertKind.LongSilence, Assert.Single(AlertRulesEngine.OnTick(quiet, Rules, T0.AddSeconds(120))).Kind);
        Assert.Empty(AlertRulesEngine.OnTick(quiet, new TeamAlertRules { TeamId = "care-1", SilenceSeconds = 0 }, T0.AddHours(1)));
    }

    [Fact]
    public void RulesTurnedOff_RaiseNothing()
    {
        var off = new TeamAlertRules { TeamId = "care-1", Abuse = false, ManagerRequested = false, HeatRisingTurns = 0, PhraseToAvoid = false };
        _sequence++;
        var turn = new TurnView(Guid.NewGuid(), _sequence, null, Speaker.Customer, "x", T0, 0.9, Mood.Angry, ["abuse", "managerRequest"], [], Stage.BoundarySetting);

        var alerts = _engine.OnUpdate(new ConversationUpdate(UpdateKind.TurnAdded, View(Stage.BoundarySetting), turn, [Move(Stage.Opening, Stage.BoundarySetting, Trigger.CustomerAbusive, 1)], false), off);

        Assert.Empty(alerts);
    }

    [Fact]
    public void EveryAlertText_NamesTheCustomerAndTheAgent()
    {
        var texts = new List<AlertCandidate>();
        texts.AddRange(Turn(Speaker.Customer, 0.9, Stage.BoundarySetting, ["abuse"], Move(Stage.Clarifying, Stage.BoundarySetting, Trigger.CustomerAbusive, 1)));
        texts.AddRange(Turn(Speaker.Customer, 0.2, signals: ["managerRequest"]));
        texts.AddRange(Turn(Speaker.Customer, 0.4));
        texts.AddRange(Turn(Speaker.Customer, 0.6));
        texts.AddRange(Turn(Speaker.Agent, signals: ["phraseToAvoid"]));
        texts.AddRange(_engine.OnUpdate(new ConversationUpdate(UpdateKind.StageChanged, View(Stage.Escalating), null, [Move(Stage.Resolving, Stage.Escalating, Trigger.AgentEscalated, 9)], false), Rules));
        texts.AddRange(AlertRulesEngine.OnTick(View(Stage.Clarifying, stageSince: T0, lastActivity: T0), Rules, T0.AddMinutes(6)));

        Assert.Equal(Enum.GetValues<AlertKind>().Order(), texts.Select(t => t.Kind).Order());
        Assert.All(texts, t =>
        {
            Assert.Contains("Maria Lopez", t.Detail, StringComparison.Ordinal);
            Assert.Contains("Ana Ruiz", t.Detail, StringComparison.Ordinal);
        });
    }
}
