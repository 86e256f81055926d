using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

if (args is ["consoles", .. var rest])
{
    return await CoachConsole.Benchmarks.ConsoleMemory.RunAsync(rest);
}

if (args is ["learning", .. var options])
{
    return await CoachConsole.Benchmarks.LearningReports.RunAsync(options);
}

// A short job so a run takes a minute or two: 3 warm-ups and 8 measured iterations, one process.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(8).WithLaunchCount(1).WithId("Short"));
BenchmarkSwitcher.FromAssembly(typeof(CoachConsole.Benchmarks.SignalReaderBenchmarks).Assembly).Run(args, config);
return 0;
