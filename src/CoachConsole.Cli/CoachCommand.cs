using System.Text;
using CoachConsole.Core.Signals;

namespace CoachConsole.Cli;

/// <summary>
/// The <c>coach</c> command line: analyse utterances, evaluate the signal reader on labelled
/// data, train its weights, and replay recorded conversations through the coach. Subcommands
/// live in <see cref="Commands"/>, one file each under Commands/, and read their options with
/// <see cref="OptionParser"/>: to add one, add its file and an entry with its usage text and handler.
/// </summary>
public static class CoachCommand
{
    /// <summary>Exit code for bad usage (unknown subcommand or option, missing argument).</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for bad data (unreadable file, missing column, unknown label, bad replay line).</summary>
    public const int DataError = 1;

    /// <summary>The signal reader of the analyze and eval commands.</summary>
    internal static readonly SignalReader Reader = new();

    /// <summary>The replay clock: conversation start; turn n is n seconds later.</summary>
    public static readonly DateTimeOffset ReplayStart = new(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A subcommand: its usage text and its handler.</summary>
    public sealed record Subcommand(string Usage, Func<string[], Io, Task<int>> Run);

    /// <summary>The standard streams a subcommand works with.</summary>
    public sealed record Io(TextReader In, TextWriter Out, TextWriter Error);

    /// <summary>The subcommand dispatch table; each command lives in a file of its own under Commands/.</summary>
    public static readonly IReadOnlyDictionary<string, Subcommand> Commands = new Dictionary<string, Subcommand>(StringComparer.Ordinal)
    {
        ["analyze"] = new(AnalyzeCommand.Usage, AnalyzeCommand.RunAsync),
        ["eval"] = new(EvalCommand.Usage, EvalCommand.RunAsync),
        ["train"] = new(TrainCommand.Usage, TrainCommand.RunAsync),
        ["replay"] = new(ReplayCommand.Usage, ReplayCommand.RunAsync),
        ["load"] = new(LoadCommand.Usage, LoadCommand.RunAsync),
    };

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length == 0)
        {
            await stderr.WriteLineAsync("coach: missing subcommand; run 'coach --help' for usage.");
            return UsageError;
        }

        if (args[0] is "--help" or "-h" or "help")
        {
            await stdout.WriteAsync(Usage());
            return 0;
        }

        if (!Commands.TryGetValue(args[0], out var command))
        {
            await stderr.WriteLineAsync($"coach: unknown subcommand '{args[0]}'; run 'coach --help' for usage.");
            return UsageError;
        }

        if (args.Skip(1).Any(a => a is "--help" or "-h"))
        {
            await stdout.WriteLineAsync(command.Usage);
            return 0;
        }

        try
        {
            return await command.Run(args[1..], new Io(stdin, stdout, stderr));
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"coach {args[0]}: {e.Message}");
            return UsageError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
        {
            await stderr.WriteLineAsync($"coach {args[0]}: {e.Message}");
            return DataError;
        }
    }

    public static string Usage()
    {
        var sb = new StringBuilder("usage: coach <subcommand> [options]\n\n");
        foreach (var c in Commands.Values)
        {
            sb.Append(c.Usage).Append('\n');
        }

        sb.Append("Exit codes: 0 success, 1 bad data (unreadable file, missing column, bad replay line), 2 bad usage.\n");
        return sb.ToString();
    }

    /// <summary>camelCase signal name; "heat" for a heat-only cue.</summary>
    public static string SignalName(SignalKind kind)
    {
        if (kind == SignalKind.None)
        {
            return "heat";
        }

        var name = kind.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
