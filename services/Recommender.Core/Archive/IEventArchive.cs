using Recommender.Core.Events;

namespace Recommender.Core.Archive;

/// <summary>
/// The raw event archive: Parquet with the Glue table's columns, partitioned by the date the archive received the
/// events (dt=YYYY-MM-DD/, with hour=HH/ below it in S3 as Firehose writes); a local lake under the data folder on one
/// machine, S3 on AWS. At-least-once: an event may be read twice, never lost; readers de-duplicate by (user_id, event_id).
/// </summary>
public interface IEventArchive
{
    Task WriteAsync(IReadOnlyList<PlaybackEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Streams archived events, oldest partition first, of every partition that can hold events received at or after
    /// <paramref name="sinceHour"/> (all when null): the whole day locally, the hour on S3.
    /// </summary>
    IAsyncEnumerable<PlaybackEvent> ReadAsync(DateTimeOffset? sinceHour, CancellationToken cancellationToken);
}
