using Recommender.Core.Events;

namespace Recommender.Core.Catalog;

/// <summary>
/// What the catalog adds to a batch of events: the metadata they carried teaches it (gaps only), and events that carried
/// only ids (or no artists or genres) get the catalog's, so a listener's profile counts artists and genres either way.
/// </summary>
public static class CatalogEnrichment
{
    /// <summary>Teaches the catalog from <paramref name="events"/>, then returns them with their metadata's gaps filled from it.</summary>
    public static async Task<IReadOnlyList<PlaybackEvent>> LearnAndFillAsync(IReadOnlyList<PlaybackEvent> events, ITrackCatalog catalog, CancellationToken cancellationToken)
    {
        var learned = events.Select(CatalogTrack.FromEvent).OfType<CatalogTrack>().ToList();
        if (learned.Count > 0) await catalog.LearnAsync(learned, cancellationToken).ConfigureAwait(false);

        var lacking = events.Where(Lacks).Select(e => e.TrackId).Distinct(StringComparer.Ordinal).ToList();
        if (lacking.Count == 0) return events;
        var entries = await catalog.GetManyAsync(lacking, cancellationToken).ConfigureAwait(false);
        if (entries.Count == 0) return events;
        return events.Select(e => Lacks(e) && entries.TryGetValue(e.TrackId, out var entry) ? e with { Track = Fill(e.Track, entry) } : e).ToList();
    }

    private static bool Lacks(PlaybackEvent e) => e.Track?.Artists is not { Count: > 0 } || e.Track?.Genres is not { Count: > 0 };

    /// <summary>The event's own metadata wins; the catalog fills what it left out.</summary>
    public static TrackMetadata Fill(TrackMetadata? carried, CatalogTrack entry)
    {
        var known = entry.ToMetadata();
        if (carried is null) return known;
        return carried with
        {
            Name = carried.Name ?? known.Name,
            Artists = carried.Artists is { Count: > 0 } ? carried.Artists : known.Artists,
            Album = carried.Album ?? known.Album,
            Genres = carried.Genres is { Count: > 0 } ? carried.Genres : known.Genres,
            ReleaseYear = carried.ReleaseYear ?? known.ReleaseYear,
            AudioFeatures = carried.AudioFeatures is { Count: > 0 } ? carried.AudioFeatures : known.AudioFeatures,
        };
    }
}
