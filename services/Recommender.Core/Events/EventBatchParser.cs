using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Recommender.Core.Events;

/// <summary>
/// Parses and validates a request body of contract-v1 events: a JSON array, or an object with an
/// "events" array. Every rule of ARCHITECTURE.md lives here and nowhere else. The body must be UTF-8
/// throughout, and no object may carry a key twice (JSON readers disagree on which copy wins).
/// </summary>
public static partial class EventBatchParser
{
    public sealed record Result(IReadOnlyList<PlaybackEvent> Events, IReadOnlyList<FieldError> Errors)
    {
        public bool IsValid => Errors.Count == 0;
    }

    /// <param name="maxEventAge">How old an event may be against <paramref name="now"/>; default <see cref="EventContract.DefaultMaxEventAge"/>.</param>
    public static Result Parse(ReadOnlySpan<byte> utf8Json, DateTimeOffset now, TimeSpan? maxEventAge = null)
    {
        if (utf8Json.Length > EventContract.MaxRequestBytes)
            return Fail(new FieldError(null, "$", $"the request body is {utf8Json.Length} bytes; the limit is {EventContract.MaxRequestBytes}"));
        if (!Utf8.IsValid(utf8Json))
            return Fail(new FieldError(null, "$", $"the body is not valid UTF-8 (byte {FirstInvalidUtf8Byte(utf8Json)}); send UTF-8 JSON"));
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
                return ParseBatch(document.RootElement, now, maxEventAge);
            }
            catch (InvalidOperationException e)
            {
                // Text that is not valid UTF-8 (or a lone surrogate escape) only fails when read as a string.
                return Fail(new FieldError(null, "$", $"the body holds text that is not valid Unicode: {e.Message}"));
            }
        }
    }

    public static Result ParseBatch(JsonElement root, DateTimeOffset now, TimeSpan? maxEventAge = null)
    {
        if (root.ValueKind == JsonValueKind.Object && DuplicateKeys(root, recurse: false).FirstOrDefault() is { } repeated)
            return Fail(new FieldError(null, Truncate(repeated), "appears more than once in the request; send each key once"));
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
            var e = ParseEvent(element, index, now, errors, maxEventAge);
            if (e is not null) parsed.Add(e);
            index++;
        }
        return errors.Count == 0 ? new Result(parsed, errors) : new Result([], errors);
    }

    /// <summary>Validates one event; adds every broken rule to <paramref name="errors"/> and returns null if there was any.</summary>
    public static PlaybackEvent? ParseEvent(JsonElement e, int index, DateTimeOffset now, List<FieldError> errors, TimeSpan? maxEventAge = null)
    {
        var before = errors.Count;
        void Error(string field, string message) => errors.Add(new FieldError(index, field, message));

        if (e.ValueKind != JsonValueKind.Object)
        {
            Error("$", "an event is a JSON object");
            return null;
        }
        foreach (var repeated in DuplicateKeys(e))
            Error(Truncate(repeated), "appears more than once in the event; send each field once");
        // the event's own bytes in the body, measured without copying them into a string
        var size = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(e).Length;
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

        var maxAge = maxEventAge ?? EventContract.DefaultMaxEventAge;
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
        else if (occurredAt < EventContract.EarliestOccurredAt)
            Error("occurred_at", $"must be in the year {EventContract.EarliestOccurredAt.Year} or later; got \"{Truncate(occurredText)}\"");
        else if (occurredAt < Horizon(now, maxAge))
            Error("occurred_at", $"is more than {maxAge.TotalDays:0} days in the past; older events are not accepted");

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

    /// <summary>The oldest occurred_at accepted: <paramref name="maxAge"/> before now, but never before 2000 (a huge setting must not overflow).</summary>
    private static DateTimeOffset Horizon(DateTimeOffset now, TimeSpan maxAge) =>
        maxAge >= now - EventContract.EarliestOccurredAt ? EventContract.EarliestOccurredAt : now - maxAge;

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
