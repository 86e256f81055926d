namespace CoachConsole.Cli;

/// <summary>The <c>coach</c> command line: analyse, evaluate and replay conversations.</summary>
public static class CoachCommand
{
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stderr);
        await Task.CompletedTask;
        await stderr.WriteLineAsync("usage: coach analyze|eval|replay ...");
        return 2;
    }
}
