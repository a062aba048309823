using Recommender.Core.Streaming;

namespace Recommender.Core.Consumers;

/// <summary>Where a record goes after it failed too often, so its consumer can move on (an SQS queue on AWS).</summary>
public interface IDeadLetterStore
{
    Task AddAsync(string consumer, StreamRecord record, string error, int attempts, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeadLetter>> ListAsync(string? consumer, int limit, CancellationToken cancellationToken);
}

public sealed record DeadLetter(string Consumer, string ShardId, string SequenceNumber, string Error, int Attempts, DateTimeOffset FailedAt, string Data);
