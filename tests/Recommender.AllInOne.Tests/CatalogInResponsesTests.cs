using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recommender.Adapters.Local.Catalog;
using Recommender.Core.Catalog;
using Recommender.Core.Events;

namespace Recommender.AllInOne.Tests;

/// <summary>
/// A catalog imported before the host starts: listening that carries only ids still builds a profile of artists and
/// genres, never-played tracks are recommended from their genres and sound, and every answer names its tracks.
/// </summary>
public sealed class CatalogInResponsesTests : IAsyncLifetime
{
    private const string Listener = "catalog-listener";
    private readonly AllInOneFactory _factory = new();
    private HttpClient _client = null!;

    private static CatalogTrack Track(string id, string name, string artist, string genre, double energy) => new()
    {
        TrackId = id,
        Name = name,
        Artists = [new ArtistRef { Name = artist }],
        Genres = [genre],
        AudioFeatures = new Dictionary<string, double> { ["energy"] = energy, ["danceability"] = energy, ["valence"] = energy, ["tempo"] = 60 + 150 * energy },
        Source = CatalogSources.Import,
    };

    public async Task InitializeAsync()
    {
        // loud jazz, calm jazz and loud rock, each track by its own artist so only genre and sound tell them apart
        // (on equal scores the engine prefers the track it learned first, and the catalog reads back in id order: "calm" before
        // "loud", so only their sound can put the loud ones ahead)
        var tracks = Enumerable.Range(1, 3).Select(i => Track($"jazz-calm-{i}", $"Calm Jazz {i}", $"Calm Jazz Artist {i}", "jazz", 0.1))
            .Concat(Enumerable.Range(1, 6).Select(i => Track($"jazz-loud-{i}", $"Loud Jazz {i}", $"Loud Jazz Artist {i}", "jazz", 0.9)))
            .Concat(Enumerable.Range(1, 3).Select(i => Track($"rock-{i}", $"Rock {i}", $"Rock Artist {i}", "rock", 0.9)))
            .ToList();
        Directory.CreateDirectory(_factory.DataDirectory);
        await new SqliteTrackCatalog(Path.Combine(_factory.DataDirectory, "catalog.db")).ImportAsync(tracks, CancellationToken.None);
        _client = _factory.CreateClient();

        // the listener's events carry ids only; one of them claims another name for an imported track
        var events = new JsonArray();
        for (var i = 1; i <= 3; i++) events.Add(Event($"e{i}", $"jazz-loud-{i}", i));
        var renamed = Event("e4", "rock-1", 4);
        renamed["track"] = new JsonObject { ["name"] = "Not The Imported Name", ["genres"] = new JsonArray("polka") };
        events.Add(renamed);
        using var response = await _client.PostAsync("/v1/events", new StringContent(events.ToJsonString(), Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        await _factory.WaitForConsumersAsync(TimeSpan.FromSeconds(60));
    }

    private static JsonObject Event(string id, string track, int minute) => new()
    {
        ["event_id"] = id,
        ["user_id"] = Listener,
        ["track_id"] = track,
        ["event_type"] = "complete",
        ["occurred_at"] = DateTimeOffset.UtcNow.AddMinutes(-30 + minute).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["ms_played"] = 200_000,
        ["track_duration_ms"] = 210_000,
    };

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task a_listener_whose_events_carry_only_ids_has_top_artists_and_genres_from_the_catalog()
    {
        var profile = await GetAsync($"/v1/users/{Listener}/profile");

        var genres = profile.GetProperty("top_genres").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("count").GetInt64());
        genres["jazz"].ShouldBe(3);
        genres["polka"].ShouldBe(1, "an event's own genres count as it carried them");
        profile.GetProperty("top_artists").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ShouldContain("Loud Jazz Artist 1");
    }

    [Fact]
    public async Task never_played_tracks_are_recommended_by_genre_and_sound_with_names_and_reasons()
    {
        var list = await GetAsync($"/v1/recommendations?user_id={Listener}&num_results=6&explain=true");

        var items = list.GetProperty("items").EnumerateArray().ToList();
        var ids = items.Select(i => i.GetProperty("track_id").GetString()!).ToList();
        ids.Take(3).ShouldBe(["jazz-loud-4", "jazz-loud-5", "jazz-loud-6"], ignoreOrder: true, "never played, the listener's genre and sound");
        ids.IndexOf("jazz-calm-1").ShouldBeGreaterThan(2, "the same genre but another sound ranks below");
        var first = items[0];
        first.GetProperty("name").GetString().ShouldStartWith("Loud Jazz ");
        first.GetProperty("artists")[0].GetProperty("name").GetString().ShouldStartWith("Loud Jazz Artist ");
        first.GetProperty("genres").EnumerateArray().Select(g => g.GetString()).ShouldBe(["jazz"]);
        first.GetProperty("score").ValueKind.ShouldBe(JsonValueKind.Number);
        first.GetProperty("reason").GetString()!.ShouldContain("jazz");
    }

    [Fact]
    public async Task history_related_tracks_and_rankings_name_their_tracks()
    {
        var history = await GetAsync($"/v1/users/{Listener}/history?limit=4");
        var played = history.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("track_id").GetString()!);
        played["jazz-loud-1"].GetProperty("name").GetString().ShouldBe("Loud Jazz 1");
        played["jazz-loud-1"].GetProperty("artists")[0].GetProperty("name").GetString().ShouldBe("Loud Jazz Artist 1");
        played["rock-1"].GetProperty("name").GetString().ShouldBe("Rock 1", "an import is never overwritten by event metadata");

        var related = await GetAsync("/v1/tracks/jazz-calm-1/related?num_results=3&explain=true");
        var relatedItem = related.GetProperty("items")[0];
        relatedItem.GetProperty("name").GetString().ShouldNotBeNullOrEmpty();
        relatedItem.GetProperty("reason").GetString()!.ShouldContain("“Calm Jazz 1” by Calm Jazz Artist 1");

        using var ranking = await _client.PostAsync("/v1/rankings", new StringContent(
            $$"""{"user_id": "{{Listener}}", "track_ids": ["rock-2", "jazz-loud-5"]}""", Encoding.UTF8, "application/json"));
        var ranked = JsonDocument.Parse(await ranking.Content.ReadAsStringAsync()).RootElement.GetProperty("items");
        ranked.EnumerateArray().Select(i => i.GetProperty("name").GetString()).ShouldBe(["Loud Jazz 5", "Rock 2"]);
    }

    [Fact]
    public async Task a_track_reads_back_from_the_catalog_and_an_unknown_one_is_404()
    {
        var track = await GetAsync("/v1/tracks/rock-1");
        track.GetProperty("name").GetString().ShouldBe("Rock 1");
        track.GetProperty("source").GetString().ShouldBe("import");
        track.GetProperty("audio_features").GetProperty("energy").GetDouble().ShouldBe(0.9);

        using var unknown = await _client.GetAsync("/v1/tracks/no-such-track");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _factory.Dispose();
        return Task.CompletedTask;
    }
}
