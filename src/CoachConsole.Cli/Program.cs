using System.Text;
using CoachConsole.Cli;

// Lines written by another program are read as they come (a console's own reader would block
// without a chance to send what has been answered so far).
using var piped = Console.IsInputRedirected
    ? new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16)
    : null;
var input = piped ?? Console.In;
if (!Console.IsOutputRedirected)
{
    return await CoachCommand.RunAsync(args, input, Console.Out, Console.Error);
}

// Into a file or a pipe, output goes in large blocks rather than a write a line; a command reading
// standard input flushes whenever its next line is not there yet, so a caller feeding lines one at
// a time still gets each answer.
await using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
try
{
    return await CoachCommand.RunAsync(args, input, output, Console.Error);
}
finally
{
    await output.FlushAsync();
}
