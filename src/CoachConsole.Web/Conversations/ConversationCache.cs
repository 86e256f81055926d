using System.Collections.Concurrent;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;

namespace CoachConsole.Web.Conversations;

/// <summary>
/// What the per-turn path needs of a live conversation, kept between its turns so a turn costs one
/// write instead of four reads and a write: the conversation as last saved here, the reading of
/// the customer's last turn, the agent's recent texts and the turn ids already stored.
/// </summary>
public sealed class ConversationState(Conversation conversation, SignalReading lastCustomer, IEnumerable<string> recentAgentTexts, IEnumerable<string> clientTurnIds)
{
    /// <summary>Agent turns looked at for the no-repeat rule.</summary>
    public const int RecentAgentTurns = 20;

    private readonly List<string> _recentAgentTexts = [.. recentAgentTexts.Take(RecentAgentTurns)];

    public Conversation Conversation { get; } = conversation;

    public SignalReading LastCustomer { get; private set; } = lastCustomer;

    /// <summary>Newest first.</summary>
    public IReadOnlyList<string> RecentAgentTexts => _recentAgentTexts;

    public HashSet<string> ClientTurnIds { get; } = new(clientTurnIds, StringComparer.Ordinal);

    /// <summary>Takes in a turn that has been stored.</summary>
    public void Stored(Speaker speaker, string text, SignalReading reading, string? clientTurnId)
    {
        if (speaker == Speaker.Customer)
        {
            LastCustomer = reading;
        }
        else
        {
            _recentAgentTexts.Insert(0, text);
            if (_recentAgentTexts.Count > RecentAgentTurns)
            {
                _recentAgentTexts.RemoveAt(_recentAgentTexts.Count - 1);
            }
        }

        if (clientTurnId is not null)
        {
            ClientTurnIds.Add(clientTurnId);
        }
    }
}

/// <summary>
/// The live conversations this instance has recently worked on. Only the conversation's own gate
/// takes an entry out and puts it back, so one state is never used by two steps at once; a state
/// that another instance has moved on from is caught by the revision check when it is saved.
/// </summary>
public sealed class ConversationCache
{
    /// <summary>About 2 KB each: ten thousand live conversations stay well under 50 MB.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<Guid, (ConversationState State, long Used)> _states = new();
    private readonly ConcurrentDictionary<Guid, string> _teams = new();
    private long _clock;

    public int Count => _states.Count;

    /// <summary>Takes the state out; the caller puts it back with <see cref="Keep"/> once its step is saved.</summary>
    public ConversationState? Take(Guid conversationId) =>
        _states.TryRemove(conversationId, out var entry) ? entry.State : null;

    public void Keep(ConversationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Conversation.IsEnded)
        {
            _states.TryRemove(state.Conversation.Id, out _);
            return;
        }

        _states[state.Conversation.Id] = (state, Interlocked.Increment(ref _clock));
        if (_states.Count > Capacity)
        {
            // Forget the tenth used longest ago; they are read again from storage when needed.
            foreach (var old in _states.OrderBy(e => e.Value.Used).Take(Capacity / 10).ToList())
            {
                _states.TryRemove(old);
            }
        }
    }

    /// <summary>The team of a conversation seen here; a conversation never changes team.</summary>
    public string? TeamOf(Guid conversationId) =>
        _states.TryGetValue(conversationId, out var entry) ? entry.State.Conversation.TeamId
        : _teams.TryGetValue(conversationId, out var team) ? team : null;

    public void RememberTeam(Guid conversationId, string teamId)
    {
        if (_teams.Count >= Capacity * 10)
        {
            _teams.Clear();
        }

        _teams[conversationId] = teamId;
    }
}
