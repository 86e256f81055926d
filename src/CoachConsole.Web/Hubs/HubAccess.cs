using System.Collections.Concurrent;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using Microsoft.AspNetCore.SignalR;

namespace CoachConsole.Web.Hubs;

/// <summary>
/// The hub connections open on this instance, closed as soon as their key is revoked or their
/// person locked, changed or removed: at once for a change announced by <see cref="AccessGuard"/>,
/// and otherwise at the next look over all of them, every <see cref="SweepInterval"/>.
/// </summary>
public sealed class HubConnections(AccessGuard guard, TimeProvider clock, ILogger<HubConnections> logger) : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new(StringComparer.Ordinal);

    public int Count => _open.Count;

    public void Opened(HubCallerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _open[context.ConnectionId] = context;
    }

    public void Closed(HubCallerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _open.TryRemove(context.ConnectionId, out _);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = guard.Subscribe(change => _ = CloseRefusedAsync(_open.Values.Where(c => Concerns(c, change)).ToList(), stoppingToken));
        using var timer = new PeriodicTimer(SweepInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CloseRefusedAsync(_open.Values.ToList(), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static bool Concerns(HubCallerContext context, AccessChange change)
    {
        var user = context.User;
        if (user?.UserId() is not { } id)
        {
            return false;
        }

        return user.IsConnector()
            ? change.KeyId is { } key && Guid.TryParse(id, out var keyId) && keyId == key
            : change.PersonId == id;
    }

    private async Task CloseRefusedAsync(IReadOnlyList<HubCallerContext> contexts, CancellationToken cancellationToken)
    {
        foreach (var context in contexts)
        {
            try
            {
                if (!await guard.MayActAsync(context.User, cancellationToken))
                {
                    logger.LogInformation("Closed hub connection {ConnectionId}: its {What} may no longer act", context.ConnectionId, context.User?.IsConnector() == true ? "key" : "person");
                    _open.TryRemove(context.ConnectionId, out _);
                    context.Abort();
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (StorageFailure.IsUnavailable(ex))
            {
                // Looked at again at the next sweep; every call checks again meanwhile.
                logger.LogWarning(ex, "Could not check the hub connections' access: storage is unavailable");
                return;
            }
        }
    }
}

/// <summary>
/// Checks the caller's key or person again on every hub call, and answers a storage outage during a
/// call with a clear "try again" instead of a generic error.
/// </summary>
public sealed class HubAccessFilter(AccessGuard guard, HubConnections connections, ILogger<HubAccessFilter> logger) : IHubFilter
{
    public const string StorageUnavailable = "Storage is unavailable just now, so nothing was done; try again in a few seconds.";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var context = invocationContext.Context;
        try
        {
            if (!await guard.MayActAsync(context.User, context.ConnectionAborted))
            {
                connections.Closed(context);
                context.Abort();
                throw new HubException(Refusal(context));
            }

            return await next(invocationContext);
        }
        catch (Exception ex) when (ex is not HubException && StorageFailure.IsUnavailable(ex))
        {
            logger.LogWarning(ex, "Hub call {Method} failed: storage is unavailable", invocationContext.HubMethodName);
            throw new HubException(StorageUnavailable);
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        connections.Opened(context.Context);
        // Revoked or locked between the connection's sign-in and now: the change's announcement may have missed it.
        if (!await guard.MayActAsync(context.Context.User, context.Context.ConnectionAborted))
        {
            connections.Closed(context.Context);
            throw new HubException(Refusal(context.Context));
        }

        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        connections.Closed(context.Context);
        await next(context, exception);
    }

    private static string Refusal(HubCallerContext context) =>
        context.User?.IsConnector() == true
            ? "This connector key has been revoked; the connection is closed."
            : "Your account was locked or changed; sign in again.";
}
