using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using CoachConsole.Web.Data;
using CoachConsole.Web.Realtime;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CoachConsole.Web.Auth;

/// <summary>A change to who may act: a person locked, unlocked, changed or removed, or a connector key revoked.</summary>
public sealed record AccessChange(string? PersonId, Guid? KeyId);

/// <summary>
/// Whether a signed-in person or a connector key may still act, asked on every page request and
/// download, every hub call and by every live console. A person may act while they exist, are not
/// locked out and hold the security stamp they signed in with (locking, a role or team change and
/// removal all move it); a key while it is not revoked. Answers are kept for
/// <see cref="CheckAgainAfter"/>; a change made on this instance clears them at once and is
/// announced to this instance's hub connections and consoles, and through Redis to the other
/// instances, which otherwise see it at their next check of the database.
/// </summary>
public sealed class AccessGuard(
    IDbContextFactory<CoachDbContext> dbFactory,
    IOptions<IdentityOptions> identity,
    TimeProvider clock,
    ILogger<AccessGuard> logger,
    ClusterConnection? cluster = null,
    Operations.RequestWarmUp? warmUp = null) : BackgroundService
{
    /// <summary>How long an answer read from the database is trusted before it is read again.</summary>
    public static readonly TimeSpan CheckAgainAfter = TimeSpan.FromSeconds(5);

    private static readonly RedisChannel Channel = RedisChannel.Literal("access");

    private readonly ConcurrentDictionary<string, (Person? Person, DateTimeOffset Until)> _people = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, (bool Active, DateTimeOffset Until)> _keys = new();
    private readonly Lock _gate = new();
    private List<Action<AccessChange>> _listeners = [];
    private long _changes;

    /// <summary>Whether the caller may still act: a connector by its key, a person by their account.</summary>
    public async ValueTask<bool> MayActAsync(ClaimsPrincipal? user, CancellationToken cancellationToken = default)
    {
        if (user?.Identity?.IsAuthenticated != true || user.UserId() is not { } id)
        {
            return false;
        }

        if (user.IsConnector())
        {
            if (Operations.RequestWarmUp.IsWarmUp(user))
            {
                // The instance's own warm-up, which may act only until clients are let in.
                return warmUp is { IsOpen: false };
            }

            return Guid.TryParse(id, out var keyId) && await KeyIsActiveAsync(keyId, cancellationToken);
        }

        var person = await PersonAsync(id, cancellationToken);
        return person is not null
            && !(person.LockoutEnd > clock.GetUtcNow())
            && string.Equals(person.Stamp, user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType), StringComparison.Ordinal);
    }

    /// <summary>A person was locked, unlocked, changed or removed (their security stamp already moved).</summary>
    public void PersonChanged(string personId) => Announce(new AccessChange(personId, null));

    /// <summary>A connector key was revoked.</summary>
    public void KeyRevoked(Guid keyId) => Announce(new AccessChange(null, keyId));

    /// <summary>Calls <paramref name="listener"/> on every change, made here or on another instance, until disposed.</summary>
    public IDisposable Subscribe(Action<AccessChange> listener)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
        }

        return new Subscription(this, listener);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (cluster is null)
        {
            return;
        }

        try
        {
            var redis = await cluster.ConnectAsync();
            while (!redis.IsConnected)
            {
                await Task.Delay(ClusterConnection.RetryInterval, stoppingToken);
            }

            // Once: the connection subscribes again by itself after an outage.
            await redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => Receive(message));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not listen for access changes made on other instances; they take effect here within {Seconds} s", CheckAgainAfter.TotalSeconds);
        }
    }

    /// <summary>Whether a connector key is not revoked.</summary>
    public async ValueTask<bool> KeyIsActiveAsync(Guid keyId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_keys.TryGetValue(keyId, out var cached) && cached.Until >= now)
        {
            return cached.Active;
        }

        var changes = Interlocked.Read(ref _changes);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var active = await db.ConnectorKeys.AsNoTracking().AnyAsync(k => k.Id == keyId && k.RevokedAt == null, cancellationToken);
        if (Interlocked.Read(ref _changes) == changes)
        {
            // Not kept when a change came in while it was read: it may be from before the change.
            _keys[keyId] = (active, now + CheckAgainAfter);
        }

        return active;
    }

    private async ValueTask<Person?> PersonAsync(string personId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_people.TryGetValue(personId, out var cached) && cached.Until >= now)
        {
            return cached.Person;
        }

        var changes = Interlocked.Read(ref _changes);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var person = await db.Users.AsNoTracking().Where(u => u.Id == personId).Select(u => new Person(u.SecurityStamp, u.LockoutEnd)).FirstOrDefaultAsync(cancellationToken);
        if (Interlocked.Read(ref _changes) == changes)
        {
            _people[personId] = (person, now + CheckAgainAfter);
        }

        return person;
    }

    private void Announce(AccessChange change)
    {
        Apply(change);
        if (cluster is { IsConnected: true })
        {
            _ = PublishAsync(change);
        }
    }

    private async Task PublishAsync(AccessChange change)
    {
        try
        {
            var redis = await cluster!.ConnectAsync();
            await redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(new Message(cluster.InstanceId, change.PersonId, change.KeyId)));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not tell the other instances of an access change; they see it within {Seconds} s", CheckAgainAfter.TotalSeconds);
        }
    }

    private void Receive(RedisValue payload)
    {
        try
        {
            var message = JsonSerializer.Deserialize<Message>(payload.ToString());
            if (message is not null && message.Instance != cluster!.InstanceId)
            {
                Apply(new AccessChange(message.PersonId, message.KeyId));
            }
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Ignored an access change that could not be read");
        }
    }

    private void Apply(AccessChange change)
    {
        Interlocked.Increment(ref _changes);
        if (change.PersonId is { } personId)
        {
            _people.TryRemove(personId, out _);
        }

        if (change.KeyId is { } keyId)
        {
            _keys.TryRemove(keyId, out _);
        }

        foreach (var listener in Volatile.Read(ref _listeners))
        {
            try
            {
                listener(change);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A listener failed to act on an access change");
            }
        }
    }

    private void Unsubscribe(Action<AccessChange> listener)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners.Where(l => !ReferenceEquals(l, listener))];
        }
    }

    private sealed record Person(string? Stamp, DateTimeOffset? LockoutEnd);

    private sealed record Message(string Instance, string? PersonId, Guid? KeyId);

    private sealed class Subscription(AccessGuard guard, Action<AccessChange> listener) : IDisposable
    {
        public void Dispose() => guard.Unsubscribe(listener);
    }
}
