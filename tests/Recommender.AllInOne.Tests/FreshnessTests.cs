using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Recommender.AllInOne.Tests;

/// <summary>The engine issue's freshness effect through the whole host: a listener's next recommendations follow the genre they just played,
/// with no retrain in between (the latency is measured by the freshness benchmark, not asserted here).</summary>
public sealed class FreshnessTests : IDisposable
{
    private static readonly string[] Genres = ["rock", "jazz", "pop"];
    private readonly AllInOneFactory _factory = new();
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow.AddHours(-1);
    private int _sequence;

    [Fact]
    public async Task recommendations_change_toward_the_genre_just_played()
    {
        var crowd = Genres.SelectMany(g => Enumerable.Range(0, 8).SelectMany(u => Enumerable.Range(0, 20).Select(n => Event($"{g}-fan-{u}", g, (u * 7 + n * 3) % 30)))).ToList();
        var rock = Enumerable.Range(0, 5).Select(t => Event("switcher", "rock", t)).ToList();
        // One model, trained on the crowd and the switcher's rock; the 5 jazz plays later are far too few for another.
        var client = _factory.FirstModelAfter(crowd.Count + rock.Count).CreateClient();
        await PostAsync(client, crowd);
        await PostAsync(client, rock);
        await _factory.WaitForConsumersAsync(TimeSpan.FromSeconds(60));
        await _factory.WaitForFirstModelAsync();
        var before = await TopTenAsync(client, "switcher");
        before.Count(t => t.StartsWith("rock-")).ShouldBeGreaterThanOrEqualTo(7, string.Join(", ", before));

        await PostAsync(client, Enumerable.Range(0, 5).Select(t => Event("switcher", "jazz", t + 10)).ToList());
        await _factory.WaitForConsumersAsync(TimeSpan.FromSeconds(60));
        var after = await TopTenAsync(client, "switcher");
        _factory.Services.GetRequiredService<Recommender.Engine.Serving.EmbeddedRecommender>().ModelVersion.ShouldBe(1, "no retrain in between");

        after.Count(t => t.StartsWith("jazz-")).ShouldBeGreaterThanOrEqualTo(3, string.Join(", ", after));
        after.Count(t => t.StartsWith("jazz-")).ShouldBeGreaterThan(before.Count(t => t.StartsWith("jazz-")));
    }

    private static async Task PostAsync(HttpClient client, List<JsonObject> events)
    {
        foreach (var batch in events.Chunk(500))
        {
            using var content = new StringContent(new JsonArray(batch.Select(e => (JsonNode)e).ToArray()).ToJsonString());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync("/v1/events", content);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        }
    }

    private static async Task<List<string>> TopTenAsync(HttpClient client, string user)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/v1/recommendations?user_id={user}&num_results=10"));
        return doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("track_id").GetString()!).ToList();
    }

    private JsonObject Event(string user, string genre, int track)
    {
        var n = Interlocked.Increment(ref _sequence);
        return new JsonObject
        {
            ["event_id"] = $"fresh-{n}",
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

    public void Dispose() => _factory.Dispose();
}
