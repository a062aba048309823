using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recommender.Benchmarks;

/// <summary>Through the HTTP APIs of a running host: a listener of one genre posts listens of another genre; the clock runs
/// from the ingestion API's 202 until GET /v1/recommendations shows that genre in the top 10.</summary>
public sealed class FreshnessProbe(HttpClient client)
{
    private const int Tracks = 40;
    private static readonly string[] Genres = ["rock", "pop", "jazz", "folk", "metal", "soul"];
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow.AddHours(-1);
    private long _sequence;

    /// <summary>A crowd of listeners of each genre, so the model has neighbours to learn.</summary>
    public async Task SeedAsync(int listenersPerGenre, int eventsPerListener)
    {
        var events = new List<JsonObject>();
        foreach (var genre in Genres)
            for (var u = 0; u < listenersPerGenre; u++)
                for (var n = 0; n < eventsPerListener; n++)
                    events.Add(Event($"{genre}-crowd-{u}", genre, (u * 7 + n * 3) % Tracks));
        foreach (var batch in events.Chunk(500)) await PostAsync(batch);
    }

    /// <summary>One measurement: a new listener of <c>from</c> (settled first, not timed) switches to <c>to</c>.</summary>
    public async Task<TimeSpan> MeasureAsync(int probe, TimeSpan timeout)
    {
        var from = Genres[probe % Genres.Length];
        var to = Genres[(probe + 1) % Genres.Length];
        var user = $"probe-{probe}-{Guid.NewGuid():N}";
        await PostAsync(Enumerable.Range(0, 5).Select(t => Event(user, from, (probe + t) % Tracks)).ToArray());
        await WaitUntilAsync(user, from, 7, timeout);

        await PostAsync(Enumerable.Range(0, 5).Select(t => Event(user, to, (probe * 3 + t) % Tracks)).ToArray());
        var clock = Stopwatch.StartNew(); // the 202 is back: the events are acknowledged
        await WaitUntilAsync(user, to, 3, timeout);
        return clock.Elapsed;
    }

    /// <summary>Top 10 for the user holds at least <paramref name="atLeast"/> tracks of <paramref name="genre"/>.</summary>
    public async Task<List<string>> WaitUntilAsync(string user, string genre, int atLeast, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var ids = await RecommendAsync(user);
            if (ids.Count(id => id.StartsWith(genre + "-", StringComparison.Ordinal)) >= atLeast) return ids;
            if (deadline.Elapsed > timeout) throw new TimeoutException($"{user}: no {genre} in [{string.Join(", ", ids)}] after {timeout}");
            await Task.Delay(2);
        }
    }

    public async Task<List<string>> RecommendAsync(string user)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/v1/recommendations?user_id={user}&num_results=10"));
        return doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("track_id").GetString()!).ToList();
    }

    // a host under load may answer 429/503 ("retry the same batch"): the probe retries as a producer does; the clock starts at the 202
    private async Task PostAsync(JsonObject[] events)
    {
        var body = new JsonArray(events.Select(e => (JsonNode)e.DeepClone()).ToArray()).ToJsonString();
        for (var attempt = 1; ; attempt++)
        {
            using var response = await client.PostAsync("/v1/events", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            if ((int)response.StatusCode == 202) return;
            if ((int)response.StatusCode is not (429 or 503) || attempt == 100)
                throw new InvalidOperationException($"ingestion answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(20);
        }
    }

    private JsonObject Event(string user, string genre, int track)
    {
        var n = Interlocked.Increment(ref _sequence);
        return new JsonObject
        {
            ["event_id"] = $"fresh-{Guid.NewGuid():N}",
            ["user_id"] = user,
            ["track_id"] = $"{genre}-{track:D2}",
            ["event_type"] = "complete",
            ["occurred_at"] = _start.AddMilliseconds(n * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
            ["ms_played"] = 190_000,
            ["track_duration_ms"] = 200_000,
            ["track"] = new JsonObject
            {
                ["artists"] = new JsonArray(new JsonObject { ["id"] = $"{genre}-artist-{track % 4}", ["name"] = $"{genre} artist {track % 4}" }),
                ["genres"] = new JsonArray(genre),
            },
        };
    }
}
