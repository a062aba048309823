using Recommender.Core.Archive;
using Recommender.Core.Consumers;
using Recommender.Core.Streaming;

namespace StreamConsumers.Handlers;

/// <summary>Writes events to the partitioned archive the daily builder reads (Firehose does this on AWS).</summary>
public sealed class ArchiveHandler(IEventArchive archive) : IStreamBatchHandler
{
    public const string ConsumerName = "archive";

    public string Name => ConsumerName;

    public Task<BatchResult> HandleAsync(IReadOnlyList<StreamRecord> records, CancellationToken cancellationToken) =>
        RecordDecoder.HandleAsync(records, events => archive.WriteAsync(events, cancellationToken));
}
