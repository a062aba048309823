using Recommender.Core.Events;
using Recommender.Engine.Data;

namespace Recommender.Benchmarks;

/// <summary>A seeded synthetic music world: tracks in genres with artists, listeners who mostly play one favourite genre, popularity skewed (Zipf-like) within a genre.</summary>
public sealed class SyntheticMusic(int tracks, int genres = 50, int seed = 17)
{
    private readonly string[] _trackIds = Enumerable.Range(0, tracks).Select(t => $"track-{t}").ToArray();

    public string TrackId(int t) => _trackIds[t];
    public static string Genre(int g) => $"genre-{g}";
    public int GenreOf(int t) => t % genres;
    public string ArtistOf(int t) => $"artist-{t / 7}";

    public List<ItemMetadata> Items() =>
        Enumerable.Range(0, tracks).Select(t => new ItemMetadata(_trackIds[t], [ArtistOf(t)], [Genre(GenreOf(t))])).ToList();

    /// <summary>A track for a listener of <paramref name="genre"/>: 85% from that genre, skewed to its popular tracks.</summary>
    public int Pick(Random random, int genre)
    {
        var g = random.NextDouble() < 0.85 ? genre : random.Next(genres);
        var perGenre = tracks / genres;
        var rank = (int)(perGenre * Math.Pow(random.NextDouble(), 3)); // cubing skews towards the head
        return Math.Min(tracks - 1, rank * genres + g);
    }

    public List<Interaction> Interactions(int count, int users)
    {
        var random = new Random(seed);
        var userIds = Enumerable.Range(0, users).Select(u => $"user-{u}").ToArray();
        var result = new List<Interaction>(count);
        const long start = 1_760_000_000;
        for (var k = 0; k < count; k++)
        {
            var u = random.Next(users);
            var complete = random.NextDouble() < 0.7;
            result.Add(new Interaction(userIds[u], _trackIds[Pick(random, u % genres)], start + k / 10,
                complete ? EventTypes.Complete : EventTypes.Skip, complete ? 0.6 + 0.4 * random.NextDouble() : 0.1 * random.NextDouble()));
        }
        return result;
    }

    public PlaybackEvent Event(string user, int track, string type, DateTimeOffset at, long id) => new()
    {
        EventId = $"bench-{id}",
        UserId = user,
        TrackId = _trackIds[track],
        EventType = type,
        OccurredAt = at,
        MsPlayed = type == EventTypes.Skip ? 10_000 : 180_000,
        TrackDurationMs = 200_000,
        Track = new TrackMetadata { Artists = [new ArtistRef { Name = ArtistOf(track) }], Genres = [Genre(GenreOf(track))] },
    };

    /// <summary>
    /// What a consumer loop hands its sink: batches of 500 events of random listeners ("listener-N" of <paramref name="listeners"/>,
    /// each in its favourite genre), 70 % completes and 30 % skips, a millisecond apart from an hour ago, seeded.
    /// </summary>
    public List<List<PlaybackEvent>> ListenerBatches(int events, int listeners, int seed = 5)
    {
        const int BatchSize = 500;
        var random = new Random(seed);
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        return Enumerable.Range(0, events / BatchSize).Select(b => Enumerable.Range(0, BatchSize).Select(i =>
        {
            var user = random.Next(listeners);
            return Event($"listener-{user}", Pick(random, user % genres), random.NextDouble() < 0.7 ? EventTypes.Complete : EventTypes.Skip,
                at.AddMilliseconds(b * BatchSize + i), (long)b * BatchSize + i);
        }).ToList()).ToList();
    }
}
