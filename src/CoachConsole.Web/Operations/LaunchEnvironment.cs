namespace CoachConsole.Web.Operations;

/// <summary>
/// The environment the process was asked for. <c>dotnet run</c> and the IDEs apply the launch
/// profile's variables over the ones already set, so the profile does not set
/// <c>ASPNETCORE_ENVIRONMENT</c>: it sets <see cref="FallbackVariable"/>, which names the
/// environment only when neither <c>ASPNETCORE_ENVIRONMENT</c> nor <c>DOTNET_ENVIRONMENT</c> asks
/// for one (a <c>--environment</c> argument still wins over both).
/// </summary>
public static class LaunchEnvironment
{
    public const string FallbackVariable = "COACHCONSOLE_DEFAULT_ENVIRONMENT";

    /// <summary>The variables an operator asks for an environment with; the host reads both.</summary>
    public static readonly IReadOnlyList<string> AskingVariables = ["ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"];

    /// <summary>Before the host is built: the launch profile's fallback, when nothing else asks for an environment.</summary>
    public static void ApplyFallback()
    {
        var fallback = Environment.GetEnvironmentVariable(FallbackVariable);
        if (!string.IsNullOrWhiteSpace(fallback) && AskingVariables.All(v => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(v))))
        {
            Environment.SetEnvironmentVariable("DOTNET_ENVIRONMENT", fallback.Trim());
        }
    }

    /// <summary>A variable that asks for an environment other than Development, if one does.</summary>
    public static (string Variable, string Environment)? AskedForOtherThanDevelopment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        foreach (var variable in AskingVariables)
        {
            var value = read(variable)?.Trim();
            if (!string.IsNullOrEmpty(value) && !string.Equals(value, Environments.Development, StringComparison.OrdinalIgnoreCase))
            {
                return (variable, value);
            }
        }

        return null;
    }
}
