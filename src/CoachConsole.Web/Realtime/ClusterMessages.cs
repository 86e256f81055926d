using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoachConsole.Web.Realtime;

/// <summary>
/// One kind of message a feature sends to the other instances: its name on the wire, its payload
/// type (written as JSON) and what an instance does when one arrives from another. Registered
/// with <see cref="ClusterMessageRegistration.AddClusterMessage{T}"/>; the relay carries every
/// registered kind and knows none of them.
/// </summary>
public abstract class ClusterMessageKind(string name, Type payloadType)
{
    public string Name { get; } = name;

    public Type PayloadType { get; } = payloadType;

    /// <summary>Handles a message sent by another instance.</summary>
    internal abstract Task ReceiveAsync(IServiceProvider services, object payload, CancellationToken cancellationToken);

    /// <summary>Starts sending what the feature's own in-process feed carries, when it has one.</summary>
    internal abstract IDisposable? Observe(IServiceProvider services, ClusterMessages messages);
}

internal sealed class ClusterMessageKind<T>(
    string name,
    Func<IServiceProvider, T, CancellationToken, Task> receive,
    Func<IServiceProvider, Action<T>, IDisposable>? observe) : ClusterMessageKind(name, typeof(T))
    where T : notnull
{
    internal override Task ReceiveAsync(IServiceProvider services, object payload, CancellationToken cancellationToken) =>
        receive(services, (T)payload, cancellationToken);

    internal override IDisposable? Observe(IServiceProvider services, ClusterMessages messages) =>
        observe?.Invoke(services, messages.Send);
}

public static class ClusterMessageRegistration
{
    /// <summary>
    /// Registers one kind of message for the other instances. <paramref name="receive"/> runs on an
    /// instance when another sent one, in the order they were sent; <paramref name="observe"/>, when
    /// given, subscribes to the feature's own feed and sends what was made on this instance (the
    /// feature can also call <see cref="ClusterMessages.Send{T}"/> itself).
    /// </summary>
    public static IServiceCollection AddClusterMessage<T>(
        this IServiceCollection services,
        string name,
        Func<IServiceProvider, T, CancellationToken, Task> receive,
        Func<IServiceProvider, Action<T>, IDisposable>? observe = null)
        where T : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(receive);
        services.TryAddSingleton<ClusterMessages>();
        services.AddSingleton<ClusterMessageKind>(new ClusterMessageKind<T>(name, receive, observe));
        return services;
    }
}

/// <summary>
/// Where features send their messages for the other instances. On a single instance (no relay)
/// a message goes nowhere; with several, the relay takes it to every other instance.
/// </summary>
public sealed class ClusterMessages
{
    private readonly Dictionary<Type, ClusterMessageKind> _byType = [];
    private readonly Dictionary<string, ClusterMessageKind> _byName = new(StringComparer.Ordinal);
    private Action<ClusterMessageKind, object>? _relay;

    public ClusterMessages(IEnumerable<ClusterMessageKind> kinds)
    {
        foreach (var kind in kinds)
        {
            if (!_byName.TryAdd(kind.Name, kind) || !_byType.TryAdd(kind.PayloadType, kind))
            {
                throw new InvalidOperationException($"The cluster message '{kind.Name}' ({kind.PayloadType.Name}) is registered twice.");
            }
        }
    }

    public IReadOnlyCollection<ClusterMessageKind> Kinds => _byName.Values;

    /// <summary>Sends a message made on this instance to the others; its type must be registered.</summary>
    public void Send<T>(T message)
        where T : notnull
    {
        if (!_byType.TryGetValue(typeof(T), out var kind))
        {
            throw new InvalidOperationException($"No cluster message is registered for {typeof(T).Name}.");
        }

        Volatile.Read(ref _relay)?.Invoke(kind, message);
    }

    public ClusterMessageKind? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The relay takes what is sent from now on, and what the features' feeds carry.</summary>
    internal IDisposable Connect(Action<ClusterMessageKind, object> relay, IServiceProvider services)
    {
        Volatile.Write(ref _relay, relay);
        var observed = _byName.Values.Select(k => k.Observe(services, this)).OfType<IDisposable>().ToList();
        return new Connection(this, observed);
    }

    private sealed class Connection(ClusterMessages owner, List<IDisposable> observed) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                foreach (var subscription in observed)
                {
                    subscription.Dispose();
                }

                Volatile.Write(ref owner._relay, null);
            }
        }
    }
}
