using CoachConsole.Core.Phrases;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Data;

/// <summary>Holds the published phrase library in memory; every turn reads it from here.</summary>
public sealed class PhraseLibraryProvider(IDbContextFactory<CoachDbContext> dbFactory)
{
    private PhraseLibrary _current = new([], []);

    public PhraseLibrary Current => Volatile.Read(ref _current);

    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var phrases = await db.Phrases.AsNoTracking().ToListAsync(cancellationToken);
        var avoid = await db.AvoidPhrases.AsNoTracking().ToListAsync(cancellationToken);
        Volatile.Write(ref _current, new PhraseLibrary(phrases.Select(p => p.ToPhrase()), avoid.Select(a => a.ToAvoid())));
    }
}
