using CoachConsole.Web;

try
{
    // The launch profile's Development is a fallback: an environment asked for explicitly wins.
    CoachConsole.Web.Operations.LaunchEnvironment.ApplyFallback();
    var builder = WebApplication.CreateBuilder(args);
    builder.AddCoachConsole();

    var app = builder.Build();
    await app.UseCoachConsoleAsync();
    await app.RunAsync();
    return 0;
}
catch (ConfigurationProblemException problem)
{
    await Console.Error.WriteLineAsync($"CoachConsole cannot start: {problem.Message}");
    return 2;
}

/// <summary>The web host's entry point, visible to the integration tests.</summary>
public partial class Program;
