using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recommender.Contracts;

namespace Recommender.AllInOne.Tests;

/// <summary>The engine issue's restart guarantee on the real host: events acknowledged before a SIGKILL still shape a listener's
/// recommendations after the restart, and none counts twice (the hot path redelivers what it had not checkpointed).</summary>
public sealed class KillAndRestartTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "kill-restart-tests", Guid.NewGuid().ToString("N"));
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow.AddHours(-1);
    private int _sequence;

    // one shard, so a sentinel event tracked after the restart means everything before it on the stream was handled too
    private string[] Settings(int firstModelAfter) =>
    [
        "--Recommender:Stream:ShardCount=1",
        $"--Recommender:Engine:RetrainMinNewEvents={firstModelAfter}",
        "--Recommender:Engine:TuningBudget=00:00:02",
    ];

    [Fact]
    public async Task after_a_sigkill_and_a_restart_a_listeners_recommendations_reflect_every_acknowledged_event_counted_once()
    {
        var crowd = new[] { "rock", "jazz", "pop" }.SelectMany(g => Enumerable.Range(0, 8).SelectMany(u => Enumerable.Range(0, 20).Select(n => Event($"{g}-fan-{u}", g, (u * 7 + n * 3) % 30)))).ToList();
        var rock = Enumerable.Range(0, 5).Select(t => Event("switcher", "rock", t)).ToList();
        var jazz = Enumerable.Range(0, 6).Select(t => Event("switcher", "jazz", t + 10)).ToList();
        var settings = Settings(firstModelAfter: crowd.Count + rock.Count);
        List<string> before;
        using (var first = await HostProcess.StartAsync(_dataDirectory, settings))
        {
            using var client = new HttpClient { BaseAddress = first.Address };
            await PostAsync(client, crowd.Concat(rock).ToList());
            await Eventually.ValueAsync(() => StatusAsync(client), s => s.Model >= 1 && s.Tracked == crowd.Count + rock.Count,
                "the host tracked every event and trained its first model");
            before = await TopTenAsync(client, "switcher");
            before.Count(t => t.StartsWith("rock-")).ShouldBeGreaterThanOrEqualTo(7, string.Join(", ", before));
            // acknowledged (202), then killed at once: some may not have reached the engine, some not past the hot path's checkpoint
            await PostAsync(client, jazz);
            first.Kill();
        }

        var acknowledged = crowd.Count + rock.Count + jazz.Count;
        List<string> after;
        using (var second = await HostProcess.StartAsync(_dataDirectory, settings))
        {
            using var client = new HttpClient { BaseAddress = second.Address };
            await PostAsync(client, [Event("sentinel", "pop", 1)]);
            var status = await Eventually.ValueAsync(() => StatusAsync(client), s => s.Tracked >= acknowledged + 1,
                "the restarted host tracked the events acknowledged before the kill and the sentinel after it");
            status.Tracked.ShouldBe(acknowledged + 1, "an event counted twice");
            after = await TopTenAsync(client, "switcher", scores: true);
            after.Count(t => t.StartsWith("jazz-")).ShouldBeGreaterThanOrEqualTo(3, string.Join(", ", after));
            second.Kill();
        }

        // nothing new arrives: a second hard restart rebuilds exactly the same listener, scores and all
        using var third = await HostProcess.StartAsync(_dataDirectory, settings);
        using var thirdClient = new HttpClient { BaseAddress = third.Address };
        (await StatusAsync(thirdClient)).Tracked.ShouldBe(acknowledged + 1);
        (await TopTenAsync(thirdClient, "switcher", scores: true)).ShouldBe(after);
    }

    private sealed record Status(int Model, long Tracked)
    {
        public override string ToString() => $"model {Model}, {Tracked} events tracked";
    }

    private static async Task<Status> StatusAsync(HttpClient client)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/v1/admin/engine"));
        return new Status(doc.RootElement.GetProperty("model_version").GetInt32(), doc.RootElement.GetProperty("events_tracked").GetInt64());
    }

    private static async Task PostAsync(HttpClient client, List<JsonObject> events)
    {
        foreach (var batch in events.Chunk(500))
        {
            using var content = new StringContent(new JsonArray(batch.Select(e => (JsonNode)e.DeepClone()).ToArray()).ToJsonString());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync("/v1/events", content);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        }
    }

    private static async Task<List<string>> TopTenAsync(HttpClient client, string user, bool scores = false)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/v1/recommendations?user_id={user}&num_results=10"));
        return doc.RootElement.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("track_id").GetString()! + (scores ? $" {i.GetProperty("score").GetDouble():R}" : "")).ToList();
    }

    private JsonObject Event(string user, string genre, int track)
    {
        var n = Interlocked.Increment(ref _sequence);
        return new JsonObject
        {
            ["event_id"] = $"restart-{n}",
            ["user_id"] = user,
            ["track_id"] = $"{genre}-{track:D2}",
            ["event_type"] = "complete",
            ["occurred_at"] = _start.AddSeconds(n).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            ["ms_played"] = 190_000,
            ["track_duration_ms"] = 200_000,
            ["track"] = new JsonObject
            {
                ["artists"] = new JsonArray(new JsonObject { ["id"] = $"{genre}-artist-{track % 4}", ["name"] = $"{genre} artist {track % 4}" }),
                ["genres"] = new JsonArray(genre),
            },
        };
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (IOException) { /* a file still closing; it is under the temp folder */ }
    }
}
