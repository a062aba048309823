using System.Diagnostics;

namespace Recommender.Benchmarks;

/// <summary><c>serving-quick [N]</c>: the serving benchmark's setup, then N timed calls of each request with a stopwatch (a fast check between BenchmarkDotNet runs).</summary>
internal static class ServingQuick
{
    public static int Run(string[] args)
    {
        var n = args.Length > 1 && int.TryParse(args[1], out var v) && v > 0 ? v : 500;
        var bench = new ServingBenchmarks();
        bench.Setup();
        Report("top-25, filters, live user", n, () => bench.Recommend().GetAwaiter().GetResult());
        Report("top-25, unknown user (trending)", n, () => bench.Trending().GetAwaiter().GetResult());
        Report("related, top-25", n, () => bench.Related().GetAwaiter().GetResult());
        bench.Cleanup();
        return 0;
    }

    private static void Report(string name, int n, Action call)
    {
        for (var i = 0; i < 20; i++) call();
        var times = new double[n];
        for (var i = 0; i < n; i++)
        {
            var clock = Stopwatch.StartNew();
            call();
            times[i] = clock.Elapsed.TotalMicroseconds;
        }
        Array.Sort(times);
        Console.WriteLine($"{name}: median {times[n / 2]:F1} us, p90 {times[n * 9 / 10]:F1} us, min {times[0]:F1} us");
    }
}
