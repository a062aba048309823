using Producer.Outbox;
using Recommender.Core.Events;

namespace Producer.Delivery;

public sealed record SenderOptions
{
    public int BatchSize { get; init; } = EventContract.MaxEventsPerRequest;

    /// <summary>Stays under the 1 MiB request limit with room to spare.</summary>
    public int MaxBatchBytes { get; init; } = EventContract.MaxRequestBytes - 16 * 1024;

    /// <summary>Batches posted at once; order across them does not matter (the stream orders by occurred_at per user).</summary>
    public int Concurrency { get; init; } = 4;

    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Drains the outbox into the ingestion API: peek, post, and only then remove. Failures keep the
/// events and wait (Retry-After, else backoff with jitter); a 400 moves the named events to the
/// rejected table so one bad event never blocks the queue; a 401/403 stops the sender
/// (<see cref="IngestionRefusedException"/>), since no retry fixes a key.
/// </summary>
public sealed class OutboxSender(EventOutbox outbox, IngestionClient client, SenderOptions? options = null, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    public const string LastPostStateKey = "last_post";

    private readonly SenderOptions _options = options ?? new SenderOptions();
    private readonly Backoff _backoff = new((options ?? new SenderOptions()).InitialBackoff, (options ?? new SenderOptions()).MaxBackoff);
    private int _batchSize = (options ?? new SenderOptions()).BatchSize;
    private long _delivered, _duplicates, _rejected, _failedPosts;

    public long Delivered => Interlocked.Read(ref _delivered);
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long RejectedEvents => Interlocked.Read(ref _rejected);
    public long FailedPosts => Interlocked.Read(ref _failedPosts);
    public PostResult? LastResult { get; private set; }

    /// <summary>Sends until cancelled; with <paramref name="untilEmpty"/>, returns once the outbox is empty and <paramref name="moreComing"/> says nothing else will arrive.</summary>
    public async Task RunAsync(CancellationToken cancellationToken, bool untilEmpty = false, Func<bool>? moreComing = null)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var round = await SendRoundAsync(cancellationToken);
            if (round.Wait is { } wait)
            {
                await Task.Delay(wait, cancellationToken);
                continue;
            }
            if (round.Sent > 0) continue;
            if (untilEmpty && moreComing?.Invoke() != true && outbox.Depth == 0) return;
            await Task.Delay(_options.IdlePoll, cancellationToken);
        }
    }

    /// <summary>One round: up to Concurrency batches in flight. Returns how many events left the queue and how long to wait if a post failed.</summary>
    public async Task<(int Sent, TimeSpan? Wait)> SendRoundAsync(CancellationToken cancellationToken)
    {
        var batches = new List<IReadOnlyList<OutboxEntry>>();
        long after = 0;
        for (var i = 0; i < _options.Concurrency; i++)
        {
            var batch = outbox.Peek(_batchSize, _options.MaxBatchBytes, after);
            if (batch.Count == 0) break;
            batches.Add(batch);
            after = batch[^1].Sequence;
        }
        if (batches.Count == 0) return (0, null);

        var results = await Task.WhenAll(batches.Select(b => client.PostAsync(b, cancellationToken)));
        var sent = 0;
        TimeSpan? wait = null;
        PostResult? refused = null;
        var delivered = new List<long>();
        for (var i = 0; i < batches.Count; i++)
        {
            var (batch, result) = (batches[i], results[i]);
            switch (result.Outcome)
            {
                case PostOutcome.Accepted:
                    delivered.AddRange(batch.Select(e => e.Sequence));
                    var events = batch.Sum(r => r.Count);
                    Interlocked.Add(ref _delivered, events);
                    Interlocked.Add(ref _duplicates, result.Duplicates);
                    sent += events;
                    break;
                case PostOutcome.Rejected:
                    sent += RejectNamed(batch, result);
                    break;
                case PostOutcome.TooLarge when batch.Sum(r => r.Count) == 1:
                    outbox.Reject([(batch[0], new Dictionary<int, string> { [0] = "413: the event alone is larger than the ingestion API accepts" })]);
                    Interlocked.Increment(ref _rejected);
                    sent++;
                    break;
                case PostOutcome.Refused:
                    refused = result;
                    break;
                case PostOutcome.TooLarge:
                    // Rows were sized for the contract's limits; a server with lower limits gets smaller batches, splitting rows if need be.
                    _batchSize = Math.Max(1, batch.Sum(r => r.Count) / 2);
                    if (batch.Count == 1) outbox.Split(batch[0]);
                    wait = TimeSpan.Zero;
                    break;
                default:
                    Interlocked.Increment(ref _failedPosts);
                    var delay = _backoff.Next();
                    if (result.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero) delay = retryAfter;
                    wait = wait is null || delay > wait ? delay : wait;
                    break;
            }
        }
        // One transaction (one fsync) for the whole round's removals and its result.
        if (delivered.Count > 0) outbox.Remove(delivered);
        Record(results.FirstOrDefault(r => r.Outcome != PostOutcome.Accepted) ?? results[^1]);
        // A refused key is not a passing fault: stop and say what to fix, the events stay in the outbox.
        if (refused is not null) throw new IngestionRefusedException(refused, outbox.Depth);
        if (wait is null) _backoff.Reset();
        return (sent, wait);
    }

    /// <summary>A 400 stores nothing of the request; the events it names (by index) go to the rejected table, the rest are posted again.</summary>
    private int RejectNamed(IReadOnlyList<OutboxEntry> batch, PostResult result)
    {
        var total = batch.Sum(r => r.Count);
        var named = result.Errors.Where(e => e.Index is >= 0 && e.Index < total)
            .GroupBy(e => e.Index!.Value)
            .ToDictionary(g => g.Key, g => string.Join("; ", g.Select(e => e.Message)));
        if (named.Count == 0)
        {
            var reason = string.Join("; ", result.Errors.Select(e => e.Message));
            for (var i = 0; i < total; i++) named[i] = string.IsNullOrEmpty(reason) ? result.Message : reason;
        }
        var rejections = new List<(OutboxEntry, IReadOnlyDictionary<int, string>)>();
        var offset = 0;
        foreach (var row in batch)
        {
            var inRow = named.Where(kv => kv.Key >= offset && kv.Key < offset + row.Count).ToDictionary(kv => kv.Key - offset, kv => kv.Value);
            if (inRow.Count > 0) rejections.Add((row, inRow));
            offset += row.Count;
        }
        outbox.Reject(rejections);
        Interlocked.Add(ref _rejected, named.Count);
        return named.Count;
    }

    private void Record(PostResult result)
    {
        LastResult = result;
        outbox.SetState(LastPostStateKey, $"{_clock.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ} {result.Message}");
    }
}

/// <summary>The ingestion API refused the API key (401/403): the producer stops with this one line; the events stay queued.</summary>
public sealed class IngestionRefusedException(PostResult result, long waiting) : Exception(
    $"the ingestion API refused the request ({result.Message}); set RECOMMENDER_API_KEY to a key it accepts with the ingest scope, " +
    $"then run `recommender-producer send`: {waiting:N0} events wait in the outbox")
{
    public int Status { get; } = result.Status;
}
