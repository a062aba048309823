using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Profiles;

namespace Recommendations.Api;

public sealed record NamedCount(string Name, long Count);

/// <summary>A track the listener played, with what the catalog knows of it.</summary>
public sealed record PlayedTrack(
    string TrackId, string EventType, DateTimeOffset OccurredAt, long? MsPlayed, string? Name, IReadOnlyList<ArtistRef> Artists, IReadOnlyList<string> Genres);

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

    public static ProfileResponse From(UserProfile p, IReadOnlyDictionary<string, CatalogTrack> catalog) => new(
        p.UserId, p.Plays, p.Completes, p.Skips, p.Likes, p.Dislikes, Math.Round(p.SkipRate, 4), p.ListeningMs,
        Named(p.TopArtists(TopCount)), Named(p.TopGenres(TopCount)), History(p, UserProfile.RecentTrackLimit, catalog),
        p.HourHistogram, p.FirstSeen, p.LastSeen);

    public static IReadOnlyList<PlayedTrack> History(UserProfile p, int limit, IReadOnlyDictionary<string, CatalogTrack> catalog) =>
        p.RecentTracks.Take(limit).Select(r =>
        {
            var entry = catalog.GetValueOrDefault(r.TrackId);
            return new PlayedTrack(r.TrackId, r.EventType, r.OccurredAt, r.MsPlayed, entry?.Name, entry?.Artists ?? [], entry?.Genres ?? []);
        }).ToList();

    private static IReadOnlyList<NamedCount> Named(IReadOnlyList<KeyValuePair<string, long>> counts) =>
        counts.Select(c => new NamedCount(c.Key, c.Value)).ToList();
}

public sealed record HistoryResponse(string UserId, IReadOnlyList<PlayedTrack> Items);
