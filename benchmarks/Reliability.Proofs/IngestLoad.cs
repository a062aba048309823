using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Reliability.Proofs;

/// <summary>
/// Posters that send batches of unique events and re-send a batch until it is acknowledged (202), as a producer's outbox
/// does; every acknowledged (user_id, event_id) is recorded.
/// </summary>
internal sealed class IngestLoad(Func<Uri> address, int posters, int batchSize, int users, int seed)
{
    public ConcurrentDictionary<(string User, string EventId), byte> Acknowledged { get; } = new();
    public long Refused;

    public async Task RunAsync(CancellationToken stop)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
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
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        foreach (var e in batch) Acknowledged.TryAdd(e, 0);
                        break;
                    }
                    Interlocked.Increment(ref Refused);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
                {
                }
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }
}
