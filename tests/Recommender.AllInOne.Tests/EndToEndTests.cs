using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recommender.Adapters.Local.Archive;
using Recommender.Contracts;

namespace Recommender.AllInOne.Tests;

/// <summary>
/// The foundation issue's end-to-end test: events posted to the real ingestion API travel the stream to
/// all three consumers, and a new listener of one genre gets that genre back, although most listening
/// (and so popularity) is of other genres.
/// </summary>
public sealed class EndToEndTests : IDisposable
{
    private static readonly string[] PopularGenres = ["rock", "pop", "hiphop"];
    private const string NicheGenre = "folk";
    private const string Newcomer = "folk-newcomer";
    private const int TracksPerGenre = 40;

    private readonly AllInOneFactory _factory = new();
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow.AddHours(-2);
    private int _sequence;

    [Fact]
    public async Task a_new_listener_of_one_genre_gets_a_profile_an_archive_and_recommendations_of_that_genre()
    {
        var events = new List<JsonObject>();
        foreach (var genre in PopularGenres)
            for (var user = 0; user < 10; user++)
                for (var n = 0; n < 30; n++)
                    events.Add(Event($"{genre}-fan-{user}", genre, (user * 7 + n * 3) % TracksPerGenre));
        for (var user = 0; user < 3; user++)
            for (var n = 0; n < 20; n++)
                events.Add(Event($"folk-fan-{user}", NicheGenre, (user * 5 + n) % TracksPerGenre));
        var newcomerEvents = Enumerable.Range(0, 12).Select(i => Event(Newcomer, NicheGenre, i)).ToList();
        events.AddRange(newcomerEvents);
        var client = _factory.FirstModelAfter(events.Count).CreateClient();

        foreach (var batch in events.Chunk(500))
        {
            using var response = await client.PostAsync("/v1/events", Json(new JsonArray(batch.Select(e => (JsonNode)e.DeepClone()).ToArray())));
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        }
        await _factory.WaitForConsumersAsync(TimeSpan.FromSeconds(60));
        await _factory.WaitForFirstModelAsync();

        var profile = await GetJsonAsync(client, $"/v1/users/{Newcomer}/profile");
        profile.GetProperty("plays").GetInt64().ShouldBe(12);
        profile.GetProperty("completes").GetInt64().ShouldBe(12);
        profile.GetProperty("skips").GetInt64().ShouldBe(0);
        profile.GetProperty("listening_ms").GetInt64().ShouldBe(12 * 190_000);
        var genres = profile.GetProperty("top_genres").EnumerateArray().Select(g => (g.GetProperty("name").GetString(), g.GetProperty("count").GetInt64())).ToList();
        genres.ShouldBe([(NicheGenre, 12L)]);
        profile.GetProperty("recent_tracks").GetArrayLength().ShouldBe(12);

        // The archive consumer is at-least-once (a batch it could not checkpoint is written again): every event, maybe twice.
        var archived = ArchivedEventIds();
        archived.Count.ShouldBeGreaterThanOrEqualTo(events.Count);
        archived.Distinct().ShouldBe(events.Select(e => e["event_id"]!.GetValue<string>()), ignoreOrder: true);

        var stats = await GetJsonAsync(client, $"/v1/users/{Newcomer}/stats?from={_start.UtcDateTime:yyyy-MM-dd}&to={DateTime.UtcNow:yyyy-MM-dd}");
        stats.GetProperty("daily").EnumerateArray().Sum(d => d.GetProperty("plays").GetInt64()).ShouldBe(12);
        stats.GetProperty("genres_by_month").EnumerateArray().Single().GetProperty("genre").GetString().ShouldBe(NicheGenre);

        var popular = TrackIds(await GetJsonAsync(client, "/v1/recommendations?user_id=someone-new&num_results=10"));
        popular.Count(t => t.StartsWith(NicheGenre, StringComparison.Ordinal)).ShouldBeLessThan(3, "popularity alone must not pass this test");

        var recommended = TrackIds(await GetJsonAsync(client, $"/v1/recommendations?user_id={Newcomer}&num_results=10"));
        recommended.Count.ShouldBe(10);
        recommended.Count(t => t.StartsWith(NicheGenre, StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(7, string.Join(", ", recommended));
        recommended.ShouldNotContain(t => newcomerEvents.Any(e => e["track_id"]!.GetValue<string>() == t), "played tracks are excluded by default");
    }

    [Fact]
    public async Task acknowledged_listening_is_in_the_listeners_stats_within_a_minute()
    {
        var client = _factory.CreateClient();
        var events = Enumerable.Range(0, 3).Select(i => Event("fresh-listener", NicheGenre, i)).ToList();

        using (var response = await client.PostAsync("/v1/events", Json(new JsonArray(events.Select(e => (JsonNode)e).ToArray()))))
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var range = $"from={_start.UtcDateTime:yyyy-MM-dd}&to={DateTime.UtcNow:yyyy-MM-dd}";
        await Eventually.ValueAsync(async () =>
            {
                using var response = await client.GetAsync($"/v1/users/fresh-listener/stats?{range}");
                if (response.StatusCode == HttpStatusCode.NotFound) return 0L; // the profile consumer has not seen the listener yet
                var stats = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                return stats.GetProperty("daily").EnumerateArray().Sum(d => d.GetProperty("plays").GetInt64());
            },
            plays => plays == 3, "the three acknowledged plays are in the listener's stats", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task the_host_is_ready_and_serves_the_openapi_document_of_both_apis()
    {
        var client = _factory.CreateClient();

        (await client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/readyz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var document = await client.GetStringAsync("/openapi/v1.json");
        document.ShouldContain("/v1/events");
        document.ShouldContain("/v1/recommendations");
    }

    private JsonObject Event(string user, string genre, int track)
    {
        var n = Interlocked.Increment(ref _sequence);
        return new JsonObject
        {
            ["event_id"] = $"e2e-{n}",
            ["user_id"] = user,
            ["track_id"] = $"{genre}-{track:D2}",
            ["event_type"] = "complete",
            ["occurred_at"] = _start.AddSeconds(n * 5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            ["ms_played"] = 190_000,
            ["track_duration_ms"] = 200_000,
            ["track"] = new JsonObject
            {
                ["name"] = $"{genre} song {track}",
                ["artists"] = new JsonArray(new JsonObject { ["id"] = $"{genre}-artist-{track % 4}", ["name"] = $"{genre} artist {track % 4}" }),
                ["genres"] = new JsonArray(genre),
            },
        };
    }

    private List<string> ArchivedEventIds()
    {
        var root = Path.Combine(_factory.DataDirectory, "archive");
        var archive = new FileEventArchive(root);
        archive.Files(null).ShouldAllBe(f => System.Text.RegularExpressions.Regex.IsMatch(Path.GetRelativePath(root, f), @"^dt=\d{4}-\d{2}-\d{2}[/\\][^/\\]+\.parquet$"));
        return archive.ReadAsync(null, CancellationToken.None).ToBlockingEnumerable().Select(e => e.EventId).ToList();
    }

    private static StringContent Json(JsonNode body)
    {
        var content = new StringContent(body.ToJsonString());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<string> TrackIds(JsonElement list) =>
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("track_id").GetString()!).ToList();

    public void Dispose() => _factory.Dispose();
}
