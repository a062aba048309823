using Microsoft.Extensions.Logging;
using Recommender.AllInOne;

namespace Recommender.Benchmarks;

/// <summary><c>freshness [PROBES]</c>: starts the all-in-one host on a loopback port with a fresh data folder and reports ack → reflected latency percentiles.</summary>
internal static class Freshness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var probes = args.Length > 1 && int.TryParse(args[1], out var p) && p > 0 ? p : 200;
        var data = Path.Combine(Path.GetTempPath(), "freshness-" + Guid.NewGuid().ToString("N"));
        await using var app = AllInOneHost.Build(new HostSettings(data, 0, LogLevel.Warning), []);
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = AllInOneHost.BaseAddress(app) };
            var probe = new FreshnessProbe(client);
            await probe.SeedAsync(listenersPerGenre: 20, eventsPerListener: 30);
            // let the first background model be trained on the crowd, as in a running installation
            await Task.Delay(TimeSpan.FromSeconds(8));
            var latencies = new List<double>();
            for (var i = 0; i < probes; i++)
            {
                latencies.Add((await probe.MeasureAsync(i, TimeSpan.FromSeconds(10))).TotalMilliseconds);
                if ((i + 1) % 50 == 0) Console.WriteLine($"{i + 1}/{probes} probes");
            }
            latencies.Sort();
            double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
            Console.WriteLine($"probes={probes} ack_to_reflected_ms p50={At(0.5):F1} p95={At(0.95):F1} p99={At(0.99):F1} max={latencies[^1]:F1} cores={Environment.ProcessorCount}");
            return 0;
        }
        finally
        {
            await app.StopAsync();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { /* a closing connection still holds a file; it is under temp */ }
        }
    }
}
