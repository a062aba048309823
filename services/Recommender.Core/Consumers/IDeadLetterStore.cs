using System.Text;
using Recommender.Core.Streaming;

namespace Recommender.Core.Consumers;

/// <summary>
/// Where a record goes after it failed too often, so its consumer can move on: a table locally (SQLite), DynamoDB for
/// hosted loops on Kinesis (Lambda uses its on-failure SQS queue instead). A person lists the letters and asks for a
/// redrive; the consumer that gave up on a letter takes it again (it is idempotent on (user_id, event_id)), removes it
/// when it goes through, and writes it back with one more attempt when it fails again.
/// </summary>
public interface IDeadLetterStore
{
    /// <summary>Adds the letter, or replaces the one of the same consumer and record (which also ends a redrive request).</summary>
    Task AddAsync(string consumer, StreamRecord record, string error, int attempts, CancellationToken cancellationToken);

    /// <summary>Letters oldest first, of one consumer or of all.</summary>
    Task<IReadOnlyList<DeadLetter>> ListAsync(string? consumer, int limit, CancellationToken cancellationToken);

    /// <summary>Marks the letters of one consumer (or all) for redrive; returns how many are marked now.</summary>
    Task<int> RequestRedriveAsync(string? consumer, CancellationToken cancellationToken);

    /// <summary>Letters of the consumer marked for redrive, oldest first.</summary>
    Task<IReadOnlyList<DeadLetter>> ListRedriveRequestsAsync(string consumer, int limit, CancellationToken cancellationToken);

    /// <summary>Removes a letter whose record went through.</summary>
    Task RemoveAsync(DeadLetter letter, CancellationToken cancellationToken);
}

/// <param name="Data">The record's bytes as the stream held them.</param>
/// <param name="RedriveRequested">A person asked for a redrive that the consumer has not done yet.</param>
public sealed record DeadLetter(
    string Consumer, string ShardId, string SequenceNumber, string Error, int Attempts, DateTimeOffset FailedAt, byte[] Data,
    bool RedriveRequested = false)
{
    /// <summary>The record as text, for a person to read (bytes that are not UTF-8 show as U+FFFD).</summary>
    public string DataText => Encoding.UTF8.GetString(Data);

    /// <summary>The record again, to hand to the consumer that gave up on it.</summary>
    public StreamRecord ToRecord(DateTimeOffset now) => new(ShardId, SequenceNumber, "", Data, now);
}
