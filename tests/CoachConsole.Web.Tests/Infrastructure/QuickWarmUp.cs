using System.Runtime.CompilerServices;

namespace CoachConsole.Web.Tests.Infrastructure;

/// <summary>
/// Every product the tests start, in this process or as a child process, warms up with one pass
/// instead of waiting for the runtime's optimised compiles (seconds of CPU each time on two
/// cores); the warm-up's own tests set the default back where they test it.
/// </summary>
internal static class QuickWarmUp
{
    [ModuleInitializer]
    internal static void OnePass() => Environment.SetEnvironmentVariable("WarmUp__UntilOptimised", "false");
}
