using System.Diagnostics;

namespace Recommender.Benchmarks.Suite;

/// <summary>The rows of issue 14's table, each run <see cref="BenchSettings.Runs"/> times on one host holding the world
/// (listeners × tracks, a model trained on <see cref="BenchSettings.WorldEvents"/> events).</summary>
public sealed class MainScenarios(BenchSettings settings, BenchHost host, ListeningWorld world, Action<string> say)
{
    private const string IngestRow = "ingest, batches of 500, 16 connections";
    private const string DrainRow = "every consumer within 5 s of the head when the load stops";
    private const string ServingRow = "GET /v1/recommendations, 25 results, random known listeners";
    private const string FreshnessRow = "freshness, acknowledged → reflected, under ingest load";
    private const string MemoryRow = "host memory";
    private const string SingleRow = "single-event requests";

    private readonly StreamLag _lag = new(host.DataDirectory);
    private int _seed = 1000;

    public List<Figure> Figures { get; } = [];

    private Figure Figure(string row, string name, string unit, string target, Func<double, bool>? meets, bool higherIsBetter = false)
    {
        var figure = new Figure(row, name, unit, target, meets, higherIsBetter);
        Figures.Add(figure);
        return figure;
    }

    public async Task RunAsync()
    {
        await Guard("recommendations", ServingAsync);
        await Guard("single events", SingleEventsAsync);
        await Guard("freshness", FreshnessAsync);
        await Guard("ingest", IngestAsync);
        var memory = Figure(MemoryRow, $"RSS at the end, {settings.Listeners:N0} listeners / {settings.Tracks:N0} tracks", "MiB", "≤ 1,536 MiB", v => v <= 1536);
        var peak = Figure(MemoryRow, "peak RSS over the whole bench (VmHWM)", "MiB", "≤ 1,536 MiB", v => v <= 1536);
        var (rss, hwm) = host.Memory();
        memory.Add(rss, Machine.LoadAverage());
        peak.Add(hwm, Machine.LoadAverage());
    }

    // a scenario that fails is reported as such and the others still run: the figures it did not produce read "n/a"
    private async Task Guard(string scenario, Func<Task> run)
    {
        try { await run(); }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TimeoutException or TaskCanceledException)
        {
            say($"{scenario}: stopped by {e.GetType().Name}: {e.Message}");
        }
    }

    private async Task ServingAsync()
    {
        var closedRate = Figure(ServingRow, $"requests/s, closed loop, {settings.Connections} connections", "req/s", "≥ 5,000 req/s", null, higherIsBetter: true);
        var closedP50 = Figure(ServingRow, $"p50, closed loop, {settings.Connections} connections", "ms", "", null);
        var closedP99 = Figure(ServingRow, $"p99, closed loop, {settings.Connections} connections", "ms", "", null);
        var cpu = Figure(ServingRow, "host CPU per request, closed loop (the steadiest figure on a busy machine)", "µs", "", null);
        var openRate = Figure(ServingRow, $"requests/s answered, open loop at {settings.RecommendationsPerSecond:N0}/s", "req/s",
            $"≥ {settings.RecommendationsPerSecond:N0} req/s", v => v >= 0.99 * settings.RecommendationsPerSecond, higherIsBetter: true);
        var openP50 = Figure(ServingRow, $"p50 from the intended send time, open loop at {settings.RecommendationsPerSecond:N0}/s", "ms", "", null);
        var openP99 = Figure(ServingRow, $"p99 from the intended send time, open loop at {settings.RecommendationsPerSecond:N0}/s", "ms", "≤ 10 ms", v => v <= 10);
        using var http = Loopback.Client(host.Address, settings.Connections);
        var random = new Random(7);
        var users = Enumerable.Range(0, 1 << 20).Select(_ => random.Next(world.Listeners)).ToArray();
        HttpRequestMessage Ask(long i) => new(HttpMethod.Get, $"/v1/recommendations?user_id={ListeningWorld.ListenerId(users[i % users.Length])}&num_results=25");
        // warm-up: JIT, connection pool, tiered compilation
        await ClosedLoopLoad.RunAsync(http, Ask, settings.Connections, long.MaxValue, TimeSpan.FromSeconds(3), Loopback.IsOk);
        for (var run = 1; run <= settings.Runs; run++)
        {
            var cpuBefore = host.CpuSeconds();
            var closed = await ClosedLoopLoad.RunAsync(http, i => Ask(i + run * 100_000), settings.Connections, long.MaxValue, settings.Window, Loopback.IsOk);
            var load = Machine.LoadAverage();
            cpu.Add((host.CpuSeconds() - cpuBefore) * 1e6 / Math.Max(1, closed.Ok), load);
            closedRate.Add(closed.PerSecond, load);
            closedP50.Add(closed.Percentile(0.5), load);
            closedP99.Add(closed.Percentile(0.99), load);
            var open = await OpenLoopLoad.RunAsync(http, i => Ask(i + run * 300_000), settings.RecommendationsPerSecond, settings.Window, settings.Connections * 4, Loopback.IsOk);
            load = Machine.LoadAverage();
            openRate.Add(open.PerSecond, load);
            openP50.Add(open.Percentile(0.5), load);
            openP99.Add(open.Percentile(0.99), load);
            say($"recommendations run {run}: closed {closed.PerSecond:N0}/s ({cpu.Values[^1]:N0} µs host CPU each) p50 {closed.Percentile(0.5):0.0} ms p99 {closed.Percentile(0.99):0.0} ms ({closed.Failed} failed); " +
                $"open at {settings.RecommendationsPerSecond:N0}/s: {open.PerSecond:N0}/s answered, p50 {open.Percentile(0.5):0.0} ms p99 {open.Percentile(0.99):0.0} ms ({open.Failed} failed) [load {load}]");
        }
    }

    private async Task SingleEventsAsync()
    {
        var rate = Figure(SingleRow, $"requests/s acknowledged, open loop at {settings.SingleEventsPerSecond:N0}/s", "req/s",
            $"≥ {settings.SingleEventsPerSecond:N0} req/s", v => v >= 0.99 * settings.SingleEventsPerSecond, higherIsBetter: true);
        var p99 = Figure(SingleRow, $"p99 from the intended send time, open loop at {settings.SingleEventsPerSecond:N0}/s", "ms", "≤ 20 ms", v => v <= 20);
        var refused = Figure(SingleRow, "refused (429/503) or failed", "req", "", null);
        using var http = Loopback.Client(host.Address, settings.Connections * 4);
        for (var run = 1; run <= settings.Runs; run++)
        {
            var bodies = world.Batches((int)(settings.SingleEventsPerSecond * settings.Window.TotalSeconds), 1, $"single{run}", everyListener: false, _seed++);
            var result = await OpenLoopLoad.RunAsync(http, i => IngestLoad.Post(bodies[i]), settings.SingleEventsPerSecond, settings.Window, settings.Connections * 4, Loopback.IsAccepted);
            var load = Machine.LoadAverage();
            rate.Add(result.PerSecond, load);
            p99.Add(result.Percentile(0.99), load);
            refused.Add(result.Refused + result.Failed, load);
            say($"single events run {run}: {result.PerSecond:N0}/s acknowledged, p50 {result.Percentile(0.5):0.0} ms p99 {result.Percentile(0.99):0.0} ms, {result.Refused} refused, {result.Failed} failed [load {load}]");
            await _lag.CatchUpAsync(_lag.Consumers(), settings.CatchUpTimeout);
        }
    }

    private async Task FreshnessAsync()
    {
        var p50 = Figure(FreshnessRow, "p50, 202 → the listener's top 10 shows the new genre", "ms", "", null);
        var p99 = Figure(FreshnessRow, "p99, 202 → the listener's top 10 shows the new genre", "ms", "≤ 100 ms", v => v <= 100);
        var background = Figure(FreshnessRow, $"background ingest accepted meanwhile (open loop at {settings.BackgroundEventsPerSecond:N0} events/s)", "events/s",
            $"{settings.BackgroundEventsPerSecond:N0} events/s", v => v >= 0.95 * settings.BackgroundEventsPerSecond, higherIsBetter: true);
        using var probeClient = Loopback.Client(host.Address, 2);
        var probe = new FreshnessProbe(probeClient);
        using var http = Loopback.Client(host.Address, settings.Connections);
        var batchesPerSecond = settings.BackgroundEventsPerSecond / settings.BatchSize;
        for (var run = 1; run <= settings.Runs; run++)
        {
            var batches = world.Batches((int)(batchesPerSecond * settings.FreshnessWindow.TotalSeconds), settings.BatchSize, $"bg{run}", everyListener: false, _seed++);
            var load = OpenLoopLoad.RunAsync(http, i => IngestLoad.Post(batches[i]), batchesPerSecond, settings.FreshnessWindow, settings.Connections, Loopback.IsAccepted);
            var latencies = new List<double>();
            var probes = 0;
            while (!load.IsCompleted)
            {
                try { latencies.Add((await probe.MeasureAsync(run * 1000 + probes, TimeSpan.FromSeconds(30))).TotalMilliseconds); }
                catch (TimeoutException e) { say($"  probe timed out: {e.Message}"); latencies.Add(30_000); }
                probes++;
            }
            var result = await load;
            var loadAverage = Machine.LoadAverage();
            var sorted = latencies.Order().ToArray();
            double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
            p50.Add(At(0.5), loadAverage);
            p99.Add(At(0.99), loadAverage);
            background.Add(result.PerSecond * settings.BatchSize, loadAverage);
            say($"freshness run {run}: {sorted.Length} probes, p50 {At(0.5):0.0} ms p99 {At(0.99):0.0} ms; background {result.PerSecond * settings.BatchSize:N0} events/s accepted, {result.Refused} batches refused [load {loadAverage}]");
            await _lag.CatchUpAsync(_lag.Consumers(), settings.CatchUpTimeout);
        }
        p99.Note = "p99 over the probes of a run (a probe is sequential: settle, switch genre, poll every 2 ms)";
    }

    private async Task IngestAsync()
    {
        var rate = Figure(IngestRow, $"events/s accepted, {settings.IngestEvents:N0} events", "events/s", "≥ 50,000 events/s", v => v >= 50_000, higherIsBetter: true);
        var cpu = Figure(IngestRow, "host CPU per event, ingest and all three consumers (the steadiest figure on a busy machine)", "µs", "", null);
        var consumers = _lag.Consumers();
        var behind = consumers.ToDictionary(c => c, c => Figure(DrainRow, $"{c}: records behind when the load stopped", "records", "", null));
        var catchUp = consumers.ToDictionary(c => c, c => Figure(DrainRow, $"{c}: seconds to reach the head after the load stopped", "s", "≤ 5 s", v => v <= 5));
        using var http = Loopback.Client(host.Address, settings.Connections);
        for (var run = 1; run <= settings.Runs; run++)
        {
            var batches = world.Batches(settings.IngestEvents / settings.BatchSize, settings.BatchSize, $"ingest{run}", everyListener: false, _seed++);
            var cpuBefore = host.CpuSeconds();
            var result = await IngestLoad.RunAsync(http, batches, settings.BatchSize, settings.Connections);
            var lag = _lag.Behind(consumers);
            var caughtUp = await _lag.CatchUpAsync(consumers, settings.CatchUpTimeout);
            var load = Machine.LoadAverage();
            var cpuSeconds = host.CpuSeconds() - cpuBefore;
            cpu.Add(cpuSeconds * 1e6 / settings.IngestEvents, load);
            rate.Add(result.PerSecond, load);
            foreach (var c in consumers)
            {
                behind[c].Add(lag[c], load);
                catchUp[c].Add(caughtUp[c] ?? double.NaN, load);
            }
            say($"ingest run {run}: {result.PerSecond:N0} events/s accepted ({result.Elapsed.TotalSeconds:0.0} s, {result.Refused} refusals), host CPU {cpuSeconds:0} s until caught up; behind at stop: "
                + string.Join(", ", consumers.Select(c => $"{c} {lag[c]:N0} → head in {(caughtUp[c] is { } s ? $"{s:0.0} s" : "timeout")}")) + $" [load {load}]");
            batches = null;
            GC.Collect();
        }
        rate.Note = $"{settings.IngestEvents:N0} events per run, 16 connections posting pre-built batches back to back";
    }

    /// <summary>Loads the world once, before the measured runs: every listener gets events, then the host trains its model.</summary>
    public static async Task<(double Seconds, double EventsPerSecond)> LoadWorldAsync(BenchHost host, ListeningWorld world, int events, int batchSize, int connections,
        TimeSpan catchUpTimeout, Action<string> say, FreshnessProbe? crowd = null)
    {
        var clock = Stopwatch.StartNew();
        if (crowd is not null) await crowd.SeedAsync(listenersPerGenre: 20, eventsPerListener: 30);
        var batches = world.Batches(events / batchSize, batchSize, "world", everyListener: true, randomSeed: 1);
        using var http = Loopback.Client(host.Address, connections);
        var ingest = await IngestLoad.RunAsync(http, batches, batchSize, connections);
        say($"world: {events:N0} events of {world.Listeners:N0} listeners over {world.Tracks:N0} tracks accepted in {ingest.Elapsed.TotalSeconds:0.0} s ({ingest.PerSecond:N0}/s)");
        var lag = new StreamLag(host.DataDirectory);
        var caught = await lag.CatchUpAsync(lag.Consumers(), catchUpTimeout);
        say("consumers at the head: " + string.Join(", ", caught.Select(c => $"{c.Key} {(c.Value is { } s ? $"{s:0.0} s" : "timeout")}")));
        if (!await Loopback.WaitForModelAsync(host.DataDirectory, catchUpTimeout)) throw new TimeoutException("the host trained no model: " + string.Join(" / ", host.LastLines(5)));
        say($"model trained; world ready after {clock.Elapsed.TotalSeconds:0} s");
        return (clock.Elapsed.TotalSeconds, ingest.PerSecond);
    }
}
