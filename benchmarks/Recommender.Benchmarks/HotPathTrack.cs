using System.Diagnostics;
using Recommender.Engine;
using Recommender.Engine.Serving;

namespace Recommender.Benchmarks;

/// <summary><c>hot-path [EVENTS] [LISTENERS]</c>: the hot-path consumer's sink alone (a durable engine's TrackAsync: journal append,
/// then the engine's memory), batches of 500 events of random listeners over 100,000 tracks, as the consumer loop calls it, on a
/// fresh data folder under /tmp; prints events/s and CPU per event, then the time and CPU of one state snapshot.</summary>
internal static class HotPathTrack
{
    public static async Task<int> RunAsync(string[] args)
    {
        var events = args.Length > 1 && int.TryParse(args[1], out var e) && e > 0 ? e : 500_000;
        var listeners = args.Length > 2 && int.TryParse(args[2], out var l) && l > 0 ? l : 50_000;
        var folder = Path.Combine(Path.GetTempPath(), "hot-path-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var batches = new SyntheticMusic(100_000).ListenerBatches(events, listeners);
            using var engine = EmbeddedRecommender.OpenDurable(new EngineOptions { DataDirectory = folder });
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            foreach (var batch in batches) await engine.TrackAsync(batch, CancellationToken.None);
            clock.Stop();
            process.Refresh();
            var cpuUs = (process.TotalProcessorTime - cpu).TotalMilliseconds * 1000 / events;
            Console.WriteLine($"hot-path: {events:N0} events of {listeners:N0} listeners in {clock.Elapsed.TotalSeconds:0.00} s = {events / clock.Elapsed.TotalSeconds:N0} events/s, " +
                $"{cpuUs:0.0} µs CPU per event, {engine.EventsTracked:N0} tracked [load {Suite.Machine.LoadAverage()}]");
            // what the checkpointer costs each time it saves the engine's memory (the hot path waits meanwhile)
            cpu = process.TotalProcessorTime;
            clock.Restart();
            await engine.SaveStateAsync(CancellationToken.None);
            process.Refresh();
            Console.WriteLine($"snapshot of that state: {clock.Elapsed.TotalSeconds:0.00} s, {(process.TotalProcessorTime - cpu).TotalSeconds:0.00} s CPU, " +
                $"{new FileInfo(Path.Combine(folder, "engine", "state.bin")).Length / 1048576.0:0.0} MiB");
            return 0;
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
