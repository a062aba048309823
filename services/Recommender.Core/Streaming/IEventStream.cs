using Recommender.Core.Events;

namespace Recommender.Core.Streaming;

/// <summary>The producing side of the event stream: the embedded log, or Kinesis.</summary>
public interface IEventStream
{
    /// <summary>
    /// Appends the events durably (partition key = user id) and returns only once they are on the stream.
    /// Throws <see cref="StreamUnavailableException"/> when the stream cannot take them now; then none or
    /// some may be on the stream, and the caller retries the whole batch (consumers are idempotent on (user_id, event_id)).
    /// </summary>
    Task<AppendResult> AppendAsync(IReadOnlyList<PlaybackEvent> events, CancellationToken cancellationToken);
}

/// <param name="Appended">Events written by this call.</param>
/// <param name="Duplicates">Events the stream already held (same user_id and event_id) and did not write again; a stream that cannot tell reports 0.</param>
public sealed record AppendResult(int Appended, int Duplicates);

/// <summary>The stream is full, throttled or unreachable: answer 429/503 with Retry-After.</summary>
public sealed class StreamUnavailableException(string message, TimeSpan retryAfter, bool throttled, Exception? inner = null)
    : Exception(message, inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>True when the stream is over its rate (429), false when it is down or full (503).</summary>
    public bool Throttled { get; } = throttled;
}
