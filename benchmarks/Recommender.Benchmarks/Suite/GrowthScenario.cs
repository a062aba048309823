namespace Recommender.Benchmarks.Suite;

/// <summary>One point of the cost-growth chart: a fresh host holding N listeners over N tracks (events = N × a few), its serving
/// throughput and p99 (closed loop) and its resident memory.</summary>
public sealed record GrowthPoint(int Size, long Events, double IngestPerSecond, double ServedPerSecond, double P99Ms, double RssMiB, double PeakMiB, string Load);

public static class GrowthScenario
{
    public static async Task<GrowthPoint> MeasureAsync(BenchSettings settings, int size, string hostDll, string dataDirectory, string? pidFile, Action<string> say)
    {
        var events = (long)size * settings.GrowthEventsPerListener;
        events -= events % settings.BatchSize;
        await using var host = await BenchHost.StartAsync(hostDll, dataDirectory, BenchSettings.HostSettings(events), pidFile, TimeSpan.FromMinutes(2));
        var world = new ListeningWorld(size, size, seed: 17);
        var (_, ingestRate) = await MainScenarios.LoadWorldAsync(host, world, (int)events, settings.BatchSize, settings.Connections, settings.CatchUpTimeout * 2, say);
        using var http = Loopback.Client(host.Address, settings.Connections);
        HttpRequestMessage Ask(long _) => new(HttpMethod.Get, $"/v1/recommendations?user_id={ListeningWorld.ListenerId(Random.Shared.Next(size))}&num_results=25");
        await ClosedLoopLoad.RunAsync(http, Ask, settings.Connections, long.MaxValue, TimeSpan.FromSeconds(2), Loopback.IsOk);
        var served = await ClosedLoopLoad.RunAsync(http, Ask, settings.Connections, long.MaxValue, settings.Window, Loopback.IsOk);
        var (rss, peak) = host.Memory();
        var point = new GrowthPoint(size, events, ingestRate, served.PerSecond, served.Percentile(0.99), rss, peak, Machine.LoadAverage());
        say($"growth {size:N0}: {served.PerSecond:N0} req/s, p99 {served.Percentile(0.99):0.0} ms, RSS {rss:N0} MiB (peak {peak:N0}) [load {point.Load}]");
        return point;
    }
}
