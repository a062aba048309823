using Recommender.Core.Streaming;

namespace Recommender.Core.Consumers;

/// <summary>
/// A consumer of stream batches: the same handler runs under a local hosted loop and behind Lambda's
/// Kinesis event source mapping. It must be idempotent on (user_id, event_id), the de-duplication key.
/// </summary>
public interface IStreamBatchHandler
{
    /// <summary>Stable name: the checkpoint and dead-letter key of this consumer.</summary>
    string Name { get; }

    /// <summary>Handles the batch and returns the records that failed (Lambda's ReportBatchItemFailures).</summary>
    Task<BatchResult> HandleAsync(IReadOnlyList<StreamRecord> records, CancellationToken cancellationToken);
}

/// <param name="ItemIdentifier">The failed record's sequence number.</param>
/// <param name="Error">Why it failed, for the dead-letter table and logs (never Lambda's response).</param>
public sealed record BatchItemFailure(string ItemIdentifier, string Error);

public sealed record BatchResult(IReadOnlyList<BatchItemFailure> BatchItemFailures)
{
    public static readonly BatchResult Success = new([]);
}
