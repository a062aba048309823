using Recommender.Core.Events;

namespace Recommender.Core.Archive;

/// <summary>
/// The raw event archive, partitioned by event date and hour (dt=YYYY-MM-DD/hour=HH): gzipped JSON lines
/// on one machine, Firehose-written Parquet in S3 on AWS. At-least-once: readers de-duplicate by (user_id, event_id).
/// </summary>
public interface IEventArchive
{
    Task WriteAsync(IReadOnlyList<PlaybackEvent> events, CancellationToken cancellationToken);

    /// <summary>Streams archived events of the partitions at or after <paramref name="sinceHour"/> (all when null), partition by partition.</summary>
    IAsyncEnumerable<PlaybackEvent> ReadAsync(DateTimeOffset? sinceHour, CancellationToken cancellationToken);
}
