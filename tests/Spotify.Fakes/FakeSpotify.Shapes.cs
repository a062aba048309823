using System.Text.Json.Nodes;

namespace Spotify.Fakes;

// Objects in the shapes Spotify answers with (TrackObject, CurrentlyPlayingObject, EpisodeObject), as a Development
// Mode app sees them: without the fields removed for it in February 2026 (popularity, available_markets, linked_from).
public sealed partial class FakeSpotify
{
    public static JsonObject TrackJson(string id, string name, int durationMs, params string[] artistIds)
    {
        var artists = artistIds.Select(a => (JsonNode)new JsonObject
        {
            ["external_urls"] = new JsonObject { ["spotify"] = $"https://open.spotify.com/artist/{a}" },
            ["href"] = $"https://api.spotify.com/v1/artists/{a}",
            ["id"] = a,
            ["name"] = $"Artist {a}",
            ["type"] = "artist",
            ["uri"] = $"spotify:artist:{a}",
        }).ToArray();
        return new JsonObject
        {
            ["album"] = new JsonObject
            {
                ["album_type"] = "album",
                ["total_tracks"] = 10,
                ["external_urls"] = new JsonObject { ["spotify"] = $"https://open.spotify.com/album/al-{id}" },
                ["href"] = $"https://api.spotify.com/v1/albums/al-{id}",
                ["id"] = $"al-{id}",
                ["images"] = new JsonArray(),
                ["name"] = $"Album of {name}",
                ["release_date"] = "2019-05-17",
                ["release_date_precision"] = "day",
                ["type"] = "album",
                ["uri"] = $"spotify:album:al-{id}",
                ["artists"] = new JsonArray(artists.Select(a => a.DeepClone()).ToArray()),
            },
            ["artists"] = new JsonArray(artists),
            ["disc_number"] = 1,
            ["duration_ms"] = durationMs,
            ["explicit"] = false,
            ["external_ids"] = new JsonObject { ["isrc"] = "XXFAK2600001" },
            ["external_urls"] = new JsonObject { ["spotify"] = $"https://open.spotify.com/track/{id}" },
            ["href"] = $"https://api.spotify.com/v1/tracks/{id}",
            ["id"] = id,
            ["is_playable"] = true,
            ["name"] = name,
            ["track_number"] = 1,
            ["type"] = "track",
            ["uri"] = $"spotify:track:{id}",
            ["is_local"] = false,
        };
    }

    public static JsonObject Playing(JsonObject track, long progressMs, bool isPlaying = true, string? contextUri = "spotify:playlist:37i9dQZF1DXcBWIGoYBM5M") => new()
    {
        ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        ["context"] = contextUri is null ? null : new JsonObject
        {
            ["type"] = contextUri.Split(':')[1],
            ["href"] = $"https://api.spotify.com/v1/{contextUri.Split(':')[1]}s/{contextUri.Split(':')[^1]}",
            ["external_urls"] = new JsonObject { ["spotify"] = $"https://open.spotify.com/{contextUri.Split(':')[1]}/{contextUri.Split(':')[^1]}" },
            ["uri"] = contextUri,
        },
        ["progress_ms"] = progressMs,
        ["is_playing"] = isPlaying,
        ["item"] = track.DeepClone(),
        ["currently_playing_type"] = "track",
    };

    /// <summary>An ad: Spotify names the type but sends no item.</summary>
    public static JsonObject Ad(long progressMs) => new()
    {
        ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        ["context"] = null,
        ["progress_ms"] = progressMs,
        ["is_playing"] = true,
        ["item"] = null,
        ["currently_playing_type"] = "ad",
    };

    public static JsonObject Episode(long progressMs) => new()
    {
        ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        ["context"] = null,
        ["progress_ms"] = progressMs,
        ["is_playing"] = true,
        ["item"] = new JsonObject
        {
            ["audio_preview_url"] = null,
            ["description"] = "A podcast episode",
            ["html_description"] = "<p>A podcast episode</p>",
            ["duration_ms"] = 3_600_000,
            ["explicit"] = false,
            ["external_urls"] = new JsonObject { ["spotify"] = "https://open.spotify.com/episode/ep1" },
            ["href"] = "https://api.spotify.com/v1/episodes/ep1",
            ["id"] = "ep1",
            ["images"] = new JsonArray(),
            ["is_externally_hosted"] = false,
            ["is_playable"] = true,
            ["languages"] = new JsonArray("en"),
            ["name"] = "A podcast",
            ["release_date"] = "2026-01-01",
            ["release_date_precision"] = "day",
            ["type"] = "episode",
            ["uri"] = "spotify:episode:ep1",
            ["show"] = new JsonObject
            {
                ["copyrights"] = new JsonArray(),
                ["description"] = "A show",
                ["html_description"] = "<p>A show</p>",
                ["explicit"] = false,
                ["external_urls"] = new JsonObject { ["spotify"] = "https://open.spotify.com/show/sh1" },
                ["href"] = "https://api.spotify.com/v1/shows/sh1",
                ["id"] = "sh1",
                ["images"] = new JsonArray(),
                ["is_externally_hosted"] = false,
                ["languages"] = new JsonArray("en"),
                ["media_type"] = "audio",
                ["name"] = "A show",
                ["type"] = "show",
                ["uri"] = "spotify:show:sh1",
                ["total_episodes"] = 10,
            },
        },
        ["currently_playing_type"] = "episode",
    };
}
