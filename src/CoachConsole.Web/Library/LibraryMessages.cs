using CoachConsole.Web.Data;
using CoachConsole.Web.Realtime;

namespace CoachConsole.Web.Library;

/// <summary>A version of the phrase library was published; the database holds it.</summary>
public sealed record LibraryPublished(int Version);

/// <summary>The detection cues were published; the database holds them.</summary>
public sealed record CuesPublished(int Cues);

/// <summary>
/// Library and cue publications reach every instance: the others read the published library or
/// cues from the database, so every agent's cards and signals follow the same version.
/// </summary>
public static class LibraryMessages
{
    public static IServiceCollection AddLibraryMessages(this IServiceCollection services)
    {
        services.AddClusterMessage<LibraryPublished>(
            "library",
            (sp, _, cancellationToken) => sp.GetRequiredService<PhraseLibraryProvider>().ReloadAsync(cancellationToken));
        services.AddClusterMessage<CuesPublished>(
            "cues",
            (sp, _, cancellationToken) => sp.GetRequiredService<CueService>().ReloadAsync(cancellationToken));
        return services;
    }
}
