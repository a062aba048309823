using Recommender.Core.Events;

namespace Recommender.Engine.Tests;

/// <summary>Builds playback events for tests: a synthetic catalog of genres, each with its own artists and tracks.</summary>
internal static class Events
{
    private static long _next;
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public static string Genre(int g) => $"genre-{g}";
    public static string Track(int g, int t) => $"g{g}-t{t}";
    public static string Artist(int g, int t) => $"g{g}-artist-{t % 5}";

    public static PlaybackEvent Listen(string user, int genre, int track, string type = EventTypes.Complete, int minute = 0) => new()
    {
        EventId = $"e{Interlocked.Increment(ref _next)}",
        UserId = user,
        TrackId = Track(genre, track),
        EventType = type,
        OccurredAt = Start.AddMinutes(minute),
        MsPlayed = type == EventTypes.Skip ? 5_000 : 200_000,
        TrackDurationMs = 200_000,
        Track = new TrackMetadata
        {
            Artists = [new ArtistRef { Id = Artist(genre, track), Name = Artist(genre, track) }],
            Genres = [Genre(genre)],
        },
    };

    /// <summary>Listeners with distinct tastes: user u of genre g plays tracks of g only, overlapping with their neighbours.</summary>
    public static List<PlaybackEvent> Crowd(int genres, int usersPerGenre, int tracksPerGenre, int eventsPerUser, int seed = 7)
    {
        var random = new Random(seed);
        var events = new List<PlaybackEvent>();
        for (var g = 0; g < genres; g++)
            for (var u = 0; u < usersPerGenre; u++)
                for (var e = 0; e < eventsPerUser; e++)
                    events.Add(Listen($"u{g}-{u}", g, random.Next(tracksPerGenre), minute: e));
        return events;
    }
}
