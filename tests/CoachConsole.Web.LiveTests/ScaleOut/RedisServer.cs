using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CoachConsole.Web.Tests.Infrastructure;

namespace CoachConsole.Web.Tests.ScaleOut;

/// <summary>
/// A real redis-server on a free loopback port, started and stopped by the test (and started
/// again on the same port for an outage), with nothing saved to disk.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _executable;
    private readonly string _directory;
    private Process? _process;

    private RedisServer(string executable)
    {
        _executable = executable;
        _directory = Directory.CreateTempSubdirectory("coachconsole-redis-").FullName;
        Port = LoopbackPort.Free();
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for <c>Redis:Configuration</c>.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var executable = Find("redis-server")
            ?? throw new InvalidOperationException("The scale-out tests need redis-server, which is not installed: install it (apt-get install redis-server) or put it on the PATH.");
        var server = new RedisServer(executable);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (var argument in new[] { "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--daemonize", "no", "--save", "", "--appendonly", "no", "--dir", _directory })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var process = _process;
        await Eventually.HoldsAsync($"redis-server to answer on port {Port}", async () =>
            process.HasExited ? throw new InvalidOperationException($"redis-server stopped at once (exit code {process.ExitCode}).") : await PingAsync());
    }

    /// <summary>Stops the server at once, as a crash or a lost network would.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Freezes the server (SIGSTOP): its connections stay open and nothing answers, until <see cref="Thaw"/>.</summary>
    public void Freeze() => Signal("-STOP");

    /// <summary>Lets a frozen server go on (SIGCONT).</summary>
    public void Thaw() => Signal("-CONT");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    private void Signal(string signal)
    {
        var process = _process ?? throw new InvalidOperationException("redis-server is not running.");
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {process.Id} failed ({kill.ExitCode}).");
        }
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/local/bin")
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}
