using System.Text.Json;
using CoachConsole.Core.Phrases;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CoachConsole.Web.Data;

/// <summary>Lists kept as one JSON text column, in the library's JSON format, compared item by item.</summary>
internal static class StoredJson
{
    private static readonly JsonSerializerOptions JsonOptions = DefaultLibrary.JsonOptions;

    public static ValueConverter<T, string> Converter<T>()
        where T : class =>
        new(v => JsonSerializer.Serialize(v, JsonOptions), s => JsonSerializer.Deserialize<T>(s, JsonOptions)!);

    public static ValueComparer<IReadOnlyList<T>> ListComparer<T>() =>
        new((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)), v => v.ToList());
}
