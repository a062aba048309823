using System.Text.Json;

namespace Recommender.Core.Events;

/// <summary>The optional nested parts of an event: context and track metadata.</summary>
public static partial class EventBatchParser
{
    private static PlaybackContext? ParseContext(JsonElement e, Action<string, string> error)
    {
        if (!e.TryGetProperty("context", out var c) || c.ValueKind == JsonValueKind.Null) return null;
        if (c.ValueKind != JsonValueKind.Object)
        {
            error("context", "must be an object with \"type\" and \"uri\"");
            return null;
        }
        var type = OptionalString(c, "type", (f, m) => error($"context.{f}", m));
        if (type is not null) CheckText(type, "context.type", 64, error);
        var uri = OptionalString(c, "uri", (f, m) => error($"context.{f}", m));
        if (uri is not null) CheckText(uri, "context.uri", EventContract.MaxTextLength, error);
        return new PlaybackContext { Type = type, Uri = uri };
    }

    private static TrackMetadata? ParseTrack(JsonElement e, Action<string, string> error)
    {
        if (!e.TryGetProperty("track", out var t) || t.ValueKind == JsonValueKind.Null) return null;
        if (t.ValueKind != JsonValueKind.Object)
        {
            error("track", "must be an object");
            return null;
        }
        void TrackError(string f, string m) => error($"track.{f}", m);
        var name = OptionalString(t, "name", TrackError);
        if (name is not null) CheckText(name, "track.name", EventContract.MaxTextLength, error);
        var album = OptionalString(t, "album", TrackError);
        if (album is not null) CheckText(album, "track.album", EventContract.MaxTextLength, error);
        var year = OptionalInteger(t, "release_year", TrackError);
        if (year is < 1000 or > 3000) error("track.release_year", "must be a year between 1000 and 3000");

        List<ArtistRef>? artists = null;
        if (t.TryGetProperty("artists", out var a) && a.ValueKind != JsonValueKind.Null)
        {
            if (a.ValueKind != JsonValueKind.Array) error("track.artists", "must be an array of {id, name}");
            else if (a.GetArrayLength() > EventContract.MaxListLength) error("track.artists", $"has more than {EventContract.MaxListLength} entries");
            else
            {
                artists = [];
                var i = 0;
                foreach (var artist in a.EnumerateArray())
                {
                    var field = $"track.artists[{i++}]";
                    if (artist.ValueKind != JsonValueKind.Object)
                    {
                        error(field, "must be an object with \"id\" and/or \"name\"");
                        continue;
                    }
                    var id = OptionalString(artist, "id", (f, m) => error($"{field}.{f}", m));
                    var artistName = OptionalString(artist, "name", (f, m) => error($"{field}.{f}", m));
                    if (id is not null) CheckText(id, $"{field}.id", EventContract.MaxIdLength, error);
                    if (artistName is not null) CheckText(artistName, $"{field}.name", EventContract.MaxTextLength, error);
                    if (string.IsNullOrWhiteSpace(id) && string.IsNullOrWhiteSpace(artistName)) error(field, "needs an id or a name");
                    artists.Add(new ArtistRef { Id = id, Name = artistName });
                }
            }
        }

        List<string>? genres = null;
        if (t.TryGetProperty("genres", out var g) && g.ValueKind != JsonValueKind.Null)
        {
            if (g.ValueKind != JsonValueKind.Array) error("track.genres", "must be an array of strings");
            else if (g.GetArrayLength() > EventContract.MaxListLength) error("track.genres", $"has more than {EventContract.MaxListLength} entries");
            else
            {
                genres = [];
                var i = 0;
                foreach (var genre in g.EnumerateArray())
                {
                    var field = $"track.genres[{i++}]";
                    if (genre.ValueKind != JsonValueKind.String) error(field, "must be a string");
                    else
                    {
                        var value = genre.GetString()!;
                        if (CheckText(value, field, 256, error)) genres.Add(value);
                    }
                }
            }
        }

        Dictionary<string, double>? features = null;
        if (t.TryGetProperty("audio_features", out var af) && af.ValueKind != JsonValueKind.Null)
        {
            if (af.ValueKind != JsonValueKind.Object) error("track.audio_features", "must be an object of numbers");
            else
            {
                features = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var p in af.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDouble(out var v) || !double.IsFinite(v))
                        error($"track.audio_features.{Truncate(p.Name)}", "must be a number");
                    else if (features.Count < EventContract.MaxListLength) features[p.Name] = v;
                }
            }
        }
        return new TrackMetadata { Name = name, Album = album, ReleaseYear = (int?)year, Artists = artists, Genres = genres, AudioFeatures = features };
    }
}
