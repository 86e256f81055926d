using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CoachConsole.Web.Data;

/// <summary>
/// How one record type is written, read once from the storage model: its table, its columns and
/// how each value goes into a parameter (the model's own conversions: enums as names, lists as
/// JSON). A path that writes on every turn uses it to insert or update rows without tracking
/// changes; what it writes reads back through the model exactly as a tracked save would.
/// </summary>
internal sealed class RowShape
{
    private readonly Column[] _columns;
    private readonly Column? _concurrencyToken;
    private readonly Column[] _key;

    /// <param name="type">The record type in the storage model.</param>
    /// <param name="shadowValues">Values of the type's shadow properties, by property name, computed from the record.</param>
    public RowShape(IEntityType type, IReadOnlyDictionary<string, Func<object, object?>>? shadowValues = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        var table = type.GetTableName() ?? throw new InvalidOperationException($"{type.DisplayName()} has no table.");
        var store = StoreObjectIdentifier.Table(table, type.GetSchema());
        Table = Quote(table, type.GetSchema());
        var columns = new List<Column>();
        foreach (var property in type.GetProperties())
        {
            // A key the database numbers itself is left out of an insert.
            if (property.IsPrimaryKey() && property.ValueGenerated != ValueGenerated.Never && property.ClrType != typeof(Guid))
            {
                continue;
            }

            Func<object, object?> value;
            if (property.IsShadowProperty())
            {
                value = shadowValues?.GetValueOrDefault(property.Name)
                    ?? throw new InvalidOperationException($"{type.DisplayName()}.{property.Name} is kept by storage alone; say how its value is computed.");
            }
            else
            {
                var getter = property.GetGetter();
                value = getter.GetClrValue;
            }

            var column = new Column(
                Quote(property.GetColumnName(store) ?? property.Name, null),
                property,
                property.GetRelationalTypeMapping(),
                value);
            columns.Add(column);
        }

        _columns = [.. columns];
        _key = [.. _columns.Where(c => c.Property.IsPrimaryKey())];
        _concurrencyToken = _columns.SingleOrDefault(c => c.Property.IsConcurrencyToken);
    }

    /// <summary>The table, quoted.</summary>
    public string Table { get; }

    /// <summary>
    /// Adds the parameters of an insert of <paramref name="row"/> to a command that may hold other
    /// statements, and its text to <paramref name="sql"/>. With <paramref name="returning"/> the
    /// statement gives that expression for the row it inserts.
    /// </summary>
    public void AppendInsert(DbCommand command, StringBuilder sql, object row, string? returning = null)
    {
        AppendInsertOf(command, sql, row, source: null);
        if (returning is not null)
        {
            sql.Append(" RETURNING ").Append(returning);
        }

        sql.Append(";\n");
    }

    /// <summary>
    /// Appends an update of every column of <paramref name="row"/> that changes it only at the
    /// revision it was read at (<paramref name="readAt"/>) and stamps it <paramref name="next"/>:
    /// a row changed elsewhere meanwhile is left as it is, and the statement counts no row.
    /// Its text goes to <paramref name="sql"/> as with <see cref="AppendInsert"/>, without the
    /// closing semicolon, so that it can be part of a larger statement.
    /// </summary>
    public void AppendUpdateOver(DbCommand command, StringBuilder sql, object row, object readAt, object next)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(row);
        var token = _concurrencyToken ?? throw new InvalidOperationException($"{Table} has no revision to write over.");
        sql.Append("UPDATE ").Append(Table).Append(" SET ");
        var first = true;
        foreach (var column in _columns)
        {
            if (column.Property.IsPrimaryKey())
            {
                continue;
            }

            var name = Add(command, column, column == token ? next : column.Value(row));
            sql.Append(first ? "" : ", ").Append(column.Name).Append(" = ").Append(name);
            first = false;
        }

        sql.Append(" WHERE ");
        foreach (var key in _key)
        {
            var name = Add(command, key, key.Value(row));
            sql.Append(key.Name).Append(" = ").Append(name).Append(" AND ");
        }

        var readAtName = Add(command, token, readAt);
        sql.Append(token.Name).Append(" = ").Append(readAtName);
    }

    /// <summary>
    /// Appends an insert of <paramref name="row"/> made once for each row of
    /// <paramref name="source"/> (a query or a named subquery of the same statement, such as an
    /// update's returned rows), without the closing semicolon. Each value is cast to its column's
    /// type, which a select list does not take from the table as a list of values does.
    /// </summary>
    public void AppendInsertFrom(DbCommand command, StringBuilder sql, object row, string source) =>
        AppendInsertOf(command, sql, row, source);

    /// <summary>An insert of <paramref name="row"/>'s values, or of them cast and selected from <paramref name="source"/>.</summary>
    private void AppendInsertOf(DbCommand command, StringBuilder sql, object row, string? source)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(row);
        sql.Append("INSERT INTO ").Append(Table).Append(" (");
        for (var i = 0; i < _columns.Length; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(_columns[i].Name);
        }

        sql.Append(source is null ? ") VALUES (" : ") SELECT ");
        for (var i = 0; i < _columns.Length; i++)
        {
            var name = Add(command, _columns[i], _columns[i].Value(row));
            sql.Append(i == 0 ? "" : ", ").Append(name);
            if (source is not null)
            {
                sql.Append("::").Append(_columns[i].Mapping.StoreType);
            }
        }

        sql.Append(source is null ? ")" : " FROM " + source);
    }

    /// <summary>
    /// Makes <paramref name="command"/> an insert of one row, its parameters typed once; it is run
    /// for each row after <see cref="SetInsertValues"/> gives them that row's values.
    /// </summary>
    public void PrepareInsert(DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var sql = new StringBuilder(512);
        AppendInsertText(command, sql);
        command.CommandText = sql.ToString();
    }

    /// <summary>Gives a command made by <see cref="PrepareInsert"/> the values of <paramref name="row"/>.</summary>
    public void SetInsertValues(DbCommand command, object row)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(row);
        for (var i = 0; i < _columns.Length; i++)
        {
            Set(command.Parameters[i], _columns[i], _columns[i].Value(row));
        }
    }

    /// <summary>
    /// Makes <paramref name="command"/> the update of <see cref="AppendUpdateOver"/> for one row,
    /// its parameters typed once, writing the columns <paramref name="writes"/> names (by property
    /// name; all when null): a column left out of the statement is not written, nor is an index
    /// over it. It is run after <see cref="SetUpdateOverValues"/> gives it a row's values.
    /// </summary>
    public PreparedUpdate PrepareUpdateOver(DbCommand command, Func<string, bool>? writes = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var token = _concurrencyToken ?? throw new InvalidOperationException($"{Table} has no revision to write over.");
        var set = _columns.Where(c => !c.Property.IsPrimaryKey() && (c == token || writes is null || writes(c.Property.Name))).ToArray();
        var sql = new StringBuilder(2048).Append("UPDATE ").Append(Table).Append(" SET ");
        for (var i = 0; i < set.Length; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(set[i].Name).Append(" = ").Append(Add(command, set[i], null));
        }

        sql.Append(" WHERE ");
        foreach (var key in _key)
        {
            sql.Append(key.Name).Append(" = ").Append(Add(command, key, null)).Append(" AND ");
        }

        sql.Append(token.Name).Append(" = ").Append(Add(command, token, null)).Append(';');
        command.CommandText = sql.ToString();
        return new PreparedUpdate(command, set);
    }

    /// <summary>Gives an update made by <see cref="PrepareUpdateOver"/> the values of <paramref name="row"/>, read at revision <paramref name="readAt"/> and stamped <paramref name="next"/>.</summary>
    public void SetUpdateOverValues(PreparedUpdate update, object row, object readAt, object next)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(row);
        var token = _concurrencyToken!;
        var parameters = update.Command.Parameters;
        var at = 0;
        foreach (var column in update.Columns)
        {
            Set(parameters[at++], column, column == token ? next : column.Value(row));
        }

        foreach (var key in _key)
        {
            Set(parameters[at++], key, key.Value(row));
        }

        Set(parameters[at], token, readAt);
    }

    private void AppendInsertText(DbCommand command, StringBuilder sql)
    {
        sql.Append("INSERT INTO ").Append(Table).Append(" (");
        for (var i = 0; i < _columns.Length; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(_columns[i].Name);
        }

        sql.Append(") VALUES (");
        for (var i = 0; i < _columns.Length; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(Add(command, _columns[i], null));
        }

        sql.Append(");");
    }

    /// <summary>A value in the column's stored form (the model's conversion), as its parameter made by the type mapping holds it.</summary>
    private static void Set(DbParameter parameter, Column column, object? value)
    {
        if (value is not null && column.Mapping.Converter is { } converter)
        {
            value = converter.ConvertToProvider(value);
        }

        parameter.Value = value ?? DBNull.Value;
    }

    /// <summary>Parameter names by position, made once.</summary>
    private static readonly string[] Names = [.. Enumerable.Range(0, 512).Select(i => "@p" + i.ToString(CultureInfo.InvariantCulture))];

    private static string Add(DbCommand command, Column column, object? value)
    {
        var index = command.Parameters.Count;
        var name = index < Names.Length ? Names[index] : "@p" + index.ToString(CultureInfo.InvariantCulture);
        command.Parameters.Add(column.Mapping.CreateParameter(command, name, value, column.Property.IsNullable));
        return name;
    }

    private static string Quote(string name, string? schema) =>
        (schema is null ? "" : "\"" + schema.Replace("\"", "\"\"", StringComparison.Ordinal) + "\".")
        + "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>An update statement made once, with the columns it writes in the order of its parameters.</summary>
    internal sealed class PreparedUpdate(DbCommand command, Column[] columns)
    {
        public DbCommand Command { get; } = command;

        internal Column[] Columns { get; } = columns;
    }

    internal sealed record Column(string Name, IProperty Property, RelationalTypeMapping Mapping, Func<object, object?> Value);
}
