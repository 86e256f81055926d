using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Data;
using CoachConsole.Web.Library;

namespace CoachConsole.Web.Tests.Library;

public sealed class EffectivenessTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private readonly List<Turn> _turns = [];
    private readonly List<CardEvent> _events = [];
    private readonly List<StageChangeRecord> _moves = [];

    /// <summary>A conversation in Acknowledging: customer at 0.8, the agent answers (maybe with a card), the customer at <paramref name="after"/>.</summary>
    private void Episode(string? phrase, double after, bool movesOn = false)
    {
        var id = Guid.NewGuid();
        Turn(id, 1, Speaker.Customer, 0.8, Stage.Acknowledging);
        Turn(id, 2, Speaker.Agent, 0, Stage.Acknowledging, phrase);
        Turn(id, 3, Speaker.Customer, after, movesOn ? Stage.Clarifying : Stage.Acknowledging);
        Turn(id, 4, Speaker.Customer, after, movesOn ? Stage.Clarifying : Stage.Acknowledging);
        if (phrase is not null)
        {
            _events.Add(new CardEvent { ConversationId = id, PhraseId = phrase, Action = CardAction.Shown, Stage = Stage.Acknowledging, AtTurn = 1, AgentId = "ana", At = T0 });
            _events.Add(new CardEvent { ConversationId = id, PhraseId = phrase, Action = CardAction.Used, Stage = Stage.Acknowledging, AtTurn = 2, AgentId = "ana", At = T0.AddSeconds(2) });
        }

        if (movesOn)
        {
            _moves.Add(new StageChangeRecord { Id = _moves.Count + 1, ConversationId = id, From = Stage.Acknowledging, To = Stage.Clarifying, Trigger = "AgentAcknowledged", Reason = "r", At = T0.AddSeconds(2) });
        }
    }

    private void Turn(Guid id, int sequence, Speaker speaker, double heat, Stage after, string? phrase = null) =>
        _turns.Add(new Turn { Id = Guid.NewGuid(), ConversationId = id, Sequence = sequence, Speaker = speaker, Text = "t", Heat = heat, Mood = Mood.Neutral, StageAfter = after, PhraseId = phrase, At = T0.AddSeconds(sequence) });

    [Fact]
    public void Compute_APhraseThatCalms_ShowsANegativeDifferenceWithAnIntervalBelowZero()
    {
        for (var i = 0; i < 8; i++)
        {
            Episode("ack-good", after: 0.4 + (i % 2 * 0.05), movesOn: true);
            Episode(null, after: 0.8 + (i % 2 * 0.05));
        }

        var effect = Assert.Single(Effectiveness.Compute(_turns, _events, _moves));

        Assert.Equal(("ack-good", 8, 8, Stage.Acknowledging), (effect.PhraseId, effect.Shown, effect.Used, effect.Stage));
        Assert.Equal(-0.4, effect.Difference!.Value, 2);
        Assert.True(effect.IntervalHigh < 0, $"interval [{effect.IntervalLow}, {effect.IntervalHigh}]");
        Assert.True(effect.Calms);
        Assert.Equal(1.0, effect.MovedForward);
        Assert.Equal(0.0, effect.Escalated);
    }

    [Fact]
    public void Compute_ThreeLuckyUses_AreNotEnoughToJudge()
    {
        for (var i = 0; i < 3; i++)
        {
            Episode("ack-lucky", after: 0.2);
        }

        for (var i = 0; i < 6; i++)
        {
            Episode(null, after: 0.3 + (i * 0.1));
        }

        var effect = Assert.Single(Effectiveness.Compute(_turns, _events, _moves));

        Assert.True(effect.Difference < 0);
        Assert.False(effect.EnoughUses);
        Assert.False(effect.Calms);
        Assert.Equal(6, effect.ComparableTurns);
    }
}
