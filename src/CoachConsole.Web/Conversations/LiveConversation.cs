using CoachConsole.Core.Conversations;
using CoachConsole.Web.Realtime;

namespace CoachConsole.Web.Conversations;

/// <summary>What a read or an update changed of a conversation on screen.</summary>
[Flags]
public enum LiveChange
{
    None = 0,

    /// <summary>A newer view: stage, heat, mood, cards, boundary step.</summary>
    Conversation = 1,

    /// <summary>A turn not shown before.</summary>
    Transcript = 2,

    StagePath = 4,

    /// <summary>A lead's note not shown before.</summary>
    Notes = 8,

    /// <summary>The utterance being spoken came, changed or went.</summary>
    Partial = 16,

    /// <summary>The conversation has just ended.</summary>
    Ended = 32,
}

/// <summary>What changed, with the turn and the note that are new (if any), so a page knows whether to re-render, scroll or announce.</summary>
public readonly record struct LiveChanges(LiveChange What, TurnView? Turn = null, LeadNoteView? Note = null)
{
    public static readonly LiveChanges Nothing = new(LiveChange.None);

    public bool Any => What != LiveChange.None;

    /// <summary>Whether all of <paramref name="change"/> happened.</summary>
    public bool Has(LiveChange change) => (What & change) == change;
}

/// <summary>
/// One conversation as a screen shows it while it is live: its newest view, its transcript (in
/// order, each turn once, the final turn replacing the partial utterance of the same id), its
/// stage path (each move once), the lead's notes (each once) and the utterance being spoken.
/// Fed by a read (<see cref="Load"/>, at first and after a reconnect) and by updates
/// (<see cref="Apply"/>), in any order and any number of times: what was already seen, or is older
/// than what is shown, changes nothing. Not thread-safe: a page uses it from its own dispatcher.
/// </summary>
public sealed class LiveConversation
{
    private readonly List<TurnView> _transcript = [];
    private readonly List<LeadNoteView> _notes = [];

    /// <summary>The moves each update brought, by the revision it made: an update seen twice adds its moves once.</summary>
    private readonly SortedDictionary<int, IReadOnlyList<StageChangeView>> _moves = [];

    /// <summary>
    /// Where the path starts from and the revision that is: as last read, or before a read, the
    /// stage of the first view seen (a read always replaces that).
    /// </summary>
    private IReadOnlyList<Stage> _readPath = [];
    private int _readRevision = -1;
    private bool _pathRead;
    private IReadOnlyList<Stage> _path = [];

    public LiveConversation(Guid id) => Id = id;

    /// <summary>A conversation known from its view only (a list entry, a chat just started): no transcript read yet.</summary>
    public LiveConversation(ConversationView view)
        : this((view ?? throw new ArgumentNullException(nameof(view))).Id) =>
        Show(view);

    public Guid Id { get; }

    /// <summary>The newest view seen; null until a read or an update brought one.</summary>
    public ConversationView? View { get; private set; }

    /// <summary>Whether the stored conversation has been read (<see cref="Load"/>) since this was made.</summary>
    public bool IsLoaded { get; private set; }

    public bool IsEnded => View?.IsEnded == true;

    public IReadOnlyList<TurnView> Transcript => _transcript;

    /// <summary>The stages the conversation has been through, the current one last, each move once.</summary>
    public IReadOnlyList<Stage> StagePath => _path;

    public IReadOnlyList<LeadNoteView> Notes => _notes;

    /// <summary>The voice utterance being spoken, until its final turn arrives or the conversation ends.</summary>
    public PartialView? Partial { get; private set; }

    /// <summary>Whether a lead has taken the conversation over from the agent.</summary>
    public bool IsTakenOver => _notes.Exists(n => n.Type == Data.LeadNoteKind.TookOver);

    /// <summary>The lead who took the conversation over (the last, if several did); null while the agent has it.</summary>
    public string? TakenOverBy => _notes.LastOrDefault(n => n.Type == Data.LeadNoteKind.TookOver)?.LeadName;

    /// <summary>The lead who ended the conversation after taking it over; null when the agent ended it or it is live.</summary>
    public string? EndedBy => _notes.LastOrDefault(n => n.Type == Data.LeadNoteKind.Ended)?.LeadName;

    /// <summary>The conversation an update is about, for a page to decide whether the update is its business.</summary>
    public static ConversationView ConversationOf(ConversationUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.Conversation;
    }

    /// <summary>Applies one update from the event bus; an update about another conversation changes nothing.</summary>
    public LiveChanges Apply(ConversationUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var (view, turn, moves, note, partial) = Incoming.Of(update);
        return view.Id == Id ? Merge(view, turn, moves, note, partial) : LiveChanges.Nothing;
    }

    /// <summary>The answer to a turn this page added: the same as its update, which may come before or after it.</summary>
    public LiveChanges Accept(TurnAccepted accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        return accepted.Conversation.Id == Id ? Merge(accepted.Conversation, accepted.Turn, accepted.StageChanges, null, null) : LiveChanges.Nothing;
    }

    /// <summary>A view this page was given (after an escalation, an end or a card said): kept if it is the newest.</summary>
    public LiveChanges Show(ConversationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Id == Id ? Merge(view, null, [], null, null) : LiveChanges.Nothing;
    }

    /// <summary>
    /// The stored conversation as read, at first or again after a reconnect: turns and notes are
    /// merged with those that arrived meanwhile, and moves of updates newer than the read stay.
    /// </summary>
    public LiveChanges Load(ConversationDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (details.Conversation.Id != Id)
        {
            return LiveChanges.Nothing;
        }

        IsLoaded = true;
        var what = LiveChange.None;
        var wasEnded = IsEnded;
        var pathBefore = _path;
        if (View is null || details.Conversation.Revision > View.Revision)
        {
            View = details.Conversation;
            what |= LiveChange.Conversation;
        }

        // A read older than the last one (two reads crossing) leaves the path the newer one gave.
        if (!_pathRead || details.Conversation.Revision >= _readRevision)
        {
            _pathRead = true;
            _readRevision = details.Conversation.Revision;
            var first = details.StagePath.Count > 0 ? details.StagePath[0].From : details.Conversation.Stage;
            _readPath = Stages(first, details.StagePath);
            foreach (var seen in _moves.Keys.Where(r => r <= _readRevision).ToList())
            {
                _moves.Remove(seen);
            }
        }

        foreach (var turn in details.Transcript)
        {
            if (AddTurn(turn))
            {
                what |= LiveChange.Transcript;
            }
        }

        foreach (var note in details.LeadNotes)
        {
            if (AddNote(note))
            {
                what |= LiveChange.Notes;
            }
        }

        return new LiveChanges(what | Settle(wasEnded, pathBefore));
    }

    private LiveChanges Merge(ConversationView view, TurnView? turn, IReadOnlyList<StageChangeView> moves, LeadNoteView? note, PartialView? partial)
    {
        var what = LiveChange.None;
        var wasEnded = IsEnded;
        var pathBefore = _path;
        if (View is null && !_pathRead)
        {
            // Before a read the path starts where the first update found the conversation.
            _readPath = [moves.Count > 0 ? moves[0].From : view.Stage];
            _readRevision = moves.Count > 0 ? view.Revision - 1 : view.Revision;
        }

        // Of two views the higher revision is the newer; an older one arriving late is ignored.
        if (View is null || view.Revision > View.Revision)
        {
            View = view;
            what |= LiveChange.Conversation;
        }

        // The moves of one revision are the same however often they arrive; those in the last read are in its path.
        if (moves.Count > 0 && view.Revision > _readRevision)
        {
            _moves.TryAdd(view.Revision, moves);
        }

        TurnView? added = null;
        if (turn is not null && AddTurn(turn))
        {
            added = turn;
            what |= LiveChange.Transcript;
        }

        LeadNoteView? noted = null;
        if (note is not null && AddNote(note))
        {
            noted = note;
            what |= LiveChange.Notes;
        }

        // A partial older than what is shown, or whose final turn is in already, is over.
        if (partial is not null && !IsEnded && view.Revision >= View.Revision && !_transcript.Exists(t => t.TurnId == partial.TurnId) && partial != Partial)
        {
            Partial = partial;
            what |= LiveChange.Partial;
        }

        return new LiveChanges(what | Settle(wasEnded, pathBefore), added, noted);
    }

    /// <summary>Adds a turn not shown yet in its place by sequence; its final text replaces the partial of the same id.</summary>
    private bool AddTurn(TurnView turn)
    {
        if (_transcript.Exists(t => t.Id == turn.Id))
        {
            return false;
        }

        var at = _transcript.FindLastIndex(t => t.Sequence <= turn.Sequence);
        _transcript.Insert(at + 1, turn);
        return true;
    }

    /// <summary>Adds a lead's note not shown yet, in the order they were made.</summary>
    private bool AddNote(LeadNoteView note)
    {
        if (_notes.Exists(n => n.Id == note.Id))
        {
            return false;
        }

        var at = _notes.FindLastIndex(n => n.Id < note.Id);
        _notes.Insert(at + 1, note);
        return true;
    }

    /// <summary>Ends the partial whose turn arrived or whose conversation ended, rebuilds the path, and says what that changed.</summary>
    private LiveChange Settle(bool wasEnded, IReadOnlyList<Stage> pathBefore)
    {
        var what = LiveChange.None;
        if (Partial is { } partial && (IsEnded || _transcript.Exists(t => t.TurnId == partial.TurnId)))
        {
            Partial = null;
            what |= LiveChange.Partial;
        }

        if (IsEnded && !wasEnded)
        {
            what |= LiveChange.Ended;
        }

        _path = BuildPath();
        if (!_path.SequenceEqual(pathBefore))
        {
            what |= LiveChange.StagePath;
        }

        return what;
    }

    /// <summary>
    /// The read path, then the moves of newer updates in revision order; when the view is newer
    /// than any of them (this page's own escalation, before its update came) its stage ends the path.
    /// </summary>
    private List<Stage> BuildPath()
    {
        if (View is null)
        {
            return [];
        }

        var path = _readPath.ToList();
        foreach (var moves in _moves.Values)
        {
            foreach (var move in moves)
            {
                Enter(path, move.To);
            }
        }

        var known = _moves.Count > 0 ? Math.Max(_readRevision, _moves.Keys.Last()) : _readRevision;
        if (View.Revision > known)
        {
            Enter(path, View.Stage);
        }

        return path;
    }

    private static List<Stage> Stages(Stage first, IEnumerable<StageChangeView> moves)
    {
        List<Stage> path = [first];
        foreach (var move in moves)
        {
            Enter(path, move.To);
        }

        return path;
    }

    /// <summary>A move back into the stage it left (a re-entry) is no new step on the path.</summary>
    private static void Enter(List<Stage> path, Stage stage)
    {
        if (path.Count == 0 || path[^1] != stage)
        {
            path.Add(stage);
        }
    }

    /// <summary>The one place that reads an update's fields into what the screens show.</summary>
    private static class Incoming
    {
        public static (ConversationView View, TurnView? Turn, IReadOnlyList<StageChangeView> Moves, LeadNoteView? Note, PartialView? Partial) Of(ConversationUpdate update) =>
            (update.Conversation,
             update.Turn is { } turn ? TurnView.From(turn) : null,
             update.StageChanges.Count == 0 ? [] : update.StageChanges.Select(StageChangeView.Of).ToList(),
             update.Note is { } note ? LeadNoteView.From(note) : null,
             update.Partial);
    }
}
