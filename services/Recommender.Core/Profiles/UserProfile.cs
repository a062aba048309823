namespace Recommender.Core.Profiles;

/// <summary>A listener's musical profile, aggregated from their events by <see cref="ProfileAggregator"/>.</summary>
public sealed class UserProfile
{
    public const int RecentTrackLimit = 50;

    public required string UserId { get; init; }

    /// <summary>Listens of any kind: play, skip and complete events.</summary>
    public long Plays { get; set; }
    public long Completes { get; set; }
    public long Skips { get; set; }
    public long Likes { get; set; }
    public long Dislikes { get; set; }
    public long ListeningMs { get; set; }

    /// <summary>Listens per artist (by name, else id) and per genre.</summary>
    public Dictionary<string, long> ArtistCounts { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> GenreCounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Newest first, at most <see cref="RecentTrackLimit"/>.</summary>
    public List<RecentTrack> RecentTracks { get; set; } = [];

    /// <summary>Listens per UTC hour of day, 24 buckets.</summary>
    public long[] HourHistogram { get; set; } = new long[24];

    public DateTimeOffset? FirstSeen { get; set; }
    public DateTimeOffset? LastSeen { get; set; }

    /// <summary>Optimistic-concurrency version for stores that need one; bumped on every change.</summary>
    public long Version { get; set; }

    public double SkipRate => Plays == 0 ? 0 : (double)Skips / Plays;

    public IReadOnlyList<KeyValuePair<string, long>> TopArtists(int n) => Top(ArtistCounts, n);
    public IReadOnlyList<KeyValuePair<string, long>> TopGenres(int n) => Top(GenreCounts, n);

    private static IReadOnlyList<KeyValuePair<string, long>> Top(Dictionary<string, long> counts, int n) =>
        counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(n).ToList();
}

public sealed record RecentTrack(string TrackId, string EventType, DateTimeOffset OccurredAt, long? MsPlayed, string EventId);
