using System.Diagnostics;
using DatasetBuilder;
using DatasetBuilder.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Producer.Simulation;
using Recommender.Adapters.Local.Archive;
using Recommender.Core.Events;

// archive --data-dir D --events N [--users U] [--tracks T]: a simulated archive written through FileEventArchive.
// build --data-dir D [--since all|last]: one local dataset build run, as the build-datasets verb does it.
var verb = args.FirstOrDefault();
string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var dataDir = Path.GetFullPath(Arg("--data-dir", "./bench-data"));
var clock = Stopwatch.StartNew();
switch (verb)
{
    case "archive":
    {
        var events = long.Parse(Arg("--events", "1000000"));
        var catalog = SyntheticCatalog.Generate(int.Parse(Arg("--tracks", "20000")), seed: 7);
        var listeners = SyntheticListeners.Generate(catalog, int.Parse(Arg("--users", "10000")), seed: 7);
        var simulator = new ListeningSimulator(listeners, new SimulationOptions { Seed = 7, Span = TimeSpan.FromDays(30), EventIdPrefix = "bench-" });
        var archive = new FileEventArchive(Path.Combine(dataDir, "archive"));
        var batch = new List<PlaybackEvent>(50_000);
        long written = 0;
        foreach (var e in simulator.Generate(events))
        {
            batch.Add(e);
            if (batch.Count < batch.Capacity) continue;
            await archive.WriteAsync(batch, CancellationToken.None);
            written += batch.Count;
            batch.Clear();
        }
        await archive.WriteAsync(batch, CancellationToken.None);
        written += batch.Count;
        Console.WriteLine($"archived {written:N0} events in {clock.Elapsed.TotalSeconds:F1} s under {archive.Root}");
        return 0;
    }
    case "build":
    {
        await using var services = StandaloneBuilder.Compose(new Dictionary<string, string?> { ["Recommender:DataDirectory"] = dataDir });
        var run = await services.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest(SinceLast: Arg("--since", "all") == "last"),
            new ConsoleProgress(p => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,7:F1}s] [peak RSS {PeakMegabytes(),5} MB] {p.Step,-10} {p.Message}")), CancellationToken.None);
        Console.WriteLine($"run {run.RunId}: {run.Status} in {clock.Elapsed.TotalSeconds:F1} s; {string.Join(", ", run.Counts.Select(c => $"{c.Key} {c.Value:N0}"))}; kept {run.Kept}");
        return run.Status == "succeeded" ? 0 : 1;
    }
    default:
        Console.Error.WriteLine("usage: archive --data-dir D --events N | build --data-dir D [--since all|last]");
        return 2;
}

// the process's peak resident set so far: printed with each step, it shows which step needs the memory
static long PeakMegabytes()
{
    using var self = Process.GetCurrentProcess();
    return self.PeakWorkingSet64 >> 20;
}

sealed class ConsoleProgress(Action<BuildProgress> write) : IProgress<BuildProgress>
{
    public void Report(BuildProgress value) => write(value);
}
