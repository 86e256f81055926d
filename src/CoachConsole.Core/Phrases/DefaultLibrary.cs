using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoachConsole.Core.Phrases;

/// <summary>The phrase library shipped with the product, seeded into a new database.</summary>
public static class DefaultLibrary
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static PhraseLibrary Load()
    {
        using var stream = typeof(DefaultLibrary).Assembly.GetManifestResourceStream("CoachConsole.Core.default-library.json")
            ?? throw new InvalidOperationException("The default phrase library is missing from the build.");
        var file = JsonSerializer.Deserialize<LibraryFile>(stream, JsonOptions)
            ?? throw new InvalidOperationException("The default phrase library is empty.");
        return new PhraseLibrary(file.Phrases, file.Avoid);
    }

    private sealed record LibraryFile(List<Phrase> Phrases, List<PhraseToAvoid> Avoid);
}
