using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CoachConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Auth;

/// <summary>A key as the admin page lists it: never the key itself.</summary>
public sealed record ConnectorKeyView(Guid Id, string Name, string TeamId, string Prefix, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

/// <summary>
/// Creates, checks and revokes connector keys. Keys are random, shown once, stored as a hash;
/// checks are cached for a few seconds, and a revocation clears the cache at once and closes the
/// key's hub connections (see <see cref="AccessGuard"/>).
/// </summary>
public sealed class ConnectorKeys(IDbContextFactory<CoachDbContext> dbFactory, AuditLog audit, Core.Privacy.TranscriptMasker masker, TimeProvider clock, AccessGuard guard)
{
    public const string KeyPrefix = "cck_";

    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (ConnectorKeyRecord? Key, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _touched = new();

    /// <summary>A new secret: <paramref name="prefix"/> and 32 random bytes, URL-safe.</summary>
    public static string NewSecret(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Creates a key for a team; the returned secret is shown once and never stored.</summary>
    public async Task<(ConnectorKeyView Key, string Secret)> CreateAsync(string name, string teamId, string actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            throw new InputRejectedException("name", "Give the key a name of 1 to 200 characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
        {
            throw new InputRejectedException("teamId", $"There is no team '{teamId}'.");
        }

        var secret = NewSecret(KeyPrefix);
        var record = await AddAsync(db, masker.Mask(name.Trim()), teamId, secret, actor, cancellationToken);
        await audit.WriteAsync(actor, AuditActions.KeyCreated, $"key {record.Prefix}… ({record.Name})", $"team {teamId}", cancellationToken);
        return (View(record), secret);
    }

    /// <summary>
    /// Stores a key given in configuration (Development only), unless it is stored already; its
    /// team is created when it does not exist yet.
    /// </summary>
    public async Task EnsureAsync(string name, string teamId, string secret, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
        {
            db.Teams.Add(new Team { Id = teamId, Name = teamId });
            await db.SaveChangesAsync(cancellationToken);
        }

        var hash = HashOf(secret);
        if (!await db.ConnectorKeys.AnyAsync(k => k.Hash == hash, cancellationToken))
        {
            await AddAsync(db, name, teamId, secret, "configuration", cancellationToken);
        }
    }

    public async Task RevokeAsync(Guid id, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ConnectorKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken)
            ?? throw new InputRejectedException("id", "There is no such key.");
        if (key.RevokedAt is not null)
        {
            return;
        }

        key.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        _cache.TryRemove(key.Hash, out _);
        guard.KeyRevoked(key.Id);
        await audit.WriteAsync(actor, AuditActions.KeyRevoked, $"key {key.Prefix}… ({key.Name})", $"team {key.TeamId}", cancellationToken);
    }

    public async Task<IReadOnlyList<ConnectorKeyView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = await db.ConnectorKeys.AsNoTracking().ToListAsync(cancellationToken);
        return keys.OrderByDescending(k => k.CreatedAt).Select(View).ToList();
    }

    /// <summary>The active key matching a presented secret, or null; records when it was last used.</summary>
    public async Task<ConnectorKeyRecord?> FindAsync(string secret, CancellationToken cancellationToken = default)
    {
        var hash = HashOf(secret);
        var now = clock.GetUtcNow();
        if (!_cache.TryGetValue(hash, out var cached) || cached.Until < now)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var key = await db.ConnectorKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash, cancellationToken);
            cached = (key is { IsActive: true } ? key : null, now + CacheFor);
            _cache[hash] = cached;
        }

        if (cached.Key is { } found && (!_touched.TryGetValue(found.Id, out var last) || now - last >= TouchEvery))
        {
            _touched[found.Id] = now;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.ConnectorKeys.Where(k => k.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }

        return cached.Key;
    }

    private async Task<ConnectorKeyRecord> AddAsync(CoachDbContext db, string name, string teamId, string secret, string actor, CancellationToken cancellationToken)
    {
        var record = new ConnectorKeyRecord
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            TeamId = teamId,
            Prefix = secret[..Math.Min(8, secret.Length)],
            Hash = HashOf(secret),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = actor,
        };
        db.ConnectorKeys.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    private static ConnectorKeyView View(ConnectorKeyRecord k) => new(k.Id, k.Name, k.TeamId, k.Prefix, k.CreatedAt, k.CreatedBy, k.RevokedAt, k.LastUsedAt);
}
