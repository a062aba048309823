using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace Reliability.Proofs;

/// <summary>
/// The overload proof: measure what the host acknowledges with closed-loop posters (its capacity), then offer three times
/// that rate open-loop (requests fired on a clock, whatever the answers) and watch the answers and the host's memory, then
/// drop to a normal load and time the recovery; at the end every acknowledged event must be on the stream once, counted
/// and archived, as in the crash proof.
/// </summary>
internal static class OverloadProof
{
    private const int BatchSize = 500;

    public static async Task<int> RunAsync(string hostDll, TimeSpan overload, int seed, string dataDirectory, IReadOnlyList<string> extraSettings)
    {
        Directory.CreateDirectory(dataDirectory);
        // as a deployment runs: an ingest key made by the keys verb, so every request passes the key check and its rate limit
        var key = (await HostProcess.RunVerbAsync(hostDll, "keys", "create", "--scopes", "ingest", "--name", "overload proof", "--data-dir", dataDirectory)).Trim();
        Console.WriteLine($"ingest key {key[..15]}… created; settings: {(extraSettings.Count == 0 ? "defaults" : string.Join(' ', extraSettings))}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var host = new HostProcess(hostDll, dataDirectory, HostProcess.FreePort(), ["--Logging:LogLevel:Default=Warning", .. extraSettings]);
        await host.StartAsync(http, TimeSpan.FromSeconds(120));
        var run = new OverloadRun(host, key, seed);
        Console.WriteLine($"host ready; RSS {Memory.Rss(host.Id) / 1_048_576.0:F0} MiB");

        // capacity: 8 posters back to back, each waiting for its answer
        var capacity = await run.ClosedLoopAsync("capacity", posters: 8, TimeSpan.FromSeconds(20), skip: TimeSpan.FromSeconds(5));
        var offered = 3 * capacity.AcceptedPerSecond / BatchSize;
        Console.WriteLine($"capacity: {capacity.AcceptedPerSecond:N0} events/s acknowledged ({capacity.AcceptedPerSecond / BatchSize:F1} requests of {BatchSize}/s)");

        var rssBefore = Memory.Rss(host.Id);
        var flood = await run.OpenLoopAsync(offered, overload);
        var peak = Memory.Peak(host.Id);
        Console.WriteLine($"overload: {offered:F1} requests/s offered for {overload.TotalSeconds:F0} s ({3 * capacity.AcceptedPerSecond:N0} events/s, 3x capacity)");

        var recovery = await run.ClosedLoopAsync("recovery", posters: 2, TimeSpan.FromSeconds(20), skip: TimeSpan.Zero);
        var rssAfter = Memory.Rss(host.Id);
        Console.WriteLine($"recovery: first 202 {recovery.FirstAccepted?.TotalSeconds.ToString("F1") ?? "never"} s after the overload; " +
            $"{recovery.AcceptedPerSecond:N0} events/s acknowledged by 2 posters; answers: {Describe(recovery.ByStatus)}");

        await DeliveryCheck.WaitForConsumersAsync(dataDirectory, TimeSpan.FromMinutes(15));
        await host.StopAsync();

        Console.WriteLine();
        Console.WriteLine($"answers under overload:              {Describe(flood.ByStatus)}; failed to connect or timed out: {flood.NoAnswer}");
        Console.WriteLine($"acknowledged under overload:         {flood.Accepted * BatchSize:N0} events ({flood.Accepted * BatchSize / overload.TotalSeconds:N0}/s)");
        Console.WriteLine($"answer time under overload:          p50 {flood.Percentile(0.5):F0} ms, p99 {flood.Percentile(0.99):F0} ms, max {flood.Percentile(1):F0} ms");
        Console.WriteLine($"429/503 without Retry-After or a problem; other 5xx: {run.BadRefusals}; {flood.ByStatus.Where(p => p.Key >= 500 && p.Key != 503).Sum(p => p.Value)}");
        Console.WriteLine($"host memory (RSS): {rssBefore / 1_048_576.0:F0} MiB before the overload, peak {peak / 1_048_576.0:F0} MiB (VmHWM), " +
            $"{rssAfter / 1_048_576.0:F0} MiB after the recovery; during it every 5 s: {string.Join(", ", flood.RssSamples.Select(r => $"{r / 1_048_576.0:F0}"))} MiB");
        var refusedRight = run.BadRefusals == 0 && flood.ByStatus.Where(p => p.Key >= 500 && p.Key != 503).Sum(p => p.Value) == 0
            && flood.ByStatus.Keys.Any(k => k is 429 or 503);
        var recovered = recovery.FirstAccepted is not null;
        if (!refusedRight) Console.WriteLine("FAILED: the overload was not refused with 429/503 + Retry-After alone");
        if (!recovered) Console.WriteLine("FAILED: no 202 after the overload");
        var verdict = await DeliveryCheck.VerifyAsync(dataDirectory, run.Acknowledged.Keys.ToList());
        return verdict == 0 && refusedRight && recovered ? 0 : 1;
    }

    private static string Describe(IReadOnlyDictionary<int, long> byStatus) =>
        string.Join(", ", byStatus.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value:N0}"));

    private sealed class OverloadRun(HostProcess host, string key, int seed)
    {
        private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 2048 })
        {
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestHeaders = { { "x-api-key", key } },
        };
        private long _batches;
        public ConcurrentDictionary<(string User, string EventId), byte> Acknowledged { get; } = new();
        public long BadRefusals;

        public sealed record Closed(double AcceptedPerSecond, TimeSpan? FirstAccepted, IReadOnlyDictionary<int, long> ByStatus);

        public sealed class Flood
        {
            public ConcurrentDictionary<int, long> ByStatus { get; } = new();
            public ConcurrentBag<double> Milliseconds { get; } = [];
            public List<long> RssSamples { get; } = [];
            public long Accepted;
            public long NoAnswer;

            public double Percentile(double p)
            {
                var sorted = Milliseconds.Order().ToList();
                return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
            }
        }

        public async Task<Closed> ClosedLoopAsync(string name, int posters, TimeSpan duration, TimeSpan skip)
        {
            var clock = Stopwatch.StartNew();
            var byStatus = new ConcurrentDictionary<int, long>();
            long accepted = 0;
            long firstAcceptedTicks = -1;
            await Task.WhenAll(Enumerable.Range(0, posters).Select(_ => Task.Run(async () =>
            {
                while (clock.Elapsed < duration)
                {
                    var (status, _) = await PostAsync();
                    if (status is null) continue;
                    byStatus.AddOrUpdate(status.Value, 1, (_, c) => c + 1);
                    if (status != 202) { await Task.Delay(100); continue; }
                    Interlocked.CompareExchange(ref firstAcceptedTicks, clock.Elapsed.Ticks, -1);
                    if (clock.Elapsed >= skip) Interlocked.Add(ref accepted, BatchSize);
                }
            })));
            Console.WriteLine($"[{name}] {posters} posters for {duration.TotalSeconds:F0} s: {Describe(byStatus)}");
            return new Closed(accepted / (duration - skip).TotalSeconds, firstAcceptedTicks < 0 ? null : TimeSpan.FromTicks(firstAcceptedTicks), byStatus);
        }

        /// <summary>Fires requests on a clock at the given rate, not waiting for answers.</summary>
        public async Task<Flood> OpenLoopAsync(double requestsPerSecond, TimeSpan duration)
        {
            var flood = new Flood();
            var inFlight = new List<Task>();
            var clock = Stopwatch.StartNew();
            var nextSample = TimeSpan.Zero;
            for (long n = 0; clock.Elapsed < duration; n++)
            {
                var due = TimeSpan.FromSeconds(n / requestsPerSecond);
                if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
                if (clock.Elapsed >= nextSample)
                {
                    flood.RssSamples.Add(Memory.Rss(host.Id));
                    nextSample += TimeSpan.FromSeconds(5);
                }
                inFlight.Add(Task.Run(async () =>
                {
                    var sent = Stopwatch.StartNew();
                    var (status, _) = await PostAsync();
                    if (status is null) { Interlocked.Increment(ref flood.NoAnswer); return; }
                    flood.Milliseconds.Add(sent.Elapsed.TotalMilliseconds);
                    flood.ByStatus.AddOrUpdate(status.Value, 1, (_, c) => c + 1);
                    if (status == 202) Interlocked.Increment(ref flood.Accepted);
                }));
            }
            await Task.WhenAll(inFlight);
            return flood;
        }

        /// <summary>One batch of new events; the status, or null when no answer came.</summary>
        private async Task<(int? Status, bool Problem)> PostAsync()
        {
            var batch = Interlocked.Increment(ref _batches);
            var random = new Random(seed + (int)batch);
            var events = Enumerable.Range(0, BatchSize).Select(i => (User: $"over-u{random.Next(2_000)}", EventId: $"o{batch}-{i}")).ToList();
            var body = new StringBuilder(BatchSize * 200).Append('[');
            var at = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
            foreach (var (user, id) in events)
                body.Append(body.Length > 1 ? "," : "").Append($$"""{"event_id":"{{id}}","user_id":"{{user}}","track_id":"t{{random.Next(5_000)}}","event_type":"{{(random.Next(4) == 0 ? "skip" : "complete")}}","occurred_at":"{{at}}","ms_played":120000,"track_duration_ms":200000}""");
            body.Append(']');
            try
            {
                using var response = await _http.PostAsync(new Uri(host.Address, "/v1/events"), new StringContent(body.ToString(), Encoding.UTF8, "application/json"));
                var status = (int)response.StatusCode;
                if (response.StatusCode == HttpStatusCode.Accepted)
                    foreach (var e in events) Acknowledged.TryAdd(e, 0);
                else if ((status is 429 or 503 && response.Headers.RetryAfter is null) || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    Interlocked.Increment(ref BadRefusals);
                return (status, true);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return (null, false);
            }
        }
    }
}

/// <summary>The host's memory as Linux accounts it (/proc/PID/status), in bytes.</summary>
internal static class Memory
{
    public static long Rss(int pid) => Read(pid, "VmRSS:");

    /// <summary>The high-water mark of the resident set since the process started.</summary>
    public static long Peak(int pid) => Read(pid, "VmHWM:");

    private static long Read(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0]) * 1024;
    }
}
