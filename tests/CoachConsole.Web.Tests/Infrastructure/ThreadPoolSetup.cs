using System.Runtime.CompilerServices;

namespace CoachConsole.Web.Tests.Infrastructure;

/// <summary>
/// Real servers, browsers and bUnit dispatchers share two cores in CI: start with enough pool
/// threads that a blocked wait never starves the renderer it waits for.
/// </summary>
internal static class ThreadPoolSetup
{
    [ModuleInitializer]
    internal static void RaiseMinThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount * 8), io);
    }
}
