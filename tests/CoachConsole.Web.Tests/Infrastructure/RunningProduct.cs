using System.Diagnostics;

namespace CoachConsole.Web.Tests.Infrastructure;

/// <summary>
/// The built product (<c>dotnet CoachConsole.Web.dll</c>) started as a process of its own, as an
/// operator runs it, on a free loopback port; disposing it kills it if it still runs.
/// </summary>
public sealed class RunningProduct : IDisposable
{
    private static readonly TimeSpan ListensWithin = TimeSpan.FromSeconds(120);

    private RunningProduct(Process process, Uri address)
    {
        Process = process;
        Address = address;
    }

    public Process Process { get; }

    public Uri Address { get; }

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
        var address = await ListeningAddressAsync(process.StandardOutput).WaitAsync(ListensWithin);
        if (address is null)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
            throw new InvalidOperationException($"The product did not start: {await error}");
        }

        return new RunningProduct(process, address);
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

    /// <summary>The address from the product's "Now listening on:" line; null when it ended first.</summary>
    private static async Task<Uri?> ListeningAddressAsync(StreamReader output)
    {
        const string Marker = "Now listening on: ";
        while (await output.ReadLineAsync() is { } line)
        {
            var at = line.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                // Keep reading, so the product never blocks on a full output pipe.
                _ = output.ReadToEndAsync();
                return new Uri(line[(at + Marker.Length)..].Trim());
            }
        }

        return null;
    }
}
