using System.Collections.Concurrent;
using Recommender.Adapters.Aws.Protocol;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Aws.Kinesis;

/// <summary>
/// Reads Kinesis shards for hosted consumer loops: GetShardIterator (AFTER_SEQUENCE_NUMBER the checkpoint,
/// else TRIM_HORIZON) and GetRecords, keeping the next iterator while the consumer checkpoints what it read,
/// so a steady reader costs one GetRecords call a batch; a record not checkpointed is read again.
/// </summary>
internal sealed class KinesisStreamReader(KinesisApi kinesis, ShardCheckpointTable checkpoints, string streamName, TimeProvider clock) : IStreamReader
{
    /// <summary>GetRecords takes at most 10,000 records a call.</summary>
    public const int MaxRecordsPerCall = 10_000;

    /// <summary>Kinesis may answer empty while records lie further on; a few more calls get past such gaps.</summary>
    private const int EmptyReadsBeforeGivingUp = 3;

    private readonly ConcurrentDictionary<(string Consumer, string Shard), string?> _checkpoints = new();
    private readonly ConcurrentDictionary<(string Consumer, string Shard), (string? After, string Iterator)> _iterators = new();
    private readonly ConcurrentDictionary<(string Consumer, string Shard), long> _millisBehind = new();

    public async Task<IReadOnlyList<string>> ListShardsAsync(CancellationToken cancellationToken)
    {
        var shards = new List<string>();
        string? next = null;
        do
        {
            var page = await kinesis.ListShardsAsync(next is null ? new ListShardsRequest(streamName, null, 1000) : new ListShardsRequest(null, next, 1000), cancellationToken)
                .ConfigureAwait(false);
            shards.AddRange(page.Shards.Select(s => s.ShardId));
            next = page.NextToken;
        } while (next is not null);
        return shards;
    }

    public async Task<IReadOnlyList<StreamRecord>> ReadAsync(string consumer, string shardId, int maxRecords, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        var key = (consumer, shardId);
        var after = await CheckpointOfAsync(key, cancellationToken).ConfigureAwait(false);
        var iterator = _iterators.TryGetValue(key, out var cached) && cached.After == after
            ? cached.Iterator
            : await NewIteratorAsync(shardId, after, cancellationToken).ConfigureAwait(false);

        for (var call = 0; ; call++)
        {
            GetRecordsResponse response;
            try
            {
                response = await kinesis.GetRecordsAsync(new GetRecordsRequest(iterator, Math.Min(maxRecords, MaxRecordsPerCall)), cancellationToken).ConfigureAwait(false);
                if (response.MillisBehindLatest is { } behind) _millisBehind[key] = behind;
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ExpiredIteratorException")
            {
                iterator = await NewIteratorAsync(shardId, after, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (response.Records.Count > 0)
            {
                var records = response.Records.Select(r => ToStreamRecord(shardId, r)).ToList();
                if (response.NextShardIterator is { } next) _iterators[key] = (records[^1].SequenceNumber, next);
                else _iterators.TryRemove(key, out _);
                return records;
            }
            if (response.NextShardIterator is null)
            {
                _iterators.TryRemove(key, out _);
                return [];
            }
            iterator = response.NextShardIterator;
            _iterators[key] = (after, iterator);
            if (response.MillisBehindLatest is null or 0 || call + 1 >= EmptyReadsBeforeGivingUp) return [];
        }
    }

    public async Task CheckpointAsync(string consumer, string shardId, string sequenceNumber, CancellationToken cancellationToken)
    {
        await checkpoints.SetAsync(consumer, shardId, sequenceNumber, cancellationToken).ConfigureAwait(false);
        _checkpoints[(consumer, shardId)] = sequenceNumber;
    }

    /// <summary>Kinesis does not count the records behind a position (only MillisBehindLatest): null, as the port allows.</summary>
    public Task<long?> GetLagAsync(string consumer, CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    /// <summary>The largest MillisBehindLatest of the consumer's latest GetRecords per shard; null before its first read.</summary>
    public Task<TimeSpan?> GetTimeBehindAsync(string consumer, CancellationToken cancellationToken)
    {
        var behind = _millisBehind.Where(p => p.Key.Consumer == consumer).Select(p => p.Value).ToList();
        return Task.FromResult<TimeSpan?>(behind.Count == 0 ? null : TimeSpan.FromMilliseconds(behind.Max()));
    }

    private async Task<string?> CheckpointOfAsync((string Consumer, string Shard) key, CancellationToken ct)
    {
        if (_checkpoints.TryGetValue(key, out var known)) return known;
        var stored = await checkpoints.GetAsync(key.Consumer, key.Shard, ct).ConfigureAwait(false);
        return _checkpoints.GetOrAdd(key, stored);
    }

    private async Task<string> NewIteratorAsync(string shardId, string? after, CancellationToken ct)
    {
        var request = after is null
            ? new GetShardIteratorRequest(streamName, shardId, ShardIteratorTypes.TrimHorizon, null)
            : new GetShardIteratorRequest(streamName, shardId, ShardIteratorTypes.AfterSequenceNumber, after);
        return (await kinesis.GetShardIteratorAsync(request, ct).ConfigureAwait(false)).ShardIterator;
    }

    private StreamRecord ToStreamRecord(string shardId, KinesisRecord r) => ToStreamRecord(shardId, r, clock);

    internal static StreamRecord ToStreamRecord(string shardId, KinesisRecord r, TimeProvider clock) => new(
        shardId,
        r.SequenceNumber,
        r.PartitionKey,
        r.Data,
        r.ApproximateArrivalTimestamp ?? clock.GetUtcNow());
}
