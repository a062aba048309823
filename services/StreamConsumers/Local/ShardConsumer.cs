using Microsoft.Extensions.Logging;
using Recommender.Core.Consumers;
using Recommender.Core.Streaming;
using StreamConsumers.Handlers;
using StreamConsumers.Telemetry;

namespace StreamConsumers.Local;

/// <summary>
/// Runs one handler over one shard the way Lambda's Kinesis event source mapping does: batches from the
/// checkpoint, ReportBatchItemFailures (resume from the lowest failed record), bisect when the handler
/// throws, and after <see cref="ConsumerOptions.MaxAttempts"/> the record goes to the dead-letter table. A storage fault
/// (a full disk, a locked database) is no record's fault: the batch is held and retried whole until the storage takes it.
/// </summary>
internal sealed class ShardConsumer(
    IStreamBatchHandler handler,
    string shardId,
    IStreamReader reader,
    IDeadLetterStore deadLetters,
    ConsumerOptions options,
    Func<TimeSpan, CancellationToken, Task> waitForRecords,
    ILogger logger,
    ConsumerMetrics metrics,
    TimeProvider time)
{
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private int _limit = options.BatchSize;
    private int _storageFaults;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var delay = await PollOnceAsync(stoppingToken);
                if (delay is { } wait) await waitForRecords(wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Consumer {Consumer} on {Shard} could not read or checkpoint; retrying", handler.Name, shardId);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    /// <summary>Processes one batch; returns how long to wait before the next poll, or null to go on at once.</summary>
    internal async Task<TimeSpan?> PollOnceAsync(CancellationToken cancellationToken)
    {
        var records = await reader.ReadAsync(handler.Name, shardId, _limit, cancellationToken);
        if (records.Count == 0) return options.IdleWait;

        BatchResult result;
        try
        {
            result = await handler.HandleAsync(records, cancellationToken);
            _limit = options.BatchSize;
            _storageFaults = 0;
        }
        catch (Exception e) when (e is not OperationCanceledException && StorageFaults.Is(e))
        {
            _storageFaults++;
            logger.LogWarning(e, "Consumer {Consumer} on {Shard} cannot write (storage fault {Count} in a row); holding its batch of {Records} to retry",
                handler.Name, shardId, _storageFaults, records.Count);
            return Backoff(_storageFaults);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (records.Count > 1)
            {
                // Bisect on error: retry with half the batch until the record that throws stands alone.
                _limit = Math.Max(1, records.Count / 2);
                logger.LogWarning(e, "Consumer {Consumer} failed a batch of {Count} on {Shard}; bisecting", handler.Name, records.Count, shardId);
                return null;
            }
            result = new BatchResult([new BatchItemFailure(records[0].SequenceNumber, e.Message)]);
        }

        var bySequence = records.ToDictionary(r => r.SequenceNumber, StringComparer.Ordinal);
        string? lowestRetry = null;
        var worstAttempts = 0;
        foreach (var failure in result.BatchItemFailures)
        {
            if (!bySequence.TryGetValue(failure.ItemIdentifier, out var record))
            {
                logger.LogWarning("Consumer {Consumer} reported an unknown record {Sequence}", handler.Name, failure.ItemIdentifier);
                continue;
            }
            var attempts = _attempts[failure.ItemIdentifier] = _attempts.GetValueOrDefault(failure.ItemIdentifier) + 1;
            if (attempts >= options.MaxAttempts)
            {
                await deadLetters.AddAsync(handler.Name, record, failure.Error, attempts, cancellationToken);
                metrics.DeadLettered(handler.Name);
                _attempts.Remove(failure.ItemIdentifier);
                logger.LogError("Consumer {Consumer} gave up on record {Sequence} of {Shard} after {Attempts} attempts: {Error}",
                    handler.Name, failure.ItemIdentifier, shardId, attempts, failure.Error);
                continue;
            }
            worstAttempts = Math.Max(worstAttempts, attempts);
            if (lowestRetry is null || SequenceNumbers.Compare(failure.ItemIdentifier, lowestRetry) < 0) lowestRetry = failure.ItemIdentifier;
        }

        var done = lowestRetry is null
            ? records[^1]
            : records.TakeWhile(r => SequenceNumbers.Compare(r.SequenceNumber, lowestRetry) < 0).LastOrDefault();
        if (done is not null)
        {
            await reader.CheckpointAsync(handler.Name, shardId, done.SequenceNumber, cancellationToken);
            metrics.Handled(handler.Name, records.Count(r => SequenceNumbers.Compare(r.SequenceNumber, done.SequenceNumber) <= 0),
                time.GetUtcNow() - done.ApproximateArrivalTimestamp);
            foreach (var r in records)
                if (SequenceNumbers.Compare(r.SequenceNumber, done.SequenceNumber) <= 0) _attempts.Remove(r.SequenceNumber);
        }
        return lowestRetry is null ? null : Backoff(worstAttempts);
    }

    private static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromMilliseconds(Math.Min(5000, 50 * Math.Pow(2, attempts - 1)));
}
