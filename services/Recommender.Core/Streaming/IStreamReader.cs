namespace Recommender.Core.Streaming;

/// <summary>
/// The consuming side of the event stream for hosted consumer loops: each named consumer has its own
/// checkpoint per shard and reads the records after it.
/// </summary>
public interface IStreamReader
{
    Task<IReadOnlyList<string>> ListShardsAsync(CancellationToken cancellationToken);

    /// <summary>Reads up to <paramref name="maxRecords"/> records of one shard after the consumer's checkpoint, oldest first.</summary>
    Task<IReadOnlyList<StreamRecord>> ReadAsync(string consumer, string shardId, int maxRecords, CancellationToken cancellationToken);

    /// <summary>Marks every record of the shard up to and including <paramref name="sequenceNumber"/> as done for the consumer.</summary>
    Task CheckpointAsync(string consumer, string shardId, string sequenceNumber, CancellationToken cancellationToken);

    /// <summary>Records on the stream the consumer has not checkpointed yet, over all shards; null when the stream cannot tell.</summary>
    Task<long?> GetLagAsync(string consumer, CancellationToken cancellationToken);

    /// <summary>
    /// How far behind the newest record of the stream the consumer's last read was, in time, the most of any shard (Kinesis
    /// reports it with every GetRecords: MillisBehindLatest); null when the stream cannot tell or the consumer has not read yet.
    /// </summary>
    Task<TimeSpan?> GetTimeBehindAsync(string consumer, CancellationToken cancellationToken) => Task.FromResult<TimeSpan?>(null);
}

/// <summary>Implemented by a stream that can wake its readers on an append (the embedded log), so they need not poll.</summary>
public interface IAppendSignal
{
    /// <summary>Completes when something is appended after the call, or when the timeout passes.</summary>
    Task WaitForAppendAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
