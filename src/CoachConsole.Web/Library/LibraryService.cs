using System.Text.Json;
using CoachConsole.Core.Phrases;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using CoachConsole.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Library;

public sealed record LibraryVersionView(int Number, DateTimeOffset PublishedAt, string PublishedBy, string? Note, int Phrases);

/// <summary>One phrase's change between two versions: added, removed or changed.</summary>
public sealed record PhraseChange(string Id, string Change, string? Before, string? After);

/// <summary>
/// The governed phrase library: trainers edit a draft (by hand or by importing JSON or CSV, where
/// one bad row stops the whole import), publish it as a numbered version that agents see at once,
/// compare versions and roll back to any of them. A publication reaches every instance.
/// </summary>
public sealed class LibraryService(IDbContextFactory<CoachDbContext> dbFactory, PhraseLibraryProvider provider, ClusterMessages cluster, AuditLog audit, Core.Privacy.TranscriptMasker masker, TimeProvider clock)
{
    public async Task<IReadOnlyList<Phrase>> DraftAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var draft = await db.LibraryDrafts.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return draft is null ? provider.Current.Phrases : Deserialize(draft.Json);
    }

    public async Task<bool> HasDraftAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LibraryDrafts.AnyAsync(cancellationToken);
    }

    /// <summary>Adds or replaces one phrase of the draft; refused with the reasons when it is not valid.</summary>
    public async Task SaveAsync(Phrase phrase, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        if (LibraryFormat.Validate(phrase) is { Count: > 0 } errors)
        {
            throw new InputRejectedException(errors[0].Field, string.Join(" ", errors.Select(e => e.Message)));
        }

        var draft = (await DraftAsync(cancellationToken)).Where(p => p.Id != phrase.Id).Append(Masked(phrase)).ToList();
        await StoreDraftAsync(draft, actor, cancellationToken);
    }

    /// <summary>Promotes a phrasing in the draft (or takes the promotion back).</summary>
    public async Task PromoteAsync(string phraseId, bool featured, string actor, CancellationToken cancellationToken = default)
    {
        var draft = (await DraftAsync(cancellationToken)).ToList();
        var index = draft.FindIndex(p => p.Id == phraseId);
        if (index < 0)
        {
            throw new InputRejectedException("phraseId", $"There is no phrase '{phraseId}' in the draft.");
        }

        draft[index] = draft[index] with { Featured = featured };
        await StoreDraftAsync(draft, actor, cancellationToken);
    }

    public async Task DeleteAsync(string phraseId, string actor, CancellationToken cancellationToken = default) =>
        await StoreDraftAsync((await DraftAsync(cancellationToken)).Where(p => p.Id != phraseId).ToList(), actor, cancellationToken);

    /// <summary>Replaces or merges the draft with an imported file; any bad row and nothing changes.</summary>
    public async Task<ImportResult> ImportAsync(ImportResult read, bool replace, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!read.Succeeded)
        {
            return read;
        }

        var imported = read.Phrases.Select(Masked).ToList();
        var merged = replace
            ? imported
            : (await DraftAsync(cancellationToken)).Where(p => imported.All(n => n.Id != p.Id)).Concat(imported).ToList();
        await StoreDraftAsync(merged, actor, cancellationToken);
        return read;
    }

    public async Task DiscardDraftAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.LibraryDrafts.ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Publishes the draft as the next version; changed phrases get a new phrase version.</summary>
    public async Task<LibraryVersionView> PublishAsync(string? note, string actor, CancellationToken cancellationToken = default) =>
        await PublishPhrasesAsync(await DraftAsync(cancellationToken), note, actor, cancellationToken);

    /// <summary>Publishes an earlier version again, as a new version: history is never rewritten.</summary>
    public async Task<LibraryVersionView> RollbackAsync(int number, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var version = await db.LibraryVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Number == number, cancellationToken)
            ?? throw new InputRejectedException("version", $"There is no version {number}.");
        return await PublishPhrasesAsync(Deserialize(version.Json), $"Rollback to version {number}", actor, cancellationToken);
    }

    public async Task<IReadOnlyList<LibraryVersionView>> VersionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var versions = await db.LibraryVersions.AsNoTracking().OrderByDescending(v => v.Number).ToListAsync(cancellationToken);
        return versions.Select(v => new LibraryVersionView(v.Number, v.PublishedAt, v.PublishedBy, v.Note, Deserialize(v.Json).Count)).ToList();
    }

    /// <summary>What version <paramref name="number"/> changed against the version before it.</summary>
    public async Task<IReadOnlyList<PhraseChange>> DiffAsync(int number, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pair = await db.LibraryVersions.AsNoTracking().Where(v => v.Number == number || v.Number == number - 1).ToListAsync(cancellationToken);
        var after = pair.FirstOrDefault(v => v.Number == number) ?? throw new InputRejectedException("version", $"There is no version {number}.");
        var before = pair.FirstOrDefault(v => v.Number == number - 1);
        return Diff(before is null ? [] : Deserialize(before.Json), Deserialize(after.Json));
    }

    public static IReadOnlyList<PhraseChange> Diff(IReadOnlyList<Phrase> before, IReadOnlyList<Phrase> after)
    {
        var old = before.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var changes = new List<PhraseChange>();
        foreach (var p in after)
        {
            if (!old.Remove(p.Id, out var was))
            {
                changes.Add(new(p.Id, "added", null, p.Text));
            }
            else if (!SameContent(was, p))
            {
                changes.Add(new(p.Id, "changed", Describe(was), Describe(p)));
            }
        }

        changes.AddRange(old.Values.Select(p => new PhraseChange(p.Id, "removed", p.Text, null)));
        return changes.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
    }

    private async Task<LibraryVersionView> PublishPhrasesAsync(IReadOnlyList<Phrase> phrases, string? note, string actor, CancellationToken cancellationToken)
    {
        var errors = phrases.SelectMany(p => LibraryFormat.Validate(p)).ToList();
        if (errors.Count > 0)
        {
            throw new InputRejectedException("draft", "The draft has errors: " + string.Join("; ", errors.Take(5)));
        }

        // A version published before masking reached the library is masked as it goes live again.
        phrases = phrases.Select(Masked).ToList();
        note = string.IsNullOrWhiteSpace(note) ? null : masker.Mask(note.Trim()[..Math.Min(500, note.Trim().Length)]);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var live = await db.Phrases.ToListAsync(cancellationToken);
        var published = phrases.Select(p =>
        {
            var was = live.FirstOrDefault(l => l.Id == p.Id)?.ToPhrase();
            var version = was is null ? 1 : SameContent(was, p) ? was.Version : was.Version + 1;
            return p with { Version = version };
        }).ToList();
        db.Phrases.RemoveRange(live);
        await db.SaveChangesAsync(cancellationToken);
        db.Phrases.AddRange(published.Select(PhraseRecord.From));
        var number = (await db.LibraryVersions.MaxAsync(v => (int?)v.Number, cancellationToken) ?? 0) + 1;
        var at = clock.GetUtcNow();
        db.LibraryVersions.Add(new LibraryVersion
        {
            Number = number,
            PublishedAt = at,
            PublishedBy = actor,
            Note = note,
            Json = JsonSerializer.Serialize(published, DefaultLibrary.JsonOptions),
        });
        await db.LibraryDrafts.ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await provider.ReloadAsync(cancellationToken);
        cluster.Send(new LibraryPublished(number));
        await audit.WriteAsync(actor, AuditActions.LibraryPublished, $"version {number}", note, cancellationToken);
        return new LibraryVersionView(number, at, actor, note, published.Count);
    }

    private async Task StoreDraftAsync(List<Phrase> phrases, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var draft = await db.LibraryDrafts.FirstOrDefaultAsync(cancellationToken);
        if (draft is null)
        {
            draft = new LibraryDraft { Json = "", UpdatedBy = actor };
            db.LibraryDrafts.Add(draft);
        }

        draft.Json = JsonSerializer.Serialize(phrases.OrderBy(p => p.Stage).ThenBy(p => p.Id, StringComparer.Ordinal), DefaultLibrary.JsonOptions);
        draft.UpdatedAt = clock.GetUtcNow();
        draft.UpdatedBy = actor;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A phrasing a trainer typed or imported is shown on agents' cards and in exports: masked like turns.</summary>
    private Phrase Masked(Phrase phrase) => phrase with { Text = masker.Mask(phrase.Text) };

    private static bool SameContent(Phrase a, Phrase b) =>
        a.Text == b.Text && a.Stage == b.Stage && a.Category == b.Category && a.Channel == b.Channel
        && a.Signal == b.Signal && a.LadderStep == b.LadderStep && a.Featured == b.Featured && a.Teams.SequenceEqual(b.Teams, StringComparer.OrdinalIgnoreCase);

    private static string Describe(Phrase p) =>
        $"{p.Stage} · {p.Category} · {p.Channel?.ToString() ?? "both"}{(p.Teams.Count > 0 ? " · teams " + string.Join(", ", p.Teams) : "")}{(p.Featured ? " · promoted" : "")}: {p.Text}";

    private static List<Phrase> Deserialize(string json) => JsonSerializer.Deserialize<List<Phrase>>(json, DefaultLibrary.JsonOptions) ?? [];
}
