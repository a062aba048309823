using Amazon.SQS;
using Amazon.SQS.Model;
using Recommender.Adapters.Aws.Kinesis;
using Recommender.Core.Consumers;

namespace Recommender.Adapters.Aws.Sqs;

/// <summary>
/// One Lambda consumer's on-failure queue (Aws:Sqs:DeadLetterQueueUrls:{consumer}). Its messages point at stream positions,
/// so a redrive reads each batch back from Kinesis and hands it to that consumer (idempotent on (user_id, event_id), so
/// records it already applied count once), and deletes the message only once every record went through. A message it
/// cannot serve (unreadable, of another stream, its records past the stream's retention, failed again) stays in the queue,
/// named on one line, and shows again after the visibility timeout.
/// </summary>
public sealed class KinesisDeadLetterQueue
{
    private readonly IAmazonSQS _sqs;
    private readonly KinesisBatchReader _reader;
    private readonly string _streamName;
    private readonly TimeSpan _visibility;

    internal KinesisDeadLetterQueue(string consumer, string queueUrl, IAmazonSQS sqs, KinesisBatchReader reader, string streamName, TimeSpan visibility)
    {
        (Consumer, QueueUrl, _sqs, _reader, _streamName, _visibility) = (consumer, queueUrl, sqs, reader, streamName, visibility);
    }

    public string Consumer { get; }
    public string QueueUrl { get; }

    /// <summary>Up to <paramref name="limit"/> messages, read without hiding them (visibility timeout 0), each once.</summary>
    public async Task<IReadOnlyList<DeadLetterMessage>> PeekAsync(int limit, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, DeadLetterMessage>(StringComparer.Ordinal);
        while (seen.Count < limit)
        {
            var page = await ReceiveAsync(0, Math.Min(10, limit - seen.Count), cancellationToken).ConfigureAwait(false);
            var fresh = page.Where(m => !seen.ContainsKey(m.MessageId)).ToList();
            if (fresh.Count == 0) break;
            foreach (var message in fresh) seen[message.MessageId] = Read(message);
        }
        return seen.Values.ToList();
    }

    /// <summary>Redrives every message to <paramref name="handler"/> (this queue's consumer), one line each on <paramref name="output"/>.</summary>
    public async Task<RedriveSummary> RedriveAsync(IStreamBatchHandler handler, TextWriter output, CancellationToken cancellationToken)
    {
        if (handler.Name != Consumer) throw new ArgumentException($"the queue of {Consumer} redrives to {Consumer}, not {handler.Name}", nameof(handler));
        var summary = new RedriveSummary();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var page = (await ReceiveAsync((int)_visibility.TotalSeconds, 10, cancellationToken).ConfigureAwait(false)).Where(m => seen.Add(m.MessageId)).ToList();
            if (page.Count == 0) return summary;
            foreach (var message in page)
            {
                var letter = Read(message);
                var (kept, line) = await RedriveOneAsync(letter, handler, summary, cancellationToken).ConfigureAwait(false);
                if (!kept) await _sqs.DeleteMessageAsync(new DeleteMessageRequest { QueueUrl = QueueUrl, ReceiptHandle = message.ReceiptHandle }, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(line).ConfigureAwait(false);
            }
        }
    }

    private async Task<(bool Kept, string Line)> RedriveOneAsync(DeadLetterMessage letter, IStreamBatchHandler handler, RedriveSummary summary, CancellationToken cancellationToken)
    {
        if (letter.Batch is not { } batch)
        {
            summary.Unreadable++;
            return (true, $"kept {letter.MessageId}: unreadable: {letter.Problem}");
        }
        var position = $"{batch.ShardId} {batch.StartSequenceNumber}..{batch.EndSequenceNumber}";
        IReadOnlyList<Recommender.Core.Streaming.StreamRecord> records;
        try
        {
            records = await _reader.ReadAsync(batch.ShardId, batch.StartSequenceNumber, batch.EndSequenceNumber, cancellationToken).ConfigureAwait(false);
        }
        catch (BatchPastRetentionException e)
        {
            summary.PastRetention++;
            return (true, $"kept {letter.MessageId}: its records are past the stream's retention, not redriven: {e.Message}");
        }
        string? failure;
        try
        {
            var failures = (await handler.HandleAsync(records, cancellationToken).ConfigureAwait(false)).BatchItemFailures;
            failure = failures.Count == 0 ? null : $"{failures.Count} of {records.Count} records failed again, first {failures[0].ItemIdentifier}: {failures[0].Error}";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failure = $"{handler.Name} failed: {e.Message}";
        }
        if (failure is not null)
        {
            summary.FailedAgain++;
            return (true, $"kept {letter.MessageId} ({position}): {failure}");
        }
        summary.Redriven++;
        summary.Records += records.Count;
        return (false, $"redriven {letter.MessageId}: {records.Count} record(s) of {position} to {handler.Name}");
    }

    private async Task<List<Message>> ReceiveAsync(int visibilitySeconds, int max, CancellationToken cancellationToken)
    {
        var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = QueueUrl,
            MaxNumberOfMessages = max,
            VisibilityTimeout = visibilitySeconds,
            WaitTimeSeconds = 0,
        }, cancellationToken).ConfigureAwait(false);
        return response.Messages ?? [];
    }

    private DeadLetterMessage Read(Message message)
    {
        var (batch, problem) = DeadLetteredBatch.Parse(message.Body ?? "", _streamName);
        return new DeadLetterMessage(Consumer, message.MessageId, batch, problem);
    }
}

/// <summary>One message of a consumer's on-failure queue: the batch it points at, or why it cannot be read.</summary>
public sealed record DeadLetterMessage(string Consumer, string MessageId, DeadLetteredBatch? Batch, string? Problem);

/// <summary>What one redrive did; every message but the redriven ones stays in its queue.</summary>
public sealed class RedriveSummary
{
    public int Redriven { get; set; }
    public int Records { get; set; }
    public int Unreadable { get; set; }
    public int PastRetention { get; set; }
    public int FailedAgain { get; set; }
    public int Kept => Unreadable + PastRetention + FailedAgain;

    public override string ToString() =>
        $"redriven {Redriven} message(s) ({Records} records), kept {Kept}: {Unreadable} unreadable, {PastRetention} past the stream's retention, {FailedAgain} failed again";
}
