namespace Recommender.Core.Catalog;

/// <summary>
/// The track catalog: SQLite on one machine, DynamoDB on AWS. Imports are authoritative; events only fill gaps.
/// </summary>
public interface ITrackCatalog
{
    /// <summary>
    /// Writes imported entries: each replaces every field the catalog held for its id (its source becomes
    /// <see cref="CatalogSources.Import"/>); when the id was already there its <see cref="CatalogTrack.AddedAt"/> is kept.
    /// </summary>
    Task ImportAsync(IReadOnlyList<CatalogTrack> tracks, CancellationToken cancellationToken);

    /// <summary>
    /// Learns from event metadata: an unknown track is added (source <see cref="CatalogSources.Events"/>); a known one gets
    /// only its empty fields filled (<see cref="CatalogTrack.FillGapsFrom"/>): no value already there, imported or learned,
    /// is ever replaced. Safe to repeat.
    /// </summary>
    Task LearnAsync(IReadOnlyList<CatalogTrack> tracks, CancellationToken cancellationToken);

    Task<CatalogTrack?> GetAsync(string trackId, CancellationToken cancellationToken);

    /// <summary>The entries of the ids the catalog holds; unknown ids are absent from the answer.</summary>
    Task<IReadOnlyDictionary<string, CatalogTrack>> GetManyAsync(IReadOnlyCollection<string> trackIds, CancellationToken cancellationToken);

    /// <summary>Every entry, in no particular order (the dataset builder's ITEMS, the engine's cold start).</summary>
    IAsyncEnumerable<CatalogTrack> ReadAllAsync(CancellationToken cancellationToken);
}
