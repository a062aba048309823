using System.Diagnostics;

namespace Recommender.Benchmarks.Suite;

/// <summary>
/// <c>bench [--quick] [--runs N] [--growth-sizes A,B,C] [--no-growth] --host-dll DLL [--out FILE] [--chart FILE] [--work-dir DIR] [--pid-file FILE]</c>:
/// the issue 14 scenarios against the all-in-one host, written into docs/benchmarks.md. scripts/bench.sh builds and calls it.
/// </summary>
public static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var quick = args.Contains("--quick");
        var settings = quick ? BenchSettings.QuickRun : BenchSettings.Full;
        if (Value("--runs") is { } runs)
        {
            if (!int.TryParse(runs, out var n) || n < 1) return Usage($"--runs must be a positive whole number; got '{runs}'");
            settings = settings with { Runs = n };
        }
        if (Value("--growth-sizes") is { } sizes)
        {
            var parsed = sizes.Split(',').Select(s => int.TryParse(s, out var v) && v >= 100 ? v : -1).ToArray();
            if (parsed.Any(v => v < 0)) return Usage($"--growth-sizes takes whole numbers of at least 100, comma-separated; got '{sizes}'");
            settings = settings with { GrowthSizes = parsed };
        }
        if (args.Contains("--no-growth")) settings = settings with { GrowthSizes = [] };
        var hostDll = Value("--host-dll");
        if (hostDll is null || !File.Exists(hostDll)) return Usage($"--host-dll must name the built Recommender.AllInOne.dll; got '{hostDll}'");
        var work = Value("--work-dir") ?? Path.Combine(Path.GetTempPath(), "recommender-bench");
        var output = Value("--out") ?? (quick ? Path.Combine(work, "benchmarks-quick.md") : "docs/benchmarks.md");
        var chart = Value("--chart") ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, quick ? "cost-growth-quick.png" : "cost-growth.png");
        var pidFile = Value("--pid-file");
        var command = Value("--command") ?? "scripts/bench.sh" + (quick ? " --quick" : "");
        Directory.CreateDirectory(work);

        var log = new List<string>();
        var clock = Stopwatch.StartNew();
        void Say(string line)
        {
            var stamped = $"[{clock.Elapsed:mm\\:ss}] {line}";
            Console.WriteLine(stamped);
            log.Add(stamped);
        }
        var started = DateTimeOffset.UtcNow;
        var loadAtStart = Machine.LoadAverage();
        Say($"bench {(quick ? "--quick" : "(full)")}: {settings.Runs} runs; {Machine.Describe()}; load {loadAtStart}");

        var figures = new List<Figure>();
        {
            await using var host = await BenchHost.StartAsync(hostDll, Path.Combine(work, "main"),
                BenchSettings.HostSettings(settings.WorldEvents + FreshnessCrowdEvents), pidFile, TimeSpan.FromMinutes(2));
            Say($"host pid {host.Pid} on {host.Address}");
            var world = new ListeningWorld(settings.Listeners, settings.Tracks, seed: 17);
            using (var probeClient = Loopback.Client(host.Address, 2))
                await MainScenarios.LoadWorldAsync(host, world, settings.WorldEvents, settings.BatchSize, settings.Connections, settings.CatchUpTimeout * 2, Say, new FreshnessProbe(probeClient));
            var (rss, _) = host.Memory();
            Say($"host RSS with the world and its model: {rss:N0} MiB [load {Machine.LoadAverage()}]");
            var main = new MainScenarios(settings, host, world, Say);
            await main.RunAsync();
            figures.AddRange(main.Figures);
        }

        var growth = new List<GrowthPoint>();
        foreach (var size in settings.GrowthSizes)
        {
            try { growth.Add(await GrowthScenario.MeasureAsync(settings, size, hostDll, Path.Combine(work, $"growth-{size}"), pidFile, Say)); }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException)
            {
                Say($"growth {size:N0}: not measured: {e.Message}");
            }
        }
        var chartLink = "";
        if (growth.Count > 0)
        {
            var (ok, message) = await CostChart.WritePngAsync(CostChart.Svg(growth, $"issue 14 cost growth, {started:yyyy-MM-dd HH:mm} UTC, {Machine.Describe()}"), chart);
            Say(ok ? $"chart: {chart}" : $"chart not drawn: {message}");
            chartLink = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(output))!, ok ? chart : Path.ChangeExtension(chart, ".svg"));
        }

        var loadAtEnd = Machine.LoadAverage();
        Say($"done in {clock.Elapsed.TotalMinutes:0.0} min; load {loadAtEnd}");
        BenchReport.WriteInto(output, BenchReport.Section(settings, command, started, clock.Elapsed, loadAtStart, loadAtEnd, figures, growth, chartLink, log));
        Console.WriteLine();
        foreach (var f in figures) Console.WriteLine($"{f.Row} | {f.Name}: median {f.Format(f.Median)} {f.Unit} ({f.Spread}) {f.Verdict.Replace("*", "")}");
        Console.WriteLine($"wrote {output}");
        try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        return 0;
    }

    /// <summary>What <see cref="FreshnessProbe.SeedAsync"/> posts with 20 listeners per genre and 30 events each.</summary>
    private const int FreshnessCrowdEvents = 6 * 20 * 30;

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"bench: {problem}");
        Console.Error.WriteLine("usage: bench --host-dll DLL [--quick] [--runs N] [--growth-sizes A,B,C | --no-growth] [--out FILE] [--chart FILE] [--work-dir DIR] [--pid-file FILE]");
        return 2;
    }
}
