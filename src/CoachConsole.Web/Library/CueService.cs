using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using CoachConsole.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Library;

public sealed record TrainerCueView(long Id, SignalKind Signal, string Phrase, bool InDraft, bool IsPublished, string AddedBy);

/// <summary>
/// The trainers' detection cues: added and removed in a draft, published like phrases, read by the
/// live signal reader on top of the built-in one. The test bench reads a text with the draft or
/// the published cues. A publication reaches every instance.
/// </summary>
public sealed class CueService(IDbContextFactory<CoachDbContext> dbFactory, ClusterMessages cluster, AuditLog audit, Core.Privacy.TranscriptMasker masker, TimeProvider clock)
{
    public const int MaxPhrase = 100;

    private IReadOnlyList<TrainerCue> _published = [];

    /// <summary>The cues the live reader uses.</summary>
    public IReadOnlyList<TrainerCue> Published => Volatile.Read(ref _published);

    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cues = await db.DetectionCues.AsNoTracking().Where(c => c.IsPublished).ToListAsync(cancellationToken);
        Volatile.Write(ref _published, cues.Select(c => new TrainerCue(c.Signal, c.Phrase)).ToList());
    }

    public async Task<IReadOnlyList<TrainerCueView>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cues = await db.DetectionCues.AsNoTracking().ToListAsync(cancellationToken);
        return cues.OrderBy(c => c.Signal.ToString()).ThenBy(c => c.Phrase, StringComparer.OrdinalIgnoreCase)
            .Select(c => new TrainerCueView(c.Id, c.Signal, c.Phrase, c.InDraft, c.IsPublished, c.AddedBy)).ToList();
    }

    /// <summary>Adds a cue phrase to the draft; answers the phrase as kept (masked).</summary>
    public async Task<string> AddAsync(SignalKind signal, string phrase, string actor, CancellationToken cancellationToken = default)
    {
        // Turns are read masked, so a cue is kept masked too: it is listed to trainers and matched against masked text.
        var text = masker.Mask(phrase?.Trim() ?? "");
        if (text.Length is < 2 or > MaxPhrase)
        {
            throw new InputRejectedException("phrase", $"A cue phrase is 2 to {MaxPhrase} characters.");
        }

        if (signal == SignalKind.None || signal == SignalKind.Venting || !Enum.IsDefined(signal))
        {
            throw new InputRejectedException("signal", "Choose one signal for the cue.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.DetectionCues.FirstOrDefaultAsync(c => c.Signal == signal && c.Phrase == text, cancellationToken);
        if (existing is not null)
        {
            existing.InDraft = true;
        }
        else
        {
            db.DetectionCues.Add(new DetectionCueRecord { Signal = signal, Phrase = text, InDraft = true, AddedBy = actor, AddedAt = clock.GetUtcNow() });
        }

        await db.SaveChangesAsync(cancellationToken);
        return text;
    }

    public async Task RemoveAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.DetectionCues.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.InDraft, false), cancellationToken);
        await db.DetectionCues.Where(c => c.Id == id && !c.IsPublished).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Makes the published cues what the draft says, at once for every conversation.</summary>
    public async Task PublishAsync(string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.DetectionCues.Where(c => !c.InDraft).ExecuteDeleteAsync(cancellationToken);
        var count = await db.DetectionCues.ExecuteUpdateAsync(s => s.SetProperty(c => c.IsPublished, true), cancellationToken);
        await ReloadAsync(cancellationToken);
        cluster.Send(new CuesPublished(count));
        await audit.WriteAsync(actor, AuditActions.LibraryPublished, "detection cues", $"{count} cue phrases", cancellationToken);
    }

    /// <summary>Reads a text as the live reader would, with the draft or the published cues.</summary>
    public async Task<SignalReading> TestAsync(ISignalReader builtIn, Speaker speaker, string text, bool withDraft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builtIn);
        var cues = withDraft
            ? (await AllAsync(cancellationToken)).Where(c => c.InDraft).Select(c => new TrainerCue(c.Signal, c.Phrase)).ToList()
            : Published;
        var capped = text.Length > builtIn.MaxLength ? text[..builtIn.MaxLength] : text;
        return LayeredSignalReader.Apply(builtIn.Read(speaker, capped), speaker, capped, cues);
    }
}
