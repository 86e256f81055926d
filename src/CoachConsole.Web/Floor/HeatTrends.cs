using CoachConsole.Core.Conversations;
using CoachConsole.Web.Realtime;

namespace CoachConsole.Web.Floor;

/// <summary>
/// The customer's recent heat in each live conversation, for the floor's trend lines: the last
/// <see cref="Length"/> customer turns, forgotten when the conversation ends.
/// </summary>
public sealed class HeatTrends
{
    public const int Length = 20;

    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, List<(int Sequence, double Heat)>> _heats = [];

    /// <summary>The live conversations with a trend held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _heats.Count;
            }
        }
    }

    /// <summary>The customer's recent heat in a conversation, oldest first.</summary>
    public IReadOnlyList<double> HeatOf(Guid conversationId)
    {
        lock (_gate)
        {
            return _heats.TryGetValue(conversationId, out var heats) ? heats.Select(h => h.Heat).ToList() : [];
        }
    }

    /// <summary>Seeds a conversation's heat history, e.g. after a restart.</summary>
    public void Seed(Guid conversationId, IEnumerable<(int Sequence, double Heat)> heats)
    {
        ArgumentNullException.ThrowIfNull(heats);
        var list = heats.TakeLast(Length).ToList();
        lock (_gate)
        {
            _heats[conversationId] = list;
        }
    }

    /// <summary>Adds a customer turn's heat; an ended conversation's trend is dropped.</summary>
    public void Record(ConversationUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var c = update.Conversation;
        lock (_gate)
        {
            if (c.IsEnded)
            {
                _heats.Remove(c.Id);
                return;
            }

            if (update.Turn is not { } turn || turn.Speaker != Speaker.Customer)
            {
                return;
            }

            if (!_heats.TryGetValue(c.Id, out var heats))
            {
                _heats[c.Id] = heats = [];
            }

            heats.Add((turn.Sequence, turn.Heat));
            if (heats.Count > Length)
            {
                heats.RemoveAt(0);
            }
        }
    }
}
