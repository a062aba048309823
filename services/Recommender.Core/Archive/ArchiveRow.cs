using System.Globalization;
using System.Text.Json.Serialization;
using Recommender.Core.Events;

namespace Recommender.Core.Archive;

/// <summary>
/// One archived event as a Parquet row: the columns of the Glue table (datasets/schemas/playback-event-v1.json), so
/// a file written here, by Firehose or by DuckDB's compaction reads back the same. Every nested value is optional,
/// as Hive writes them.
/// </summary>
public sealed class ArchiveRow
{
    [JsonPropertyName("event_id")] public string EventId { get; set; } = "";
    [JsonPropertyName("user_id")] public string UserId { get; set; } = "";
    [JsonPropertyName("track_id")] public string TrackId { get; set; } = "";
    [JsonPropertyName("event_type")] public string EventType { get; set; } = "";
    /// <summary>RFC 3339, written in UTC (the Glue column is a string: Firehose keeps the client's text).</summary>
    [JsonPropertyName("occurred_at")] public string OccurredAt { get; set; } = "";
    [JsonPropertyName("ms_played")] public long? MsPlayed { get; set; }
    [JsonPropertyName("track_duration_ms")] public long? TrackDurationMs { get; set; }
    [JsonPropertyName("session_id")] public string? SessionId { get; set; }
    [JsonPropertyName("context")] public ContextColumn? Context { get; set; }
    [JsonPropertyName("track")] public TrackColumn? Track { get; set; }

    public sealed class ContextColumn
    {
        [JsonPropertyName("type")] public string? Type { get; set; }
        [JsonPropertyName("uri")] public string? Uri { get; set; }
    }

    public sealed class TrackColumn
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("artists")] public List<ArtistColumn>? Artists { get; set; }
        [JsonPropertyName("album")] public string? Album { get; set; }
        [JsonPropertyName("genres")] public List<string>? Genres { get; set; }
        [JsonPropertyName("release_year")] public int? ReleaseYear { get; set; }
        [JsonPropertyName("audio_features")] public Dictionary<string, double?>? AudioFeatures { get; set; }
    }

    public sealed class ArtistColumn
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("name")] public string? Name { get; set; }
    }

    public static ArchiveRow From(PlaybackEvent e) => new()
    {
        EventId = e.EventId,
        UserId = e.UserId,
        TrackId = e.TrackId,
        EventType = e.EventType,
        OccurredAt = e.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        MsPlayed = e.MsPlayed,
        TrackDurationMs = e.TrackDurationMs,
        SessionId = e.SessionId,
        Context = e.Context is { } c ? new ContextColumn { Type = c.Type, Uri = c.Uri } : null,
        Track = e.Track is { } t
            ? new TrackColumn
            {
                Name = t.Name,
                Artists = t.Artists?.Select(a => new ArtistColumn { Id = a.Id, Name = a.Name }).ToList(),
                Album = t.Album,
                Genres = t.Genres?.ToList(),
                ReleaseYear = t.ReleaseYear,
                AudioFeatures = t.AudioFeatures?.ToDictionary(f => f.Key, f => (double?)f.Value),
            }
            : null,
    };

    public PlaybackEvent ToEvent() => new()
    {
        EventId = EventId,
        UserId = UserId,
        TrackId = TrackId,
        EventType = EventType,
        OccurredAt = DateTimeOffset.Parse(OccurredAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        MsPlayed = MsPlayed,
        TrackDurationMs = TrackDurationMs,
        SessionId = SessionId,
        Context = Context is { } c ? new PlaybackContext { Type = c.Type, Uri = c.Uri } : null,
        Track = Track is { } t
            ? new TrackMetadata
            {
                Name = t.Name,
                Artists = t.Artists?.Select(a => new ArtistRef { Id = a.Id, Name = a.Name }).ToList(),
                Album = t.Album,
                Genres = t.Genres,
                ReleaseYear = t.ReleaseYear,
                AudioFeatures = t.AudioFeatures?.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!.Value),
            }
            : null,
    };
}
