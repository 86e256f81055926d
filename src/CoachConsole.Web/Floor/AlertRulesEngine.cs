using CoachConsole.Core.Conversations;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Realtime;

namespace CoachConsole.Web.Floor;

/// <summary>An alert the rules want raised; the cause makes it unique within its conversation.</summary>
public sealed record AlertCandidate(ConversationView Conversation, AlertKind Kind, string Cause, string Detail);

/// <summary>
/// Decides which alerts a conversation's updates and silences call for, under a team's rules.
/// Each cause (an abusive episode, a raised hand, a rising streak, a stage entry, a silence) gives
/// at most one alert. Not thread-safe: one caller feeds it, in update order.
/// </summary>
public sealed class AlertRulesEngine
{
    private static readonly Stage[] WorkingStages =
        [Stage.Listening, Stage.Acknowledging, Stage.Clarifying, Stage.Resolving, Stage.Confirming, Stage.BoundarySetting, Stage.Escalating];

    private readonly Dictionary<Guid, Track> _tracks = [];

    /// <summary>The customer's recent heat in a conversation, oldest first (for the floor's trend).</summary>
    public IReadOnlyList<double> HeatOf(Guid conversationId) =>
        _tracks.TryGetValue(conversationId, out var track) ? track.Heats.Select(h => h.Heat).ToList() : [];

    /// <summary>Seeds a conversation's heat history, e.g. after a restart.</summary>
    public void Seed(Guid conversationId, IEnumerable<(int Sequence, double Heat)> heats)
    {
        var track = TrackOf(conversationId);
        track.Heats.Clear();
        track.Heats.AddRange(heats.Select(h => new HeatPoint(h.Sequence, h.Heat)));
    }

    public IReadOnlyList<AlertCandidate> OnUpdate(ConversationUpdate update, TeamAlertRules rules)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(rules);
        var c = update.Conversation;
        if (c.IsEnded)
        {
            _tracks.Remove(c.Id);
            return [];
        }

        var alerts = new List<AlertCandidate>();
        var track = TrackOf(c.Id);
        foreach (var move in update.StageChanges)
        {
            if (rules.Abuse && move.To == Stage.BoundarySetting && move.From != Stage.BoundarySetting)
            {
                alerts.Add(new(c, AlertKind.Abuse, $"abuse:{move.At.UtcTicks}", $"Abuse aimed at {c.AgentName} by {c.CustomerName}: {move.Reason}"));
            }

            if (rules.RaisedHand && move.Trigger == nameof(Trigger.AgentEscalated))
            {
                alerts.Add(new(c, AlertKind.RaisedHand, $"hand:{move.At.UtcTicks}", $"{c.AgentName} raised a hand with {c.CustomerName}: {move.Reason}"));
            }
        }

        if (update.Turn is not { } turn)
        {
            return alerts;
        }

        if (turn.Speaker == Speaker.Customer)
        {
            if (rules.ManagerRequested && turn.Signals.Contains("managerRequest"))
            {
                alerts.Add(new(c, AlertKind.ManagerRequested, "manager", $"{c.CustomerName} asked {c.AgentName} for a manager"));
            }

            track.Heats.Add(new HeatPoint(turn.Sequence, turn.Heat));
            if (track.Heats.Count > 20)
            {
                track.Heats.RemoveAt(0);
            }

            if (rules.HeatRisingTurns >= 2 && RisingStreakStart(track.Heats, rules.HeatRisingTurns) is { } start)
            {
                alerts.Add(new(c, AlertKind.HeatRising, $"heat:{start}", $"Heat rising over {rules.HeatRisingTurns} customer turns, now {Math.Round(turn.Heat * 100)}%: {Who(c)}"));
            }
        }
        else if (rules.PhraseToAvoid && turn.Signals.Contains("phraseToAvoid"))
        {
            alerts.Add(new(c, AlertKind.PhraseToAvoid, $"avoid:{turn.Sequence}", $"{c.AgentName} used a phrase to avoid with {c.CustomerName}"));
        }

        return alerts;
    }

    /// <summary>The timed rules: too long in one stage, and a long silence.</summary>
    public static IReadOnlyList<AlertCandidate> OnTick(ConversationView c, TeamAlertRules rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(rules);
        var alerts = new List<AlertCandidate>();
        if (c.IsEnded)
        {
            return alerts;
        }

        if (rules.StuckMinutes > 0 && WorkingStages.Contains(c.Stage) && now - c.StageEnteredAt >= TimeSpan.FromMinutes(rules.StuckMinutes))
        {
            alerts.Add(new(c, AlertKind.Stuck, $"stuck:{c.Stage}:{c.StageEnteredAt.UtcTicks}", $"{(int)(now - c.StageEnteredAt).TotalMinutes} min in {c.Stage}: {Who(c)}"));
        }

        if (rules.SilenceSeconds > 0 && now - c.LastActivityAt >= TimeSpan.FromSeconds(rules.SilenceSeconds))
        {
            alerts.Add(new(c, AlertKind.LongSilence, $"silence:{c.TurnCount}", $"No message for {(int)(now - c.LastActivityAt).TotalSeconds} s: {Who(c)}"));
        }

        return alerts;
    }

    /// <summary>Who an alert is about: the customer, then the agent.</summary>
    private static string Who(ConversationView c) => $"{c.CustomerName} with {c.AgentName}";

    /// <summary>The sequence where the current streak of strictly rising heat began, if it is long enough.</summary>
    private static int? RisingStreakStart(List<HeatPoint> heats, int turns)
    {
        var streak = 1;
        for (var i = heats.Count - 1; i > 0 && heats[i].Heat > heats[i - 1].Heat; i--)
        {
            streak++;
        }

        return streak >= turns ? heats[^streak].Sequence : null;
    }

    private Track TrackOf(Guid id)
    {
        if (!_tracks.TryGetValue(id, out var track))
        {
            _tracks[id] = track = new Track();
        }

        return track;
    }

    private readonly record struct HeatPoint(int Sequence, double Heat);

    private sealed class Track
    {
        public List<HeatPoint> Heats { get; } = [];
    }
}
