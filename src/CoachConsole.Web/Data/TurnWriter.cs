using System.Data.Common;
using System.Text;
using CoachConsole.Core.Conversations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CoachConsole.Web.Data;

/// <summary>
/// The one write of a turn: the turn, the stage moves and card events it caused, and the
/// conversation as the turn left it, over the revision it was read at, in one transaction and one
/// command. Written without the change tracker, which cost more than the turn's own coaching; the
/// guarantees are a tracked save's: the turn is durable once this returns, a repeated turn id or
/// a conversation changed elsewhere fails the write with a <see cref="DbUpdateException"/> and
/// changes nothing, and on SQLite it waits its turn at the same one-writer gate as every save.
/// </summary>
public sealed class TurnWriter(IDbContextFactory<CoachDbContext> dbFactory, StorageSettings storage)
{
    private Shapes? _shapes;

    /// <summary>Saves a coached turn; the conversation's <see cref="Conversation.Revision"/> moves on only when it is stored.</summary>
    public async Task SaveAsync(Conversation conversation, Turn turn, IReadOnlyList<StageChangeRecord> moves, IReadOnlyList<CardEvent> cards, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(moves);
        ArgumentNullException.ThrowIfNull(cards);
        var shapes = _shapes ??= await ShapesAsync(cancellationToken);

        await using var connection = Open();
        await connection.OpenAsync(cancellationToken);
        if (connection is SqliteConnection sqlite)
        {
            StorageSettings.TuneSqlite(sqlite);
        }

        await using var command = connection.CreateCommand();
        var sql = new StringBuilder(1024);
        shapes.Conversation.AppendUpdateOver(command, sql, conversation, conversation.Revision, conversation.Revision + 1);
        shapes.Turn.AppendInsert(command, sql, turn);
        foreach (var move in moves)
        {
            shapes.StageChange.AppendInsert(command, sql, move);
        }

        foreach (var card in cards)
        {
            shapes.CardEvent.AppendInsert(command, sql, card);
        }

        command.CommandText = sql.ToString();
        var expected = 2 + moves.Count + cards.Count;

        var writer = connection is SqliteConnection ? SqliteWriteGate.WriterFor(storage.ConnectionString) : null;
        if (writer is not null)
        {
            await writer.WaitAsync(cancellationToken);
        }

        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            command.Transaction = transaction;
            int written;
            try
            {
                written = await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (DbException e)
            {
                throw new DbUpdateException($"The turn of conversation {conversation.Id} could not be stored: {e.Message}", e);
            }

            if (written != expected)
            {
                // Only the conversation's update can count no row: it changed elsewhere since it was read.
                throw new DbUpdateConcurrencyException($"Conversation {conversation.Id} changed elsewhere since revision {conversation.Revision}.");
            }

            try
            {
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbException e)
            {
                throw new DbUpdateException($"The turn of conversation {conversation.Id} could not be stored: {e.Message}", e);
            }
        }
        finally
        {
            writer?.Release();
        }

        conversation.SavedAsNextRevision();
    }

    private DbConnection Open() => storage.Provider == StorageProvider.Sqlite
        ? new SqliteConnection(storage.ConnectionString)
        : new NpgsqlConnection(storage.ConnectionString);

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
