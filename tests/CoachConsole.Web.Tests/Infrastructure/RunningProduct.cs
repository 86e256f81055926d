using System.Diagnostics;

namespace CoachConsole.Web.Tests.Infrastructure;

/// <summary>
/// The built product (<c>dotnet CoachConsole.Web.dll</c>) started as a process of its own, as an
/// operator runs it, on a free loopback port; disposing it kills it if it still runs.
/// </summary>
public sealed class RunningProduct : IDisposable
{
    private static readonly TimeSpan ListensWithin = TimeSpan.FromSeconds(120);

    private readonly List<string> _output;

    private RunningProduct(Process process, Uri address, List<string> output)
    {
        Process = process;
        Address = address;
        _output = output;
    }

    public Process Process { get; }

    public Uri Address { get; }

    /// <summary>The lines the product has written to its standard output so far.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>The first line of the product's output that <paramref name="matches"/>, once it has written one.</summary>
    public async Task<string> OutputLineAsync(Func<string, bool> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        while (true)
        {
            if (Output.FirstOrDefault(matches) is { } line)
            {
                return line;
            }

            if (Process.HasExited)
            {
                throw new InvalidOperationException("The product ended before it wrote the line looked for.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Starts the product in <paramref name="directory"/> with these environment variables and waits until it listens.</summary>
    public static async Task<RunningProduct> StartAsync(string directory, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CoachConsole.Web.dll")])
        {
            WorkingDirectory = directory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = new List<string>();
        var address = await ListeningAddressAsync(process.StandardOutput, output).WaitAsync(ListensWithin);
        if (address is null)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
            throw new InvalidOperationException($"The product did not start: {await error}");
        }

        return new RunningProduct(process, address, output);
    }

    /// <summary>Deletes the folder a product ran in, once it has ended.</summary>
    public static void DeleteFolder(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the ending process; the temp folder is cleaned by the OS.
        }
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        Process.Dispose();
    }

    /// <summary>The address from the product's "Now listening on:" line; null when it ended first. Every line read is kept in <paramref name="lines"/>.</summary>
    private static async Task<Uri?> ListeningAddressAsync(StreamReader output, List<string> lines)
    {
        const string Marker = "Now listening on: ";
        while (await output.ReadLineAsync() is { } line)
        {
            Keep(lines, line);
            var at = line.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                // Keep reading, so the product never blocks on a full output pipe.
                _ = KeepReadingAsync(output, lines);
                return new Uri(line[(at + Marker.Length)..].Trim());
            }
        }

        return null;
    }

    private static async Task KeepReadingAsync(StreamReader output, List<string> lines)
    {
        while (await output.ReadLineAsync() is { } line)
        {
            Keep(lines, line);
        }
    }

    private static void Keep(List<string> lines, string line)
    {
        lock (lines)
        {
            lines.Add(line);
        }
    }
}
