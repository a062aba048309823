using Recommender.Core.Events;

namespace Recommender.Adapters.Aws.Tests;

public static class TestEvents
{
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 18, 0, 0, TimeSpan.Zero);

    public static PlaybackEvent Play(string userId, int n, string type = EventTypes.Complete, string? sessionId = null) => new()
    {
        EventId = $"{userId}-e{n}",
        UserId = userId,
        TrackId = $"track-{n % 7}",
        EventType = type,
        OccurredAt = Start.AddSeconds(n),
        MsPlayed = 120_000,
        TrackDurationMs = 200_000,
        SessionId = sessionId,
        Context = new PlaybackContext { Type = "playlist", Uri = "spotify:playlist:1" },
        Track = new TrackMetadata { Name = $"song {n}", Artists = [new ArtistRef { Name = $"artist {n % 3}" }], Genres = ["indie"] },
    };

    public static List<PlaybackEvent> Many(int users, int perUser) =>
        Enumerable.Range(0, perUser).SelectMany(n => Enumerable.Range(0, users).Select(u => Play($"user-{u}", n))).ToList();
}
