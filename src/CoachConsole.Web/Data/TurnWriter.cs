using System.Data.Common;
using System.Text;
using CoachConsole.Core.Conversations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CoachConsole.Web.Data;

/// <summary>
/// The one write of a turn (and of any other step that moves the stage: the end, a timer): the
/// turn, the stage moves and card events it caused, and the conversation as the step left it, over the revision it was read at, in one transaction and one
/// command. Written without the change tracker, which cost more than the turn's own coaching; the
/// guarantees are a tracked save's: the turn is durable once this returns, a repeated turn id or
/// a conversation changed elsewhere fails the write with a <see cref="DbUpdateException"/> and
/// changes nothing, and on SQLite it waits its turn at the same one-writer gate as every save.
/// On SQLite, where that gate lets one write through at a time anyway, turns are written on one
/// connection of their own, whose statements are compiled once for each shape of turn (how many
/// moves and card events it carries) and run again with the next turn's values.
/// </summary>
public sealed class TurnWriter(IDbContextFactory<CoachDbContext> dbFactory, StorageSettings storage) : IDisposable
{
    /// <summary>Shapes of step kept compiled; a turn rarely moves the stage twice or shows many new cards.</summary>
    private const int MaxKeptShapes = 32;

    private readonly Dictionary<(bool Turn, int Moves, int Cards), SqliteCommand> _sqliteCommands = [];
    private Shapes? _shapes;
    private SqliteConnection? _sqlite;
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
        var shapes = _shapes ??= await ShapesAsync(cancellationToken);
        var expected = 1 + (turn is null ? 0 : 1) + moves.Count + cards.Count;
        if (storage.Provider == StorageProvider.Sqlite)
        {
            var writer = SqliteWriteGate.WriterFor(storage.ConnectionString);
            await writer.WaitAsync(cancellationToken);
            try
            {
                WriteOnSqlite(shapes, conversation, turn, moves, cards, expected);
            }
            finally
            {
                writer.Release();
            }
        }
        else
        {
            await using var connection = new NpgsqlConnection(storage.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            var sql = new StringBuilder(1024);
            Append(shapes, command, sql, conversation, turn, moves, cards);
            command.CommandText = sql.ToString();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            command.Transaction = transaction;
            try
            {
                Check(conversation, await command.ExecuteNonQueryAsync(cancellationToken), expected);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbException e)
            {
                throw new DbUpdateException(NotStored(conversation, e), e);
            }
        }

        conversation.SavedAsNextRevision();
    }

    public void Dispose()
    {
        if (storage.Provider != StorageProvider.Sqlite)
        {
            return;
        }

        var writer = SqliteWriteGate.WriterFor(storage.ConnectionString);
        writer.Wait();
        try
        {
            _disposed = true;
            ForgetSqliteConnection();
        }
        finally
        {
            writer.Release();
        }
    }

    /// <summary>Under the SQLite write gate: the one connection and its compiled statements are used by no one else.</summary>
    private void WriteOnSqlite(Shapes shapes, Conversation conversation, Turn? turn, IReadOnlyList<StageChangeRecord> moves, IReadOnlyList<CardEvent> cards, int expected)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            if (_sqlite is null)
            {
                var connection = new SqliteConnection(storage.ConnectionString);
                connection.Open();
                StorageSettings.TuneSqlite(connection);
                _sqlite = connection;
            }

            var shape = (turn is not null, moves.Count, cards.Count);
            if (!_sqliteCommands.TryGetValue(shape, out var command))
            {
                if (_sqliteCommands.Count >= MaxKeptShapes)
                {
                    ForgetSqliteCommands();
                }

                command = _sqlite.CreateCommand();
                var sql = new StringBuilder(2048);
                Append(shapes, command, sql, conversation, turn, moves, cards);
                command.CommandText = sql.ToString();
                _sqliteCommands[shape] = command;
            }
            else
            {
                command.Parameters.Clear();
                Append(shapes, command, sql: null, conversation, turn, moves, cards);
            }

            using var transaction = _sqlite.BeginTransaction();
            command.Transaction = transaction;
            try
            {
                Check(conversation, command.ExecuteNonQuery(), expected);
                transaction.Commit();
            }
            finally
            {
                command.Transaction = null;
            }
        }
        catch (SqliteException e)
        {
            // A connection that met a failure is not trusted with the next turn: the next write opens a fresh one.
            ForgetSqliteConnection();
            throw new DbUpdateException(NotStored(conversation, e), e);
        }
    }

    private static void Append(Shapes shapes, DbCommand command, StringBuilder? sql, Conversation conversation, Turn? turn, IReadOnlyList<StageChangeRecord> moves, IReadOnlyList<CardEvent> cards)
    {
        shapes.Conversation.AppendUpdateOver(command, sql, conversation, conversation.Revision, conversation.Revision + 1);
        if (turn is not null)
        {
            shapes.Turn.AppendInsert(command, sql, turn);
        }

        foreach (var move in moves)
        {
            shapes.StageChange.AppendInsert(command, sql, move);
        }

        foreach (var card in cards)
        {
            shapes.CardEvent.AppendInsert(command, sql, card);
        }
    }

    /// <summary>Only the conversation's update can count no row: it changed elsewhere since it was read.</summary>
    private static void Check(Conversation conversation, int written, int expected)
    {
        if (written != expected)
        {
            throw new DbUpdateConcurrencyException($"Conversation {conversation.Id} changed elsewhere since revision {conversation.Revision}.");
        }
    }

    private static string NotStored(Conversation conversation, Exception e) =>
        $"The turn of conversation {conversation.Id} could not be stored: {e.Message}";

    private void ForgetSqliteCommands()
    {
        foreach (var command in _sqliteCommands.Values)
        {
            command.Dispose();
        }

        _sqliteCommands.Clear();
    }

    private void ForgetSqliteConnection()
    {
        ForgetSqliteCommands();
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
}
