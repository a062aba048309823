using Recommender.Core.Profiles;

namespace Recommendations.Api;

public sealed record NamedCount(string Name, long Count);

public sealed record PlayedTrack(string TrackId, string EventType, DateTimeOffset OccurredAt, long? MsPlayed);

/// <summary>A listener's profile as the API shows it.</summary>
public sealed record ProfileResponse(
    string UserId,
    long Plays,
    long Completes,
    long Skips,
    long Likes,
    long Dislikes,
    double SkipRate,
    long ListeningMs,
    IReadOnlyList<NamedCount> TopArtists,
    IReadOnlyList<NamedCount> TopGenres,
    IReadOnlyList<PlayedTrack> RecentTracks,
    IReadOnlyList<long> HourHistogram,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen)
{
    public const int TopCount = 10;

    public static ProfileResponse From(UserProfile p) => new(
        p.UserId, p.Plays, p.Completes, p.Skips, p.Likes, p.Dislikes, Math.Round(p.SkipRate, 4), p.ListeningMs,
        Named(p.TopArtists(TopCount)), Named(p.TopGenres(TopCount)), History(p, UserProfile.RecentTrackLimit),
        p.HourHistogram, p.FirstSeen, p.LastSeen);

    public static IReadOnlyList<PlayedTrack> History(UserProfile p, int limit) =>
        p.RecentTracks.Take(limit).Select(r => new PlayedTrack(r.TrackId, r.EventType, r.OccurredAt, r.MsPlayed)).ToList();

    private static IReadOnlyList<NamedCount> Named(IReadOnlyList<KeyValuePair<string, long>> counts) =>
        counts.Select(c => new NamedCount(c.Key, c.Value)).ToList();
}

public sealed record HistoryResponse(string UserId, IReadOnlyList<PlayedTrack> Items);
