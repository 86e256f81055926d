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
    /// statements, and its text to <paramref name="sql"/> unless the command already has it
    /// (null: the same statements again, with this row's values).
    /// </summary>
    public void AppendInsert(DbCommand command, StringBuilder? sql, object row)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(row);
        sql?.Append("INSERT INTO ").Append(Table).Append(" (");
        for (var i = 0; i < _columns.Length; i++)
        {
            sql?.Append(i == 0 ? "" : ", ").Append(_columns[i].Name);
        }

        sql?.Append(") VALUES (");
        for (var i = 0; i < _columns.Length; i++)
        {
            var name = Add(command, _columns[i], _columns[i].Value(row));
            sql?.Append(i == 0 ? "" : ", ").Append(name);
        }

        sql?.Append(");\n");
    }

    /// <summary>
    /// Appends an update of every column of <paramref name="row"/> that changes it only at the
    /// revision it was read at (<paramref name="readAt"/>) and stamps it <paramref name="next"/>:
    /// a row changed elsewhere meanwhile is left as it is, and the statement counts no row.
    /// Its text goes to <paramref name="sql"/> as with <see cref="AppendInsert"/>.
    /// </summary>
    public void AppendUpdateOver(DbCommand command, StringBuilder? sql, object row, object readAt, object next)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(row);
        var token = _concurrencyToken ?? throw new InvalidOperationException($"{Table} has no revision to write over.");
        sql?.Append("UPDATE ").Append(Table).Append(" SET ");
        var first = true;
        foreach (var column in _columns)
        {
            if (column.Property.IsPrimaryKey())
            {
                continue;
            }

            var name = Add(command, column, column == token ? next : column.Value(row));
            sql?.Append(first ? "" : ", ").Append(column.Name).Append(" = ").Append(name);
            first = false;
        }

        sql?.Append(" WHERE ");
        foreach (var key in _key)
        {
            var name = Add(command, key, key.Value(row));
            sql?.Append(key.Name).Append(" = ").Append(name).Append(" AND ");
        }

        var readAtName = Add(command, token, readAt);
        sql?.Append(token.Name).Append(" = ").Append(readAtName).Append(";\n");
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

    private sealed record Column(string Name, IProperty Property, RelationalTypeMapping Mapping, Func<object, object?> Value);
}
