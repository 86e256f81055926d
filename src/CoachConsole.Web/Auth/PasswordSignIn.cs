using CoachConsole.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CoachConsole.Web.Auth;

/// <summary>
/// Signs a person in by name and password without telling whether the name exists: an unknown
/// name costs a real password-hash check, answers as a wrong password does and is locked out
/// after as many failures, for as long, as a person would be.
/// </summary>
public sealed class PasswordSignIn(SignInManager<CoachUser> signIn, UnknownNameLockout unknownNames)
{
    public async Task<SignInResult> SignInAsync(string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        var user = await signIn.UserManager.FindByNameAsync(userName);
        return user is null
            ? unknownNames.Attempt(signIn.UserManager.NormalizeName(userName), password, signIn.UserManager.PasswordHasher)
            : await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
    }
}

/// <summary>
/// Failed sign-ins under names no one has, counted as Identity counts them for people: the
/// failure that reaches <see cref="LockoutOptions.MaxFailedAccessAttempts"/> locks the name for
/// <see cref="LockoutOptions.DefaultLockoutTimeSpan"/>, and a locked name is refused before any
/// password is checked. Kept in memory, bounded, and forgotten a while after the last attempt.
/// </summary>
public sealed class UnknownNameLockout : IDisposable
{
    private const int MaxNames = 20_000;

    private readonly TimeProvider _clock;
    private readonly LockoutOptions _lockout;
    private string? _dummyHash;
    private readonly MemoryCache _tallies = new(new MemoryCacheOptions { SizeLimit = MaxNames });

    public UnknownNameLockout(IOptions<IdentityOptions> identity, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(identity);
        _clock = clock;
        _lockout = identity.Value.Lockout;
    }

    /// <summary>One failed attempt under a name no one has (normalised as Identity normalises names).</summary>
    public SignInResult Attempt(string normalizedName, string password, IPasswordHasher<CoachUser> hasher)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        var tally = _tallies.GetOrCreate(normalizedName ?? "", entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = _lockout.DefaultLockoutTimeSpan * 3;
            return new Tally();
        })!;

        lock (tally)
        {
            if (tally.LockedUntil > _clock.GetUtcNow())
            {
                return SignInResult.LockedOut;
            }
        }

        // Never right, as there is no one to sign in; checked all the same against a hash of a random
        // password, made as every person's hash is, so the answer takes as long as a real check.
        _dummyHash ??= hasher.HashPassword(new CoachUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        _ = hasher.VerifyHashedPassword(new CoachUser(), _dummyHash, password);

        lock (tally)
        {
            tally.Failures++;
            if (_lockout.AllowedForNewUsers && tally.Failures >= _lockout.MaxFailedAccessAttempts)
            {
                tally.Failures = 0;
                tally.LockedUntil = _clock.GetUtcNow() + _lockout.DefaultLockoutTimeSpan;
                return SignInResult.LockedOut;
            }
        }

        return SignInResult.Failed;
    }

    public void Dispose() => _tallies.Dispose();

    private sealed class Tally
    {
        public int Failures { get; set; }

        public DateTimeOffset? LockedUntil { get; set; }
    }
}
