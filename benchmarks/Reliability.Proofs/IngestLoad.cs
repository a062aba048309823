using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Reliability.Proofs;

/// <summary>
/// Posters that send batches of unique events and re-send a batch until it is acknowledged (202), as a producer's outbox
/// does; every acknowledged (user_id, event_id) is recorded, and every answer counted by status.
/// </summary>
internal sealed class IngestLoad(Func<Uri> address, int posters, int batchSize, int users, int seed, IReadOnlyDictionary<string, string>? headers = null)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastAcceptedTicks;

    public ConcurrentDictionary<(string User, string EventId), byte> Acknowledged { get; } = new();
    public ConcurrentDictionary<int, long> ByStatus { get; } = new();
    public long Refused;
    /// <summary>429 or 503 answers without a Retry-After header, or error answers that are not an RFC 7807 problem.</summary>
    public long BadRefusals;

    /// <summary>When the last 202 came, on this load's clock.</summary>
    public TimeSpan LastAccepted => TimeSpan.FromTicks(Interlocked.Read(ref _lastAcceptedTicks));
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>A copy of the answers counted so far, to tell one phase's answers from another's.</summary>
    public Dictionary<int, long> Snapshot() => ByStatus.ToDictionary(p => p.Key, p => p.Value);

    public async Task RunAsync(CancellationToken stop)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) http.DefaultRequestHeaders.Add(name, value);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, posters).Select(p => Task.Run(() => PostAsync(http, p, stop))));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task PostAsync(HttpClient http, int poster, CancellationToken stop)
    {
        var random = new Random(seed + poster);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var batch = Enumerable.Range(0, batchSize).Select(i => (User: $"crash-u{random.Next(users)}", EventId: $"c{poster}-{n}-{i}")).ToList();
            var body = new JsonArray(batch.Select(e => (JsonNode)new JsonObject
            {
                ["event_id"] = e.EventId,
                ["user_id"] = e.User,
                ["track_id"] = $"t{random.Next(2_000)}",
                ["event_type"] = random.Next(4) == 0 ? "skip" : "complete",
                ["occurred_at"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
                ["ms_played"] = 120_000,
                ["track_duration_ms"] = 200_000,
                ["track"] = new JsonObject { ["genres"] = new JsonArray($"g{random.Next(12)}"), ["artists"] = new JsonArray(new JsonObject { ["name"] = $"a{random.Next(300)}" }) },
            }).ToArray()).ToJsonString();
            // the same batch until it is acknowledged; the stream drops the copies of what an unanswered attempt wrote
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await http.PostAsync(new Uri(address(), "/v1/events"), new StringContent(body, Encoding.UTF8, "application/json"), stop);
                    ByStatus.AddOrUpdate((int)response.StatusCode, 1, (_, c) => c + 1);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        foreach (var e in batch) Acknowledged.TryAdd(e, 0);
                        Interlocked.Exchange(ref _lastAcceptedTicks, _clock.Elapsed.Ticks);
                        break;
                    }
                    Interlocked.Increment(ref Refused);
                    var refusal = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;
                    if ((refusal && response.Headers.RetryAfter is null) || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                        Interlocked.Increment(ref BadRefusals);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
                {
                }
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }
}
