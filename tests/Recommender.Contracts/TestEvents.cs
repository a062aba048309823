using Recommender.Core.Events;

namespace Recommender.Contracts;

/// <summary>Valid contract-v1 events for tests.</summary>
public static class TestEvents
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public static PlaybackEvent Listen(
        string user, string track, string type = EventTypes.Complete, int minute = 0,
        string? genre = "rock", string? artist = "Artist A", long msPlayed = 180_000, string? eventId = null) => new()
    {
        EventId = eventId ?? $"{user}-{track}-{minute}-{type}",
        UserId = user,
        TrackId = track,
        EventType = type,
        OccurredAt = Start.AddMinutes(minute),
        MsPlayed = msPlayed,
        TrackDurationMs = 200_000,
        SessionId = $"{user}-session",
        Track = new TrackMetadata
        {
            Name = $"Track {track}",
            Artists = artist is null ? null : [new ArtistRef { Id = artist.ToLowerInvariant().Replace(' ', '-'), Name = artist }],
            Genres = genre is null ? null : [genre],
        },
    };

    /// <summary>A unique prefix so tests sharing a store (kinesalite, dynalite) never see each other's data.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
