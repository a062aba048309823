using System.Text.Json;
using Recommender.Core.Events;

namespace Recommender.Core.Streaming;

/// <summary>
/// The ingestion path shared by <c>POST /v1/events</c> and the hosted producer: events the contract accepted get
/// their session ids and go onto the stream in one append.
/// </summary>
public static class EventIntake
{
    /// <summary>Appends events the contract already accepted (<see cref="EventBatchParser"/>), filling absent session ids.</summary>
    public static Task<AppendResult> AppendAsync(IEventStream stream, IReadOnlyList<PlaybackEvent> accepted, CancellationToken cancellationToken)
    {
        var events = new PlaybackEvent[accepted.Count];
        for (var i = 0; i < events.Length; i++) events[i] = SessionIds.EnsureSession(accepted[i]);
        return stream.AppendAsync(events, cancellationToken);
    }

    /// <summary>
    /// Events made in-process (the hosted producer's) checked by the same parser as a request body, then appended;
    /// <see cref="InvalidEventsException"/> when the contract refuses any (then none is appended).
    /// </summary>
    public static async Task<AppendResult> SubmitAsync(IEventStream stream, IReadOnlyList<PlaybackEvent> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return new AppendResult(0, 0);
        var body = JsonSerializer.SerializeToUtf8Bytes(events, EventJsonContext.Default.IReadOnlyListPlaybackEvent);
        var parsed = EventBatchParser.Parse(body, now);
        if (!parsed.IsValid) throw new InvalidEventsException(parsed.Errors);
        return await AppendAsync(stream, parsed.Events, cancellationToken);
    }
}

/// <summary>The event contract refused a batch made in-process: a bug in its maker, named field by field.</summary>
public sealed class InvalidEventsException(IReadOnlyList<FieldError> errors)
    : Exception("the event contract refused the batch: " + string.Join("; ", errors.Take(5).Select(e => $"[{e.Index}] {e.Field}: {e.Message}")))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}
