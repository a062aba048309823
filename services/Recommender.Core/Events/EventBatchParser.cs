using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Recommender.Core.Events;

/// <summary>
/// Parses and validates a request body of contract-v1 events: a JSON array, or an object with an
/// "events" array. Every rule of ARCHITECTURE.md lives here and nowhere else.
/// </summary>
public static class EventBatchParser
{
    public sealed record Result(IReadOnlyList<PlaybackEvent> Events, IReadOnlyList<FieldError> Errors)
    {
        public bool IsValid => Errors.Count == 0;
    }

    public static Result Parse(ReadOnlySpan<byte> utf8Json, DateTimeOffset now)
    {
        if (utf8Json.Length > EventContract.MaxRequestBytes)
            return Fail(new FieldError(null, "$", $"the request body is {utf8Json.Length} bytes; the limit is {EventContract.MaxRequestBytes}"));
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 16 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            return Fail(new FieldError(null, "$", $"the body is not valid JSON: {e.Message}"));
        }
        using (document)
        {
            try
            {
                return ParseBatch(document.RootElement, now);
            }
            catch (InvalidOperationException e)
            {
                // Text that is not valid UTF-8 (or a lone surrogate escape) only fails when read as a string.
                return Fail(new FieldError(null, "$", $"the body holds text that is not valid Unicode: {e.Message}"));
            }
        }
    }

    public static Result ParseBatch(JsonElement root, DateTimeOffset now)
    {
        JsonElement array;
        if (root.ValueKind == JsonValueKind.Array) array = root;
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array) array = events;
        else return Fail(new FieldError(null, "$", "expected a JSON array of events or an object with an \"events\" array"));

        var count = array.GetArrayLength();
        if (count is 0 or > EventContract.MaxEventsPerRequest)
            return Fail(new FieldError(null, "events", $"a request carries 1 to {EventContract.MaxEventsPerRequest} events; this one has {count}"));

        var parsed = new List<PlaybackEvent>(count);
        var errors = new List<FieldError>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var e = ParseEvent(element, index, now, errors);
            if (e is not null) parsed.Add(e);
            index++;
        }
        return errors.Count == 0 ? new Result(parsed, errors) : new Result([], errors);
    }

    /// <summary>Validates one event; adds every broken rule to <paramref name="errors"/> and returns null if there was any.</summary>
    public static PlaybackEvent? ParseEvent(JsonElement e, int index, DateTimeOffset now, List<FieldError> errors)
    {
        var before = errors.Count;
        void Error(string field, string message) => errors.Add(new FieldError(index, field, message));

        if (e.ValueKind != JsonValueKind.Object)
        {
            Error("$", "an event is a JSON object");
            return null;
        }
        var size = Encoding.UTF8.GetByteCount(e.GetRawText());
        if (size > EventContract.MaxEventBytes)
            Error("$", $"the event is {size} bytes; the limit is {EventContract.MaxEventBytes}");

        var eventId = RequiredId(e, "event_id", EventContract.MaxEventIdLength, Error);
        var userId = RequiredId(e, "user_id", EventContract.MaxIdLength, Error);
        var trackId = RequiredId(e, "track_id", EventContract.MaxIdLength, Error);

        var eventType = OptionalString(e, "event_type", Error);
        if (eventType is null)
        {
            if (!Has(e, "event_type")) Error("event_type", "is required");
        }
        else if (!EventTypes.All.Contains(eventType))
            Error("event_type", $"must be one of {string.Join(", ", EventTypes.All)}; got \"{Truncate(eventType)}\"");

        DateTimeOffset occurredAt = default;
        var occurredText = OptionalString(e, "occurred_at", Error);
        if (occurredText is null)
        {
            if (!Has(e, "occurred_at")) Error("occurred_at", "is required");
        }
        else if (!TryParseRfc3339(occurredText, out occurredAt))
            Error("occurred_at", $"must be an RFC 3339 timestamp with a time zone, like 2026-01-31T18:04:05Z; got \"{Truncate(occurredText)}\"");
        else if (occurredAt > now + EventContract.MaxClockSkew)
            Error("occurred_at", $"is more than {EventContract.MaxClockSkew.TotalMinutes:0} minutes in the future");

        var msPlayed = OptionalInteger(e, "ms_played", Error);
        if (msPlayed < 0) Error("ms_played", "must be 0 or more");
        var duration = OptionalInteger(e, "track_duration_ms", Error);
        if (duration <= 0) Error("track_duration_ms", "must be more than 0 when given");

        var sessionId = OptionalString(e, "session_id", Error);
        if (sessionId is not null) CheckText(sessionId, "session_id", EventContract.MaxSessionIdLength, Error);

        var context = ParseContext(e, Error);
        var track = ParseTrack(e, Error);

        if (errors.Count > before) return null;
        return new PlaybackEvent
        {
            EventId = eventId!,
            UserId = userId!,
            TrackId = trackId!,
            EventType = eventType!,
            OccurredAt = occurredAt.ToUniversalTime(),
            MsPlayed = msPlayed,
            TrackDurationMs = duration,
            SessionId = sessionId,
            Context = context,
            Track = track,
        };
    }

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

    private static string? RequiredId(JsonElement e, string field, int maxLength, Action<string, string> error)
    {
        var value = OptionalString(e, field, error);
        if (value is null)
        {
            if (!Has(e, field)) error(field, "is required");
            return null;
        }
        return CheckText(value, field, maxLength, error) ? value : null;
    }

    /// <summary>Text rule shared by every string field: 1..max characters, no control characters.</summary>
    private static bool CheckText(string value, string field, int maxLength, Action<string, string> error)
    {
        if (value.Length == 0 || string.IsNullOrWhiteSpace(value))
        {
            error(field, "must not be empty");
            return false;
        }
        if (value.Length > maxLength)
        {
            error(field, $"is {value.Length} characters; the limit is {maxLength}");
            return false;
        }
        if (value.Any(char.IsControl))
        {
            error(field, "must not contain control characters");
            return false;
        }
        return true;
    }

    private static bool Has(JsonElement e, string field) =>
        e.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null;

    private static string? OptionalString(JsonElement e, string field, Action<string, string> error)
    {
        if (!e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.String)
        {
            try
            {
                return v.GetString();
            }
            catch (InvalidOperationException)
            {
                error(field, "must be valid Unicode text (no invalid UTF-8, no lone surrogate escapes)");
                return null;
            }
        }
        error(field, $"must be a string; got {Describe(v.ValueKind)}");
        return null;
    }

    private static long? OptionalInteger(JsonElement e, string field, Action<string, string> error)
    {
        if (!e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        error(field, $"must be an integer; got {(v.ValueKind == JsonValueKind.Number ? v.GetRawText() : Describe(v.ValueKind))}");
        return null;
    }

    private static readonly string[] Rfc3339Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd't'HH:mm:ssK", "yyyy-MM-dd't'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>RFC 3339 section 5.6: date, 'T', time, optional fraction, and a mandatory Z or ±hh:mm offset.</summary>
    public static bool TryParseRfc3339(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20) return false;
        var last = text[^1];
        var hasZone = last is 'Z' or 'z' || (text.Length >= 6 && text[^3] == ':' && text[^6] is '+' or '-');
        if (!hasZone) return false;
        var normalized = last == 'z' ? text[..^1] + "Z" : text;
        return DateTimeOffset.TryParseExact(normalized, Rfc3339Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal, out value);
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static Result Fail(FieldError error) => new([], [error]);
}
