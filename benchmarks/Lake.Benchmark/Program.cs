using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Producer.Simulation;
using Recommender.Adapters.Local.Analytics;
using Recommender.Adapters.Local.Archive;
using Recommender.Core.Analytics;
using Recommender.Core.Events;

// The local lake benchmark (docs/benchmarks.md, "Listening analytics"); run.sh runs the steps in order.
// generate --lake D --events N [--users U] [--tracks T]: simulated listening over 30 days as the earlier archive kept it
//   (gzipped JSON lines, dt=/hour=, each event archived in the hour it happened), so compaction converts it.
// small-files --lake D [--events N] [--batch B]: into an empty lake, one day of N events written through the archive consumer's
//   writer, B a file, then that day compacted: what the running host does each hour.
// compact --lake D: LakeCompaction over the whole lake.
// query --lake D [--runs R]: one listener's stats (every report) and everyone's daily report, R runs each after a warm-up.
var verb = args.FirstOrDefault();
string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var lake = Path.GetFullPath(Arg("--lake", "/tmp/lake-bench/archive"));
var clock = Stopwatch.StartNew();
var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
const int Days = 30;
switch (verb)
{
    case "generate":
    {
        var events = long.Parse(Arg("--events", "10000000"), CultureInfo.InvariantCulture);
        var catalog = SyntheticCatalog.Generate(int.Parse(Arg("--tracks", "20000"), CultureInfo.InvariantCulture), seed: 7);
        var listeners = SyntheticListeners.Generate(catalog, int.Parse(Arg("--users", "10000"), CultureInfo.InvariantCulture), seed: 7);
        var simulator = new ListeningSimulator(listeners, new SimulationOptions { Seed = 7, Now = start.AddDays(Days), Span = TimeSpan.FromDays(Days), EventIdPrefix = "lake-" });
        // the simulator yields in time order: one gzip stream per hour partition, opened as the hours pass
        var hourly = new SortedDictionary<DateTime, List<PlaybackEvent>>();
        long written = 0;
        DateTime? open = null;
        Stream? file = null;
        GZipStream? gzip = null;
        foreach (var e in simulator.Generate(events))
        {
            var at = e.OccurredAt.UtcDateTime;
            var hour = new DateTime(at.Year, at.Month, at.Day, at.Hour, 0, 0, DateTimeKind.Utc);
            if (hour != open)
            {
                gzip?.Dispose();
                file?.Dispose();
                var folder = Path.Combine(lake, $"dt={hour:yyyy-MM-dd}", $"hour={hour:HH}");
                Directory.CreateDirectory(folder);
                file = File.Create(Path.Combine(folder, $"events-{hour:yyyyMMddTHH}-{Guid.NewGuid():N}{FileEventArchive.JsonLinesSuffix}"));
                gzip = new GZipStream(file, CompressionLevel.Fastest);
                open = hour;
            }
            gzip!.Write(EventJson.Serialize(e));
            gzip.WriteByte((byte)'\n');
            if (++written % 1_000_000 == 0) Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] {written:N0} events");
        }
        gzip?.Dispose();
        file?.Dispose();
        Console.WriteLine($"generated {written:N0} events in {clock.Elapsed.TotalSeconds:F1} s: {Megabytes(lake)} MB of gzipped JSON lines under {lake}");
        return 0;
    }
    case "small-files":
    {
        var events = int.Parse(Arg("--events", "300000"), CultureInfo.InvariantCulture);
        var batch = int.Parse(Arg("--batch", "500"), CultureInfo.InvariantCulture);
        var catalog = SyntheticCatalog.Generate(20_000, seed: 8);
        var simulator = new ListeningSimulator(SyntheticListeners.Generate(catalog, 10_000, seed: 8),
            new SimulationOptions { Seed = 8, Now = start.AddDays(Days + 1), Span = TimeSpan.FromDays(1), EventIdPrefix = "day-" });
        var archive = new FileEventArchive(lake, new FixedTime(start.AddDays(Days).AddHours(12)));
        foreach (var chunk in simulator.Generate(events).Chunk(batch)) await archive.WriteAsync(chunk, CancellationToken.None);
        var day = archive.Partitions().Single();
        var files = FileEventArchive.ParquetFiles(day.Folder).Count();
        Console.WriteLine($"wrote {events:N0} events in {files:N0} files of {batch} through the archive writer in {clock.Elapsed.TotalSeconds:F1} s ({events / clock.Elapsed.TotalSeconds:N0} events/s), {Megabytes(day.Folder)} MB");
        var result = await new LakeCompaction(new FileEventArchive(lake)).CompactAsync();
        Console.WriteLine($"compacted that day: {files:N0} files to {FileEventArchive.ParquetFiles(day.Folder).Count()} in {result.Elapsed.TotalSeconds:F2} s, {Megabytes(day.Folder)} MB");
        return 0;
    }
    case "compact":
    {
        var result = await new LakeCompaction(new FileEventArchive(lake)).CompactAsync();
        Console.WriteLine($"compacted {result.Partitions} day partitions: {result.FilesBefore:N0} files to {result.FilesAfter:N0}, {result.Events:N0} events, " +
            $"{result.Elapsed.TotalSeconds:F1} s; the lake is {Megabytes(lake)} MB of Parquet");
        return 0;
    }
    case "query":
    {
        var runs = int.Parse(Arg("--runs", "5"), CultureInfo.InvariantCulture);
        var engine = new DuckDbAnalyticsEngine(new FileEventArchive(lake));
        var reports = new ListeningReports(engine);
        var (from, to) = (DateOnly.FromDateTime(start.UtcDateTime), DateOnly.FromDateTime(start.AddDays(Days - 1).UtcDateTime));
        // a listener of typical activity: the median of the listeners' play counts
        var counts = await engine.QueryAsync("SELECT user_id, count(*) AS plays FROM playback_events GROUP BY user_id ORDER BY plays, user_id", CancellationToken.None);
        var listener = counts.Rows[counts.Rows.Count / 2];
        var total = counts.Rows.Sum(r => long.Parse(r[1]!, CultureInfo.InvariantCulture));
        Console.WriteLine($"lake: {total:N0} events, {counts.Rows.Count:N0} listeners; listener {listener[0]} has {listener[1]} events (the median)");
        await Measure($"one listener's stats (all 8 reports, {from:yyyy-MM-dd} to {to:yyyy-MM-dd})", runs,
            () => reports.StatsAsync(new ReportParameters(from, to, listener[0]), CancellationToken.None));
        await Measure($"everyone's daily report ({from:yyyy-MM-dd} to {to:yyyy-MM-dd})", runs,
            () => reports.RunAsync("daily_listening", new ReportParameters(from, to, null), CancellationToken.None));
        return 0;
    }
    case "sql":
    {
        // sql --lake D "SELECT ...": one statement over the lake's playback_events, timed (for looking into a report's cost)
        var engine = new DuckDbAnalyticsEngine(new FileEventArchive(lake));
        // --mart NAME [--user U]: a report's composed statement over the benchmark's 30 days; --explain: DuckDB's profile of it
        var sql = args.Contains("--mart")
            ? AnalyticsModels.Embedded.Compose(Arg("--mart", "daily_listening"),
                new ReportParameters(DateOnly.FromDateTime(start.UtcDateTime), DateOnly.FromDateTime(start.AddDays(Days - 1).UtcDateTime), args.Contains("--user") ? Arg("--user", "") : null), null)
            : args[^1];
        if (args.Contains("--explain")) sql = "EXPLAIN ANALYZE " + sql;
        await engine.QueryAsync(sql, CancellationToken.None);
        clock.Restart();
        var table = await engine.QueryAsync(sql, CancellationToken.None);
        Console.WriteLine($"{table.Rows.Count} rows in {clock.Elapsed.TotalMilliseconds:F0} ms; first: {string.Join(", ", table.Rows.FirstOrDefault() ?? [])}");
        if (args.Contains("--explain")) Console.WriteLine(table.Rows[0][^1]);
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: generate --lake D --events N | small-files --lake D | compact --lake D | query --lake D [--runs R]");
        return 2;
}

static async Task Measure<T>(string what, int runs, Func<Task<T>> work)
{
    await work(); // warm-up: DuckDB's extension loading and the file system cache
    var (times, cpu) = (new List<double>(), new List<double>());
    using var process = Process.GetCurrentProcess();
    for (var i = 0; i < runs; i++)
    {
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await work();
        times.Add(clock.Elapsed.TotalMilliseconds);
        process.Refresh();
        cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
    }
    times.Sort();
    cpu.Sort();
    // CPU time (all threads of this process) next to wall time: on a shared machine the wall time is mostly waiting
    Console.WriteLine($"{what}: median {Median(times):F0} ms, max {times[^1]:F0} ms over {runs} runs ({string.Join(", ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))}); " +
        $"CPU time median {Median(cpu):F0} ms, max {cpu[^1]:F0} ms");
}

static double Median(List<double> sorted) => sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

static long Megabytes(string path) =>
    Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) / 1_000_000;

sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
