using CoachConsole.Web.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using System.Security.Claims;

namespace CoachConsole.Web.Auth;

/// <summary>
/// Ends a live console's sign-in as soon as its person is locked, changed or removed: at once when
/// the change is announced (on this instance or, through Redis, another), and otherwise at the next
/// check, every <see cref="Interval"/>. The page then goes to the sign-in form.
/// </summary>
public sealed class RevalidatingIdentityStateProvider : RevalidatingServerAuthenticationStateProvider
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly AccessGuard _guard;
    private readonly ILogger<RevalidatingIdentityStateProvider> _logger;
    private readonly IDisposable _subscription;

    public RevalidatingIdentityStateProvider(ILoggerFactory loggerFactory, AccessGuard guard)
        : base(loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(guard);
        _guard = guard;
        _logger = loggerFactory.CreateLogger<RevalidatingIdentityStateProvider>();
        _subscription = guard.Subscribe(change =>
        {
            if (change.PersonId is { } personId)
            {
                _ = EndIfRefusedAsync(personId);
            }
        });
    }

    protected override TimeSpan RevalidationInterval => Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        try
        {
            return await _guard.MayActAsync(authenticationState.User, cancellationToken);
        }
        catch (Exception ex) when (StorageFailure.IsUnavailable(ex))
        {
            // Not a reason to sign anyone out: checked again at the next interval.
            _logger.LogWarning(ex, "Could not check a console's sign-in: storage is unavailable");
            return true;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _subscription.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task EndIfRefusedAsync(string personId)
    {
        try
        {
            var state = await GetAuthenticationStateAsync();
            if (state.User.IsConnector() || state.User.UserId() != personId || state.User.Identity?.IsAuthenticated != true)
            {
                return;
            }

            if (!await _guard.MayActAsync(state.User))
            {
                SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
            }
        }
        catch (InvalidOperationException)
        {
            // The circuit has no sign-in state yet (still starting); its first check comes soon.
        }
        catch (Exception ex) when (StorageFailure.IsUnavailable(ex))
        {
            _logger.LogWarning(ex, "Could not check a console's sign-in after an access change: storage is unavailable");
        }
    }
}
