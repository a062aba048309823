using Microsoft.Extensions.Logging;
using Recommender.Adapters.Aws.Protocol;
using Recommender.Core.Events;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Aws.Kinesis;

/// <summary>
/// The event stream on Kinesis: PutRecords in chunks of at most 500 records and 5 MiB, partition key =
/// user id; records a call reports as failed (FailedRecordCount) are sent again alone, with backoff, until
/// the attempt budget is spent, and then the batch is refused with <see cref="StreamUnavailableException"/>.
/// </summary>
internal sealed class KinesisEventStream(KinesisApi kinesis, string streamName, int maxAttempts, TimeSpan baseDelay, ILogger<KinesisEventStream> logger)
    : IEventStream
{
    public const int MaxRecordsPerCall = 500;
    public const int MaxBytesPerCall = 5 * 1024 * 1024;

    public async Task<AppendResult> AppendAsync(IReadOnlyList<PlaybackEvent> events, CancellationToken cancellationToken)
    {
        var entries = events.Select(e => new PutRecordsRequestEntry(EventJson.Serialize(e), e.UserId)).ToList();
        foreach (var chunk in Chunks(entries))
            await PutChunkAsync(chunk, cancellationToken).ConfigureAwait(false);
        return new AppendResult(events.Count, 0);
    }

    /// <summary>Kinesis counts the data and the partition key of each record against the 5 MiB of a call.</summary>
    internal static IEnumerable<List<PutRecordsRequestEntry>> Chunks(IReadOnlyList<PutRecordsRequestEntry> entries)
    {
        var chunk = new List<PutRecordsRequestEntry>();
        var bytes = 0;
        foreach (var entry in entries)
        {
            var size = entry.Data.Length + System.Text.Encoding.UTF8.GetByteCount(entry.PartitionKey);
            if (chunk.Count == MaxRecordsPerCall || (chunk.Count > 0 && bytes + size > MaxBytesPerCall))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }
            chunk.Add(entry);
            bytes += size;
        }
        if (chunk.Count > 0) yield return chunk;
    }

    private async Task PutChunkAsync(List<PutRecordsRequestEntry> pending, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            PutRecordsResponse response;
            try
            {
                response = await kinesis.PutRecordsAsync(new PutRecordsRequest(streamName, pending), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.IsRetryable || e.ErrorCode is "ResourceNotFoundException" or "ResourceInUseException")
            {
                throw new StreamUnavailableException($"Kinesis stream {streamName} refused the records: {e.ErrorCode}", TimeSpan.FromSeconds(1), e.IsThrottling, e);
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException)
            {
                throw new StreamUnavailableException($"Kinesis stream {streamName} is unreachable: {e.Message}", TimeSpan.FromSeconds(2), throttled: false, e);
            }
            if (response.FailedRecordCount == 0) return;

            var failed = new List<PutRecordsRequestEntry>(response.FailedRecordCount);
            var codes = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < response.Records.Count && i < pending.Count; i++)
            {
                if (response.Records[i].ErrorCode is not { } code) continue;
                failed.Add(pending[i]);
                codes.Add(code);
            }
            if (attempt >= maxAttempts)
            {
                var throttled = codes.All(c => c == "ProvisionedThroughputExceededException");
                throw new StreamUnavailableException(
                    $"{failed.Count} records were still refused by Kinesis stream {streamName} after {attempt} attempts ({string.Join(", ", codes)})",
                    TimeSpan.FromSeconds(1), throttled);
            }
            logger.LogDebug("Kinesis refused {Failed} of {Sent} records ({Codes}); sending them again", failed.Count, pending.Count, string.Join(", ", codes));
            pending = failed;
            await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Exponential backoff with full jitter, capped at 2 s.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var cap = Math.Min(2000, baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap);
    }
}
