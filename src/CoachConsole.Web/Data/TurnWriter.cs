using System.Data.Common;
using System.Text;
using CoachConsole.Core.Conversations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CoachConsole.Web.Data;

/// <summary>
/// The one write of a turn (and of any other step that moves the stage: the end, a timer): the
/// turn, the stage moves and card events it caused, and the conversation as the step left it,
/// over the revision it was read at, in one transaction. Written without the change tracker,
/// which cost more than the turn's own coaching; the guarantees are a tracked save's: the turn is
/// durable once this returns, a repeated turn id or a conversation changed elsewhere fails the
/// write with a <see cref="DbUpdateException"/> and changes nothing, and on SQLite it waits its
/// turn at the same one-writer gate as every save.
/// The steps of different conversations that arrive while a transaction is being written are
/// written together in the next one (a group commit), by one writer on one connection of its own:
/// on SQLite with one statement per kind of row compiled once, on PostgreSQL as one statement a
/// step, all sent in one round trip and prepared by the connection once they repeat. Each step
/// still returns only once its transaction is durable, and a step that cannot be stored fails
/// alone: the others of its transaction are written without it.
/// </summary>
public sealed class TurnWriter(IDbContextFactory<CoachDbContext> dbFactory, StorageSettings storage) : IDisposable
{
    /// <summary>Most steps written in one transaction.</summary>
    private const int MaxStepsPerTransaction = 128;

    private readonly System.Threading.Channels.Channel<WriteStep> _steps = System.Threading.Channels.Channel.CreateUnbounded<WriteStep>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _start = new();
    private Task? _writer;
    private Shapes? _shapes;
    private SqliteConnection? _sqlite;
    private NpgsqlConnection? _postgres;
    private SqliteStatements? _statements;
    private bool _disposed;

    /// <summary>
    /// Saves a step of a conversation: a coached turn, or (without one) a change of its stage such
    /// as its end or a timer firing. The conversation's <see cref="Conversation.Revision"/> moves on
    /// only when it is stored.
    /// </summary>
    public async Task SaveAsync(Conversation conversation, Turn? turn, IReadOnlyList<StageChangeRecord> moves, IReadOnlyList<CardEvent> cards, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(moves);
        ArgumentNullException.ThrowIfNull(cards);
        await WriteAsync(new WriteStep(conversation, turn, moves, cards), cancellationToken);
        conversation.SavedAsNextRevision();
    }

    /// <summary>
    /// Stores a conversation that has just started, as its first row: written like a step, in the
    /// same group commit as the turns queued with it, durable once this returns.
    /// </summary>
    public Task StartAsync(Conversation conversation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return WriteAsync(new WriteStep(conversation, null, [], []) { Start = true }, cancellationToken);
    }

    /// <summary>
    /// Writes a step of a conversation that is not stored, the conversation's row first, exactly as
    /// <see cref="SaveAsync"/> would, in a transaction that is then rolled back: nothing is kept,
    /// but the statements are compiled and the write's code has run before the first real turn.
    /// </summary>
    public Task RehearseAsync(Conversation conversation, Turn? turn, IReadOnlyList<StageChangeRecord> moves, IReadOnlyList<CardEvent> cards, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(moves);
        ArgumentNullException.ThrowIfNull(cards);
        return WriteAsync(new WriteStep(conversation, turn, moves, cards) { Rehearsal = true }, cancellationToken);
    }

    private async Task WriteAsync(WriteStep step, CancellationToken cancellationToken)
    {
        _shapes ??= await ShapesAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_start)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _writer ??= Task.Run(WriteStepsAsync, CancellationToken.None);
            _steps.Writer.TryWrite(step);
        }

        // Once queued, the step is written whether or not its caller still waits: the
        // conversation's revision tells the next step what was stored.
        await step.Stored.Task.ConfigureAwait(false);
    }

    public void Dispose()
    {
        Task? writer;
        lock (_start)
        {
            _disposed = true;
            _steps.Writer.TryComplete();
            writer = _writer;
        }

        // The steps already queued are written before the connection closes.
        writer?.GetAwaiter().GetResult();
        ForgetSqliteConnection();
        ForgetPostgresConnection();
    }

    /// <summary>The one writer: takes what has queued, writes it in one transaction, and again.</summary>
    private async Task WriteStepsAsync()
    {
        var reader = _steps.Reader;
        var batch = new List<WriteStep>(MaxStepsPerTransaction);
        var rehearsals = new List<WriteStep>();
        var pending = new List<WriteStep>(MaxStepsPerTransaction);
        var gate = storage.Provider == StorageProvider.Sqlite ? SqliteWriteGate.WriterFor(storage.ConnectionString) : null;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxStepsPerTransaction && reader.TryRead(out var step))
            {
                batch.Add(step);
                (step.Rehearsal ? rehearsals : pending).Add(step);
            }

            try
            {
                if (gate is null)
                {
                    await WriteOnPostgresAsync(rehearsals, pending).ConfigureAwait(false);
                }
                else
                {
                    await gate.WaitAsync().ConfigureAwait(false);
                    try
                    {
                        WriteOnSqlite(rehearsals, pending);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }
            }
            catch (Exception e)
            {
                // Nothing a step holds may keep the writer from the next ones.
                foreach (var step in batch)
                {
                    step.Stored.TrySetException(e);
                }
            }

            batch.Clear();
            rehearsals.Clear();
            pending.Clear();
        }
    }

    /// <summary>
    /// On PostgreSQL: the steps as one command of one statement each, which the database runs as
    /// one implicit transaction, committed once. A step whose conversation changed elsewhere writes
    /// nothing and fails; when the database refuses one of them (a turn id stored already, a
    /// deadlock with another instance's write) the transaction is rolled back and each is written
    /// again on its own, so that only that one fails; when the connection is lost every step
    /// fails, and the next write opens a fresh one.
    /// </summary>
    private async Task WriteOnPostgresAsync(List<WriteStep> rehearsals, List<WriteStep> pending)
    {
        var shapes = _shapes!;
        foreach (var rehearsal in rehearsals)
        {
            await RehearseOnPostgresAsync(shapes, rehearsal).ConfigureAwait(false);
        }

        if (pending.Count == 0)
        {
            return;
        }

        try
        {
            await WritePostgresTransactionAsync(shapes, pending).ConfigureAwait(false);
            Settle(pending);
            return;
        }
        catch (PostgresException) when (pending.Count > 1)
        {
            // Written again one by one below.
        }
        catch (DbException e)
        {
            FailAll(pending, e);
            return;
        }

        foreach (var step in pending)
        {
            try
            {
                await WritePostgresTransactionAsync(shapes, [step]).ConfigureAwait(false);
                Settle([step]);
            }
            catch (DbException e)
            {
                FailAll([step], e);
            }
        }

        static void FailAll(List<WriteStep> failed, DbException e)
        {
            foreach (var step in failed)
            {
                step.Stored.TrySetException(new DbUpdateException(NotStored(step.Conversation, e), e));
            }
        }
    }

    /// <summary>Sends the steps in one round trip, as one implicit transaction; returns once it is committed.</summary>
    private async Task WritePostgresTransactionAsync(Shapes shapes, List<WriteStep> steps)
    {
        var connection = await PostgresAsync().ConfigureAwait(false);
        await RunOnPostgresAsync(shapes, connection, null, steps).ConfigureAwait(false);
    }

    /// <summary>
    /// A step of a conversation that is not stored, with its conversation's row, on the writer's
    /// connection in a transaction rolled back: the same statements and code as a real step's.
    /// </summary>
    private async Task RehearseOnPostgresAsync(Shapes shapes, WriteStep step)
    {
        try
        {
            var connection = await PostgresAsync().ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            await RunOnPostgresAsync(shapes, connection, transaction, [step]).ConfigureAwait(false);
            await transaction.RollbackAsync().ConfigureAwait(false);
            step.Stored.TrySetResult();
        }
        catch (Exception e)
        {
            // A rehearsal that fails keeps nothing and holds up no real step.
            step.Stored.TrySetException(e);
        }
    }

    /// <summary>The writer's connection, opened again when the last one was lost (a server restarted, a network cut).</summary>
    private async Task<NpgsqlConnection> PostgresAsync()
    {
        if (_postgres is { FullState: System.Data.ConnectionState.Open })
        {
            return _postgres;
        }

        ForgetPostgresConnection();
        var connection = new NpgsqlConnection(storage.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        _postgres = connection;
        return connection;
    }

    /// <summary>
    /// Runs the steps as one command, one statement a step (a rehearsal's conversation inserted
    /// first), and reads back for each whether its conversation was written: a start's insert and
    /// a step's update each give one row, 1 when written and 0 when the conversation changed
    /// elsewhere.
    /// </summary>
    private static async Task RunOnPostgresAsync(Shapes shapes, NpgsqlConnection connection, NpgsqlTransaction? transaction, List<WriteStep> steps)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder(2048 * steps.Count);
        foreach (var step in steps)
        {
            if (step.Start || step.Rehearsal)
            {
                shapes.Conversation.AppendInsert(command, sql, step.Conversation, returning: "1");
            }

            if (!step.Start)
            {
                AppendStep(shapes, command, sql, step.Conversation, step.Turn, step.Moves, step.Cards);
            }
        }

        command.CommandText = sql.ToString();
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        foreach (var step in steps)
        {
            if (step.Rehearsal && await CountAsync(reader).ConfigureAwait(false) != 1)
            {
                throw new InvalidOperationException("A rehearsal's conversation was not inserted.");
            }

            step.Written = await CountAsync(reader).ConfigureAwait(false) == 1;
        }

        static async Task<long> CountAsync(NpgsqlDataReader reader)
        {
            if (!await reader.ReadAsync().ConfigureAwait(false))
            {
                throw new InvalidOperationException("A step's statement gave no row.");
            }

            var count = Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
            _ = await reader.NextResultAsync().ConfigureAwait(false);
            return count;
        }
    }

    /// <summary>Each step written is stored; each that was not had its conversation changed elsewhere.</summary>
    private static void Settle(List<WriteStep> steps)
    {
        foreach (var step in steps)
        {
            if (step.Written)
            {
                step.Stored.TrySetResult();
            }
            else
            {
                step.Stored.TrySetException(ChangedElsewhere(step.Conversation));
            }
        }
    }

    private void ForgetPostgresConnection()
    {
        _postgres?.Dispose();
        _postgres = null;
    }

    /// <summary>
    /// Under the SQLite write gate: the steps in one transaction. A step whose conversation changed
    /// elsewhere writes nothing and fails; a step whose rows the database refuses (a turn id stored
    /// already) fails, and the transaction is written again without it; when the database itself
    /// cannot be written every step fails, and the next write opens a fresh connection.
    /// </summary>
    private void WriteOnSqlite(List<WriteStep> rehearsals, List<WriteStep> pending)
    {
        var shapes = _shapes!;
        foreach (var rehearsal in rehearsals)
        {
            RehearseOnSqlite(shapes, rehearsal);
        }

        while (pending.Count > 0)
        {
            WriteStep? writing = null;
            try
            {
                var statements = OpenSqlite(shapes);
                using var transaction = _sqlite!.BeginTransaction();
                statements.Enlist(transaction);
                try
                {
                    foreach (var step in pending)
                    {
                        writing = step;
                        step.Written = Write(shapes, statements, step);
                    }

                    writing = null;
                    transaction.Commit();
                }
                finally
                {
                    statements.Enlist(null);
                }

                Settle(pending);
                return;
            }
            catch (SqliteException e) when (writing is not null && e.SqliteErrorCode == SQLitePCL.raw.SQLITE_CONSTRAINT)
            {
                writing.Stored.TrySetException(new DbUpdateException(NotStored(writing.Conversation, e), e));
                pending = [.. pending.Where(s => s != writing)];
            }
            catch (SqliteException e)
            {
                ForgetSqliteConnection();
                foreach (var step in pending)
                {
                    step.Stored.TrySetException(new DbUpdateException(NotStored(step.Conversation, e), e));
                }

                return;
            }
        }
    }

    private SqliteStatements OpenSqlite(Shapes shapes)
    {
        if (_sqlite is null)
        {
            var connection = new SqliteConnection(storage.ConnectionString);
            connection.Open();
            StorageSettings.TuneSqlite(connection);
            _sqlite = connection;
        }

        return _statements ??= new SqliteStatements(_sqlite, shapes);
    }

    /// <summary>A step of a conversation that is not stored, written with its conversation's row and rolled back.</summary>
    private void RehearseOnSqlite(Shapes shapes, WriteStep step)
    {
        try
        {
            var statements = OpenSqlite(shapes);
            using var transaction = _sqlite!.BeginTransaction();
            statements.Enlist(transaction);
            try
            {
                Write(shapes, statements, step);
            }
            finally
            {
                statements.Enlist(null);
                transaction.Rollback();
            }

            step.Stored.TrySetResult();
        }
        catch (Exception e)
        {
            // A rehearsal that fails keeps nothing and holds up no real step.
            if (e is SqliteException)
            {
                ForgetSqliteConnection();
            }

            step.Stored.TrySetException(e);
        }
    }

    /// <summary>
    /// Writes one step in the open transaction (a start inserts its conversation's row; a rehearsal
    /// inserts it and then writes the step over it); false when its conversation changed elsewhere
    /// (then nothing of it is written).
    /// </summary>
    private static bool Write(Shapes shapes, SqliteStatements statements, WriteStep step)
    {
        var conversation = step.Conversation;
        if (step.Start || step.Rehearsal)
        {
            shapes.Conversation.SetInsertValues(statements.Start, conversation);
            statements.Start.ExecuteNonQuery();
            if (step.Start)
            {
                return true;
            }
        }

        var update = conversation.EndedAt is null ? statements.Live : statements.Whole;
        shapes.Conversation.SetUpdateOverValues(update, conversation, conversation.Revision, conversation.Revision + 1);
        if (update.Command.ExecuteNonQuery() != 1)
        {
            return false;
        }

        if (step.Turn is { } turn)
        {
            shapes.Turn.SetInsertValues(statements.Turn, turn);
            statements.Turn.ExecuteNonQuery();
        }

        foreach (var move in step.Moves)
        {
            shapes.StageChange.SetInsertValues(statements.StageChange, move);
            statements.StageChange.ExecuteNonQuery();
        }

        foreach (var card in step.Cards)
        {
            shapes.CardEvent.SetInsertValues(statements.CardEvent, card);
            statements.CardEvent.ExecuteNonQuery();
        }

        return true;
    }

    /// <summary>
    /// A step on PostgreSQL as one statement: the conversation's update over the revision it was
    /// read at, each of the step's rows inserted once for the row it updated (so none when it
    /// changed elsewhere), and the number of conversations updated, 1 or 0.
    /// </summary>
    private static void AppendStep(Shapes shapes, DbCommand command, StringBuilder sql, Conversation conversation, Turn? turn, IReadOnlyList<StageChangeRecord> moves, IReadOnlyList<CardEvent> cards)
    {
        sql.Append("WITH updated AS (");
        shapes.Conversation.AppendUpdateOver(command, sql, conversation, conversation.Revision, conversation.Revision + 1);
        sql.Append(" RETURNING 1)");
        var rows = 0;
        void Insert(RowShape shape, object row)
        {
            sql.Append(",\nrow").Append(rows++).Append(" AS (");
            shape.AppendInsertFrom(command, sql, row, "updated");
            sql.Append(')');
        }

        if (turn is not null)
        {
            Insert(shapes.Turn, turn);
        }

        foreach (var move in moves)
        {
            Insert(shapes.StageChange, move);
        }

        foreach (var card in cards)
        {
            Insert(shapes.CardEvent, card);
        }

        sql.Append("\nSELECT count(*) FROM updated;\n");
    }

    private static DbUpdateConcurrencyException ChangedElsewhere(Conversation conversation) =>
        new($"Conversation {conversation.Id} changed elsewhere since revision {conversation.Revision}.");

    private static string NotStored(Conversation conversation, Exception e) =>
        $"The turn of conversation {conversation.Id} could not be stored: {e.Message}";

    private void ForgetSqliteConnection()
    {
        _statements?.Dispose();
        _statements = null;
        _sqlite?.Dispose();
        _sqlite = null;
    }

    private async Task<Shapes> ShapesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var model = db.Model;
        var conversation = new RowShape(
            model.FindEntityType(typeof(Conversation))!,
            new Dictionary<string, Func<object, object?>> { [CoachDbContext.EndedAtTicks] = c => ((Conversation)c).EndedAt?.UtcTicks });
        return new Shapes(
            conversation,
            new RowShape(model.FindEntityType(typeof(Turn))!),
            new RowShape(model.FindEntityType(typeof(StageChangeRecord))!),
            new RowShape(model.FindEntityType(typeof(CardEvent))!));
    }

    private sealed record Shapes(RowShape Conversation, RowShape Turn, RowShape StageChange, RowShape CardEvent);

    /// <summary>A step waiting for the writer, and how it went.</summary>
    private sealed class WriteStep(Conversation conversation, Turn? turn, IReadOnlyList<StageChangeRecord> moves, IReadOnlyList<CardEvent> cards)
    {
        public Conversation Conversation { get; } = conversation;

        public Turn? Turn { get; } = turn;

        public IReadOnlyList<StageChangeRecord> Moves { get; } = moves;

        public IReadOnlyList<CardEvent> Cards { get; } = cards;

        /// <summary>A conversation's first row: inserted, with no turn of its own, instead of updated over a revision.</summary>
        public bool Start { get; init; }

        /// <summary>Written and rolled back: a step of a conversation that is not stored, run before real ones to compile the write.</summary>
        public bool Rehearsal { get; init; }

        /// <summary>Whether its rows went into the transaction being written.</summary>
        public bool Written { get; set; }

        /// <summary>Done when its transaction is durable; the caller's code goes on elsewhere, never on the writer.</summary>
        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The SQLite connection's statements of a step, one for each kind of row (three for the conversation: its start and two updates).</summary>
    private sealed class SqliteStatements : IDisposable
    {
        /// <summary>
        /// What a conversation's steps never change while it is live: who it is with and what about,
        /// set when it starts, and its end. Indexes (agent, team, end) cover some of them.
        /// </summary>
        private static readonly HashSet<string> FixedWhileLive =
        [
            nameof(Conversation.Channel), nameof(Conversation.CustomerName), nameof(Conversation.IssueSummary), nameof(Conversation.AgentId),
            nameof(Conversation.AgentName), nameof(Conversation.TeamId), nameof(Conversation.StartedAt), nameof(Conversation.EndedAt), CoachDbContext.EndedAtTicks,
        ];

        public SqliteStatements(SqliteConnection connection, Shapes shapes)
        {
            Start = connection.CreateCommand();
            shapes.Conversation.PrepareInsert(Start);
            Whole = shapes.Conversation.PrepareUpdateOver(connection.CreateCommand());
            Live = shapes.Conversation.PrepareUpdateOver(connection.CreateCommand(), column => !FixedWhileLive.Contains(column));
            Turn = connection.CreateCommand();
            shapes.Turn.PrepareInsert(Turn);
            StageChange = connection.CreateCommand();
            shapes.StageChange.PrepareInsert(StageChange);
            CardEvent = connection.CreateCommand();
            shapes.CardEvent.PrepareInsert(CardEvent);
        }

        /// <summary>A new conversation's row.</summary>
        public SqliteCommand Start { get; }

        /// <summary>Every column of the conversation: how a step that ends it is written.</summary>
        public RowShape.PreparedUpdate Whole { get; }

        /// <summary>The columns a step of a live conversation can change: the indexes over the others are not touched.</summary>
        public RowShape.PreparedUpdate Live { get; }

        public SqliteCommand Turn { get; }

        public SqliteCommand StageChange { get; }

        public SqliteCommand CardEvent { get; }

        public void Enlist(SqliteTransaction? transaction)
        {
            Start.Transaction = transaction;
            Whole.Command.Transaction = transaction;
            Live.Command.Transaction = transaction;
            Turn.Transaction = transaction;
            StageChange.Transaction = transaction;
            CardEvent.Transaction = transaction;
        }

        public void Dispose()
        {
            Start.Dispose();
            Whole.Command.Dispose();
            Live.Command.Dispose();
            Turn.Dispose();
            StageChange.Dispose();
            CardEvent.Dispose();
        }
    }
}
