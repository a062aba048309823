using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Recommendations;

namespace Recommendations.Api;

/// <param name="Score">The recommender's score: higher is a better fit (not comparable across lists).</param>
/// <param name="Reason">Why the track is in the list, naming what it was matched with; only with explain=true.</param>
public sealed record TrackItem(string TrackId, double Score, string? Name, IReadOnlyList<ArtistRef> Artists, IReadOnlyList<string> Genres, string? Reason);

/// <summary>A ranked list of tracks: recommendations, related tracks or a personalized ranking.</summary>
public sealed record TrackList(string RecommendationId, IReadOnlyList<TrackItem> Items);

/// <summary>A catalog entry as <c>GET /v1/tracks/{id}</c> shows it.</summary>
/// <param name="Source">"import" (from catalog import) or "events" (from the metadata listening events carried).</param>
public sealed record TrackResponse(
    string TrackId, string? Name, IReadOnlyList<ArtistRef> Artists, string? Album, IReadOnlyList<string> Genres, int? ReleaseYear,
    long? DurationMs, int? Popularity, bool? Explicit, IReadOnlyDictionary<string, double> AudioFeatures, string Source, DateTimeOffset? AddedAt)
{
    public static TrackResponse From(CatalogTrack t) => new(t.TrackId, t.Name, t.Artists, t.Album, t.Genres, t.ReleaseYear, t.DurationMs,
        t.Popularity, t.Explicit, t.AudioFeatures, t.Source, t.AddedAt);
}

/// <summary>Names the tracks of an answer from the catalog store: the recommender (Personalize too) knows only ids.</summary>
public sealed class TrackDetails(ITrackCatalog catalog)
{
    public Task<IReadOnlyDictionary<string, CatalogTrack>> LookupAsync(IEnumerable<string> trackIds, CancellationToken cancellationToken) =>
        catalog.GetManyAsync(trackIds.Distinct(StringComparer.Ordinal).ToList(), cancellationToken);

    public async Task<TrackList> ListAsync(RecommendationList list, CancellationToken cancellationToken)
    {
        var known = await LookupAsync(list.Items.Select(i => i.TrackId), cancellationToken);
        return new TrackList(list.RecommendationId, list.Items.Select(i =>
        {
            var entry = known.GetValueOrDefault(i.TrackId);
            return new TrackItem(i.TrackId, i.Score, entry?.Name, entry?.Artists ?? [], entry?.Genres ?? [], i.Reason);
        }).ToList());
    }
}
