using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Hubs;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CoachConsole.Web.Operations;

/// <summary>
/// The second half of an instance's warm-up, once it listens and before it lets anyone in: hub
/// connections and API requests sent to itself over the loopback, as many as a busy minute opens,
/// so the runtime compiles the request pipeline, the sockets, the WebSocket transport and the hub
/// optimised before the first real clients need them (the first half, <see cref="StartupWarmUp"/>,
/// reaches only the code below them). Connections from anyone else wait, accepted but unanswered,
/// until it is done. It touches no conversation: the hub subscriptions and the turns name
/// conversations that do not exist, so they are refused, and nothing is stored or published.
/// </summary>
/// <remarks>
/// Its requests carry a key that lives in this process's memory only and is accepted only on the
/// warm-up's own connections (by the loopback port each one was opened from) and only until the
/// doors open. It runs where the start-up warm-up goes on until the code is optimised
/// (<c>WarmUp:UntilOptimised</c>, the default) and the instance listens on plain HTTP; otherwise the
/// doors open at once.
/// </remarks>
public sealed class RequestWarmUp(IServer server, ILogger<RequestWarmUp> logger)
{
    /// <summary>The claim that marks the warm-up's own requests.</summary>
    public const string ClaimType = "coach:warm-up";

    /// <summary>Clients at once, each opening hub connections and sending turns in rounds.</summary>
    internal const int Clients = 4;

    /// <summary>Rounds of each client: a hub connection a round, so 200 in all, and four turns a round.</summary>
    internal const int Rounds = 50;

    private const int TurnsPerRound = 4;

    /// <summary>However it goes, the doors open after this long.</summary>
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(20);

    private readonly string _key = ConnectorKeys.NewSecret("warm_");
    private readonly ConcurrentDictionary<int, byte> _ownPorts = new();
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether clients are let in.</summary>
    public bool IsOpen => _open.Task.IsCompleted;

    /// <summary>Lets clients in (at once where there is no warm-up to run).</summary>
    public void Open()
    {
        _open.TrySetResult();
        _ownPorts.Clear();
    }

    /// <summary>
    /// Kestrel's first step for each connection: one that is not the warm-up's own waits for the
    /// doors to open. False when the client went away while it waited (nothing more to do for it).
    /// </summary>
    public async Task<bool> LetInAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (IsOpen || IsOwn(connection.RemoteEndPoint as IPEndPoint))
        {
            return true;
        }

        try
        {
            await _open.Task.WaitAsync(connection.ConnectionClosed).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The warm-up's identity, when <paramref name="presented"/> is its key on one of its own connections before the doors open; null otherwise.</summary>
    public ClaimsPrincipal? Recognise(string presented, ConnectionInfo connection, string scheme)
    {
        ArgumentNullException.ThrowIfNull(presented);
        ArgumentNullException.ThrowIfNull(connection);
        if (IsOpen
            || connection.RemoteIpAddress is not { } address
            || !IsOwn(new IPEndPoint(address, connection.RemotePort))
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(_key)))
        {
            return null;
        }

        return new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "warm-up"),
            new Claim(ClaimTypes.Name, "warm-up"),
            // No team a conversation can have: it may see nothing.
            new Claim(CoachClaims.Team, "\0"),
            new Claim(ClaimTypes.Role, CoachClaims.ConnectorRole),
            new Claim(ClaimType, "true"),
        ], scheme));
    }

    /// <summary>Whether <paramref name="user"/> is the warm-up, which may act only until the doors open.</summary>
    public static bool IsWarmUp(ClaimsPrincipal? user) => user?.HasClaim(c => c.Type == ClaimType) == true;

    /// <summary>Runs the warm-up against this instance's own address, then opens the doors; a warm-up that fails is logged and the doors open all the same.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            if (OwnAddress() is not { } address)
            {
                logger.LogInformation("No plain HTTP address to warm the request path up on; clients are let in at once");
                return;
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            limit.CancelAfter(Longest);
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            using var handler = new SocketsHttpHandler { ConnectCallback = ConnectAsync, PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
            using var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = address };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _key);
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => ClientAsync(handler, client, address, limit.Token)));
            await StartupWarmUp.CompilerSettledAsync(clock, Longest, limit.Token);
            logger.LogInformation(
                "Warmed the request path up in {Milliseconds} ms ({CpuMilliseconds} ms of CPU, {Connections} hub connections, {Requests} requests); clients are let in",
                clock.ElapsedMilliseconds, (int)(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds, Clients * Rounds, Clients * Rounds * TurnsPerRound);
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            logger.LogWarning(e, "Warming the request path up did not finish; clients are let in, the first of them may be answered more slowly");
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // The instance is stopping: nothing to warm up for.
        }
        finally
        {
            Open();
        }
    }

    /// <summary>One client: a hub connection a round, its subscription refused, and turns for a conversation that does not exist.</summary>
    private async Task ClientAsync(SocketsHttpHandler handler, HttpClient client, Uri address, CancellationToken cancellationToken)
    {
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        var hub = new UriBuilder(address) { Scheme = "ws", Path = CoachingHub.Path, Query = "access_token=" + Uri.EscapeDataString(_key) }.Uri;
        for (var round = 0; round < Rounds; round++)
        {
            await HubRoundAsync(invoker, hub, cancellationToken);
            for (var turn = 0; turn < TurnsPerRound; turn++)
            {
                using var body = new StringContent(
                    $$"""{"speaker":"customer","text":"This is the third time I am writing about the same charge.","turnId":"{{Guid.NewGuid()}}"}""",
                    Encoding.UTF8,
                    "application/json");
                using var response = await client.PostAsync($"/api/v1/conversations/{Guid.NewGuid()}/turns", body, cancellationToken);
                _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }
        }
    }

    /// <summary>A hub connection over a WebSocket, as a connector's client opens one: the handshake, a subscription (refused), closed.</summary>
    private static async Task HubRoundAsync(HttpMessageInvoker invoker, Uri hub, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(hub, invoker, cancellationToken);
        await SendAsync(socket, """{"protocol":"json","version":1}""", cancellationToken);
        _ = await ReceiveAsync(socket, cancellationToken);
        await SendAsync(socket, $$"""{"type":1,"invocationId":"1","target":"SubscribeToConversation","arguments":["{{Guid.NewGuid()}}"]}""", cancellationToken);

        // Until the call's completion (type 3); a ping (type 6) may come first.
        while (!(await ReceiveAsync(socket, cancellationToken)).Contains("\"type\":3", StringComparison.Ordinal))
        {
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
    }

    private static Task SendAsync(ClientWebSocket socket, string message, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message + '\u001e'), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    private static async Task<string> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var text = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("The hub closed the warm-up's connection.");
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage);
        return text.ToString();
    }

    /// <summary>Opens a connection from a loopback port chosen first, so the doors know it before the instance sees it.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var target = IPAddress.Parse(context.DnsEndPoint.Host.Trim('[', ']'));
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(target.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
            _ownPorts[((IPEndPoint)socket.LocalEndPoint!).Port] = 0;
            await socket.ConnectAsync(new IPEndPoint(target, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private bool IsOwn(IPEndPoint? remote)
    {
        if (remote is null)
        {
            return false;
        }

        var address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        return IPAddress.IsLoopback(address) && _ownPorts.ContainsKey(remote.Port);
    }

    /// <summary>This instance's first plain HTTP address, on the loopback; null when it has none (HTTPS only, or no Kestrel).</summary>
    private Uri? OwnAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var listed in addresses)
        {
            var normalised = listed.Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal);
            if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                continue;
            }

            var host = uri.Host.Trim('[', ']');
            var loopback = host switch
            {
                // Every address: the IPv4 loopback reaches it (an IPv6 one in dual mode too).
                "localhost" or "0.0.0.0" or "::" => IPAddress.Loopback,
                _ when IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip) => ip,
                _ => null,
            };
            if (loopback is not null)
            {
                var text = loopback.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{loopback}]" : loopback.ToString();
                return new Uri($"http://{text}:{uri.Port}");
            }
        }

        return null;
    }
}
