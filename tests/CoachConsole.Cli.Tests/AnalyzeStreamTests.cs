using System.Diagnostics;
using System.Text;
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

    [Fact]
    public async Task Analyze_FileIntoAPipe_WritesTheSameBytesAsTheCommandWritesAsText()
    {
        // many lines (the output goes out in blocks of 64 KB), with quotes, escapes, accents,
        // emoji and other scripts, and a line at the 4,000-character cap
        var texts = new List<string>();
        for (var i = 0; i < 1500; i++)
        {
            texts.Add((i % 5) switch
            {
                0 => $"Order {i}: \"where\" is it?! C:\\path <b>&amp;</b> café naïve 😡😡",
                1 => "you are a useless idiot, I want a manager NOW!!!",
                2 => "thanks so much, that's sorted 🙏 — merci, très bien",
                3 => "我的订单在哪里 ¿dónde está mi pedido? \t tab",
                _ => "fine",
            });
        }

        texts.Add(string.Concat(Enumerable.Repeat("this is taking forever and nobody calls back 😤 ", 90)));
        var path = Path.Combine(Directory.CreateTempSubdirectory("coach-analyze-pipe").FullName, "lines.txt");
        await File.WriteAllLinesAsync(path, texts);
        try
        {
            using var asText = new StringWriter();
            Assert.Equal(0, await CoachCommand.RunAsync(["analyze", path], new StringReader(""), asText, new StringWriter()));

            var (exit, output, error) = await RunProcessAsync("analyze", path);

            Assert.Equal(0, exit);
            Assert.Empty(error);
            Assert.Equal(texts.Count, asText.ToString().Count(c => c == '\n'));
            Assert.Equal(Encoding.UTF8.GetBytes(asText.ToString()), output);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public async Task Analyze_CsvWithABadRowIntoAPipe_StillSendsTheRowsBeforeIt_AndExitsWithTheDataError()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("coach-analyze-pipe").FullName, "bad.csv");
        await File.WriteAllTextAsync(path, "id,text\n1,where is my refund\n2,thanks a lot\n3\n4,never read\n");
        try
        {
            var (exit, output, error) = await RunProcessAsync("analyze", "--csv", path);

            Assert.Equal(CoachCommand.DataError, exit);
            var lines = Encoding.UTF8.GetString(output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["where is my refund", "thanks a lot"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()));
            Assert.Contains("CSV line 4 has no 'text' field", Encoding.UTF8.GetString(error), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    /// <summary>Runs the real command with its output into a pipe, and returns its exit code and the bytes of its two outputs.</summary>
    private static async Task<(int Exit, byte[] Output, byte[] Error)> RunProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "coach.dll"), .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        try
        {
            process.StandardInput.Close();
            using var output = new MemoryStream();
            using var error = new MemoryStream();
            await Task.WhenAll(
                process.StandardOutput.BaseStream.CopyToAsync(output),
                process.StandardError.BaseStream.CopyToAsync(error)).WaitAsync(Patience);
            await process.WaitForExitAsync().WaitAsync(Patience);
            return (process.ExitCode, output.ToArray(), error.ToArray());
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
