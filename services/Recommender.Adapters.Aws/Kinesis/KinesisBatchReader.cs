using Recommender.Adapters.Aws.Protocol;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Aws.Kinesis;

/// <summary>
/// Reads one dead-lettered batch back from its shard: GetShardIterator AT_SEQUENCE_NUMBER its first record, then
/// GetRecords until past its last. A batch the stream no longer holds whole (its first record trimmed by retention, an
/// iterator that expired or a TrimmedDataAccessException) is <see cref="BatchPastRetentionException"/>: the caller keeps
/// the message rather than apply part of a batch and lose the rest.
/// </summary>
internal sealed class KinesisBatchReader(KinesisApi kinesis, string streamName, TimeProvider clock)
{
    /// <summary>Kinesis may answer empty while records lie further on; a few more calls get past such gaps.</summary>
    private const int EmptyReadsBeforeGivingUp = 5;

    public async Task<IReadOnlyList<StreamRecord>> ReadAsync(string shardId, string startSequenceNumber, string endSequenceNumber, CancellationToken cancellationToken)
    {
        string iterator;
        try
        {
            iterator = (await kinesis.GetShardIteratorAsync(new GetShardIteratorRequest(streamName, shardId, ShardIteratorTypes.AtSequenceNumber, startSequenceNumber),
                cancellationToken).ConfigureAwait(false)).ShardIterator;
        }
        catch (AwsServiceException e) when (e.ErrorCode is "ResourceNotFoundException" or "InvalidArgumentException")
        {
            throw new BatchPastRetentionException($"the stream has no position {startSequenceNumber} on {shardId}: {e.ServiceMessage}");
        }
        var records = new List<StreamRecord>();
        for (var empty = 0; ;)
        {
            GetRecordsResponse response;
            try
            {
                response = await kinesis.GetRecordsAsync(new GetRecordsRequest(iterator, KinesisStreamReader.MaxRecordsPerCall), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.ErrorCode is "ExpiredIteratorException" or "TrimmedDataAccessException")
            {
                throw new BatchPastRetentionException($"{shardId} {startSequenceNumber}..{endSequenceNumber}: {e.ErrorCode}");
            }
            foreach (var record in response.Records)
            {
                if (records.Count == 0 && record.SequenceNumber != startSequenceNumber)
                    throw new BatchPastRetentionException($"{shardId} starts at {record.SequenceNumber} now, after the batch's first record {startSequenceNumber} (trimmed by retention)");
                if (SequenceNumbers.Compare(record.SequenceNumber, endSequenceNumber) > 0) return records;
                records.Add(KinesisStreamReader.ToStreamRecord(shardId, record, clock));
                if (record.SequenceNumber == endSequenceNumber) return records;
            }
            if (response.NextShardIterator is null || (response.Records.Count == 0 && ++empty >= EmptyReadsBeforeGivingUp && response.MillisBehindLatest is null or 0))
            {
                if (records.Count == 0) throw new BatchPastRetentionException($"{shardId} holds no record at {startSequenceNumber} (trimmed by retention)");
                throw new BatchPastRetentionException($"{shardId} ends at {records[^1].SequenceNumber}, before the batch's last record {endSequenceNumber}");
            }
            iterator = response.NextShardIterator;
        }
    }
}

/// <summary>The stream no longer holds the whole batch a dead letter points at.</summary>
public sealed class BatchPastRetentionException(string message) : Exception(message);
