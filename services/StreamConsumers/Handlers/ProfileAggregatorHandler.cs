using Recommender.Core.Catalog;
using Recommender.Core.Consumers;
using Recommender.Core.Profiles;
using Recommender.Core.Streaming;

namespace StreamConsumers.Handlers;

/// <summary>
/// Folds events into per-user profiles; the store applies each (user_id, event_id) once. On the way the event metadata
/// teaches the catalog (gaps only), and events that carried only ids count their artists and genres from it.
/// </summary>
public sealed class ProfileAggregatorHandler(IProfileStore profiles, ITrackCatalog catalog) : IStreamBatchHandler
{
    public const string ConsumerName = "profile-aggregator";

    public string Name => ConsumerName;

    public Task<BatchResult> HandleAsync(IReadOnlyList<StreamRecord> records, CancellationToken cancellationToken) =>
        RecordDecoder.HandleAsync(records, async events =>
            await profiles.ApplyAsync(await CatalogEnrichment.LearnAndFillAsync(events, catalog, cancellationToken), cancellationToken));
}
