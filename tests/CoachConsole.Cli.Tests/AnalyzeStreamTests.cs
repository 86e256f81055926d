using System.Diagnostics;
using System.Text.Json;

namespace CoachConsole.Cli.Tests;

/// <summary>The real command in a pipe: its output is buffered, yet each line fed in is answered before the next is sent.</summary>
public sealed class AnalyzeStreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Analyze_InAPipe_AnswersEachLineAsItComes_AndWritesEverythingByTheEnd()
    {
        var coach = Path.Combine(AppContext.BaseDirectory, "coach.dll");
        var start = new ProcessStartInfo("dotnet", [coach, "analyze"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        try
        {
            foreach (var text in new[] { "where on earth is my refund", "you are a useless idiot", "brilliant, thanks for sorting it" })
            {
                await process.StandardInput.WriteLineAsync(text);
                await process.StandardInput.FlushAsync();

                // the answer comes while the input stays open: nothing waits for the end of the input
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(Patience);
                Assert.NotNull(line);
                using var json = JsonDocument.Parse(line);
                Assert.Equal(text, json.RootElement.GetProperty("text").GetString());
            }

            Assert.True(
                JsonDocument.Parse(await ReadAnswerAsync(process, "and again nothing has happened")).RootElement.GetProperty("heat").GetDouble() > 0);
            process.StandardInput.Close();
            Assert.Null(await process.StandardOutput.ReadLineAsync().WaitAsync(Patience));
            await process.WaitForExitAsync().WaitAsync(Patience);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private static async Task<string> ReadAnswerAsync(Process process, string text)
    {
        await process.StandardInput.WriteLineAsync(text);
        await process.StandardInput.FlushAsync();
        return await process.StandardOutput.ReadLineAsync().WaitAsync(Patience) ?? throw new InvalidOperationException("no answer");
    }
}
