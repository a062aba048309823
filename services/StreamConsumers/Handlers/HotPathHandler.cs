using Recommender.Core.Consumers;
using Recommender.Core.Recommendations;
using Recommender.Core.Streaming;

namespace StreamConsumers.Handlers;

/// <summary>Feeds every event to the recommender's real-time interaction tracker (PutEvents on AWS).</summary>
public sealed class HotPathHandler(IInteractionTracker tracker) : IStreamBatchHandler
{
    public const string ConsumerName = "hot-path";

    public string Name => ConsumerName;

    public Task<BatchResult> HandleAsync(IReadOnlyList<StreamRecord> records, CancellationToken cancellationToken) =>
        RecordDecoder.HandleAsync(records, events => tracker.TrackAsync(events, cancellationToken));
}
