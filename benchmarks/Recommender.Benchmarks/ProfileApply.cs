using System.Diagnostics;
using Recommender.Adapters.Local.Profiles;

namespace Recommender.Benchmarks;

/// <summary><c>profiles [EVENTS] [LISTENERS]</c>: the profile aggregator's store alone (SqliteProfileStore.ApplyAsync, batches of 500
/// events of random listeners, as the consumer loop calls it), on a fresh file under /tmp; prints events/s and CPU per event.</summary>
internal static class ProfileApply
{
    public static async Task<int> RunAsync(string[] args)
    {
        var events = args.Length > 1 && int.TryParse(args[1], out var e) && e > 0 ? e : 200_000;
        var listeners = args.Length > 2 && int.TryParse(args[2], out var l) && l > 0 ? l : 50_000;
        var folder = Path.Combine(Path.GetTempPath(), "profiles-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var store = new SqliteProfileStore(Path.Combine(folder, "profiles.db"));
            var batches = new SyntheticMusic(100_000).ListenerBatches(events, listeners);
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            foreach (var batch in batches) await store.ApplyAsync(batch, CancellationToken.None);
            clock.Stop();
            process.Refresh();
            var cpuUs = (process.TotalProcessorTime - cpu).TotalMilliseconds * 1000 / events;
            var size = new FileInfo(Path.Combine(folder, "profiles.db")).Length + (File.Exists(Path.Combine(folder, "profiles.db-wal")) ? new FileInfo(Path.Combine(folder, "profiles.db-wal")).Length : 0);
            Console.WriteLine($"profiles: {events:N0} events of {listeners:N0} listeners in {clock.Elapsed.TotalSeconds:0.00} s = {events / clock.Elapsed.TotalSeconds:N0} events/s, " +
                $"{cpuUs:0.0} µs CPU per event, file {size / 1048576.0:0.0} MiB [load {Suite.Machine.LoadAverage()}]");
            return 0;
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
