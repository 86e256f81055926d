using CoachConsole.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddCoachConsole();

var app = builder.Build();
await app.UseCoachConsoleAsync();
await app.RunAsync();

/// <summary>The web host's entry point, visible to the integration tests.</summary>
public partial class Program;
