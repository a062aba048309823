using Recommender.Core.Consumers;
using Recommender.Core.Profiles;
using Recommender.Core.Streaming;

namespace StreamConsumers.Handlers;

/// <summary>Folds events into per-user profiles; the store applies each (user_id, event_id) once.</summary>
public sealed class ProfileAggregatorHandler(IProfileStore profiles) : IStreamBatchHandler
{
    public const string ConsumerName = "profile-aggregator";

    public string Name => ConsumerName;

    public Task<BatchResult> HandleAsync(IReadOnlyList<StreamRecord> records, CancellationToken cancellationToken) =>
        RecordDecoder.HandleAsync(records, events => profiles.ApplyAsync(events, cancellationToken));
}
