using System.Text.Json.Serialization;

namespace Recommender.Core.Events;

/// <summary>One listening event, contract v1. Built only by <see cref="EventBatchParser"/>, so every instance is valid.</summary>
public sealed record PlaybackEvent
{
    public required string EventId { get; init; }
    public required string UserId { get; init; }
    public required string TrackId { get; init; }
    public required string EventType { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public long? MsPlayed { get; init; }
    public long? TrackDurationMs { get; init; }
    public string? SessionId { get; init; }
    public PlaybackContext? Context { get; init; }
    public TrackMetadata? Track { get; init; }

    /// <summary>Fraction of the track played (Personalize's EVENT_VALUE), when both numbers are known.</summary>
    [JsonIgnore]
    public double? FractionPlayed =>
        MsPlayed is { } played && TrackDurationMs is > 0 and { } duration
            ? Math.Clamp((double)played / duration, 0, 1)
            : null;
}

public sealed record PlaybackContext
{
    public string? Type { get; init; }
    public string? Uri { get; init; }
}

public sealed record TrackMetadata
{
    public string? Name { get; init; }
    public IReadOnlyList<ArtistRef>? Artists { get; init; }
    public string? Album { get; init; }
    public IReadOnlyList<string>? Genres { get; init; }
    public int? ReleaseYear { get; init; }
    public IReadOnlyDictionary<string, double>? AudioFeatures { get; init; }
}

public sealed record ArtistRef
{
    public string? Id { get; init; }
    public string? Name { get; init; }

    /// <summary>The key profiles and filters count an artist by: its name, else its id.</summary>
    [JsonIgnore]
    public string? Key => string.IsNullOrWhiteSpace(Name) ? Id : Name;
}
