using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Recommender.Contracts.AwsModels;

namespace Recommender.AwsFakes.Sqs;

/// <summary>One message as a queue holds it.</summary>
public sealed class SqsMessage(string messageId, string body, string? groupId, string? deduplicationId, long sequenceNumber, DateTimeOffset sentAt)
{
    public string MessageId { get; } = messageId;
    public string Body { get; } = body;
    public string? GroupId { get; } = groupId;
    public string? DeduplicationId { get; } = deduplicationId;
    public long SequenceNumber { get; } = sequenceNumber;
    public DateTimeOffset SentAt { get; } = sentAt;
    public int ReceiveCount { get; internal set; }
    public string? ReceiptHandle { get; internal set; }
    internal bool InFlight { get; set; }
    /// <summary>ReceiveMessage's visibility timeout: hidden from receivers until then.</summary>
    internal DateTimeOffset InvisibleUntil { get; set; }
}

/// <summary>
/// Amazon SQS on loopback (the JSON protocol, X-Amz-Target AmazonSQS.*), for the queues a test declares as the
/// infrastructure program does: SendMessage and SendMessageBatch are checked against AWS's sqs model and the API
/// reference's limits, then as SQS checks them: a known queue URL (QueueDoesNotExist), 1-10 entries with distinct ids
/// (EmptyBatchRequest, TooManyEntriesInBatchRequest, BatchEntryIdsNotDistinct), on a FIFO queue a MessageGroupId
/// (MissingParameter) and a MessageDeduplicationId unless content-based deduplication is on; a deduplication id seen in
/// the last 5 minutes is accepted and not enqueued again. ReceiveMessage and DeleteMessage are a consumer's (the
/// dead-letter redrive's, with visibility timeouts); the other receiving side is Lambda's (<see cref="ReceiveBatch"/>):
/// at most 10 messages, on a FIFO queue none of a group with a message in flight, in order; a message received more than
/// its queue's maxReceiveCount times moves to the dead-letter queue instead.
/// </summary>
public sealed class FakeSqs : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string Account = "111111111111";
    private static readonly AwsServiceModel Model = AwsServiceModel.Load("sqs-2012-11-05");
    private static readonly TimeSpan DeduplicationInterval = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Queue> _queues = new(StringComparer.Ordinal);
    private long _sequence = 10_000_000_000_000_000;
    private AwsFakeEndpoint _endpoint = null!;

    public static async Task<FakeSqs> StartAsync(AWSCredentials known)
    {
        var fake = new FakeSqs();
        fake._endpoint = await AwsFakeEndpoint.StartAsync([Model], "InvalidParameterValue", Region, known, fake.HandleAsync);
        return fake;
    }

    public Uri Url => _endpoint.Url;
    public ConcurrentDictionary<string, int> Calls => _endpoint.Calls;
    public IReadOnlyCollection<string> Refused => _endpoint.Refused;
    public IReadOnlyCollection<string> ModelViolations => _endpoint.ModelViolations;

    /// <summary>The clock deduplication is measured by.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Declares a queue as the infrastructure program does; returns its URL.</summary>
    public string CreateQueue(string name, string? deadLetterQueueUrl = null, int maxReceiveCount = 3, bool contentBasedDeduplication = false)
    {
        var url = $"{Url.ToString().TrimEnd('/')}/{Account}/{name}";
        _queues[url] = new Queue(name, name.EndsWith(".fifo", StringComparison.Ordinal), contentBasedDeduplication,
            deadLetterQueueUrl is null ? null : _queues[deadLetterQueueUrl], maxReceiveCount);
        return url;
    }

    /// <summary>What a queue holds now, in order, in flight or not.</summary>
    public IReadOnlyList<SqsMessage> Messages(string queueUrl)
    {
        var queue = _queues[queueUrl];
        lock (queue) return queue.Messages.ToList();
    }

    /// <summary>
    /// Lambda's poll: up to <paramref name="max"/> visible messages, FIFO groups kept whole and in order. Each is in flight
    /// until <see cref="Delete"/> or <see cref="ReturnToQueue"/>; one past maxReceiveCount goes to the dead-letter queue instead.
    /// </summary>
    public IReadOnlyList<SqsMessage> ReceiveBatch(string queueUrl, int max = 10)
    {
        var queue = _queues[queueUrl];
        lock (queue)
        {
            var busyGroups = queue.Messages.Where(m => m.InFlight && m.GroupId is not null).Select(m => m.GroupId!).ToHashSet(StringComparer.Ordinal);
            var batch = new List<SqsMessage>();
            foreach (var message in queue.Messages.ToList())
            {
                if (batch.Count == max) break;
                if (message.InFlight || (queue.Fifo && busyGroups.Contains(message.GroupId!))) continue;
                if (queue.DeadLetters is { } dlq && message.ReceiveCount >= queue.MaxReceiveCount)
                {
                    queue.Messages.Remove(message);
                    lock (dlq) dlq.Messages.Add(message);
                    continue;
                }
                message.ReceiveCount++;
                message.InFlight = true;
                message.ReceiptHandle = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
                batch.Add(message);
                if (queue.Fifo) busyGroups.Add(message.GroupId!);
            }
            return batch;
        }
    }

    public void Delete(string queueUrl, SqsMessage message)
    {
        var queue = _queues[queueUrl];
        lock (queue) queue.Messages.Remove(message);
    }

    /// <summary>The visibility timeout passed: the message can be received again.</summary>
    public void ReturnToQueue(string queueUrl, SqsMessage message)
    {
        var queue = _queues[queueUrl];
        lock (queue) message.InFlight = false;
    }

    public string ArnOf(string queueUrl) => $"arn:aws:sqs:{Region}:{Account}:{_queues[queueUrl].Name}";

    public ValueTask DisposeAsync() => _endpoint.DisposeAsync();

    private Task<JsonObject?> HandleAsync(AwsCall call) => Task.FromResult<JsonObject?>(call.Operation.Name switch
    {
        "SendMessage" => SendMessage(call.Input),
        "SendMessageBatch" => SendMessageBatch(call.Input),
        "ReceiveMessage" => ReceiveMessage(call.Input),
        "DeleteMessage" => DeleteMessage(call.Input),
        _ => throw new AwsFault(400, "UnsupportedOperation", $"this fake does not do {call.Operation.Name}"),
    });

    private JsonObject SendMessage(JsonObject input)
    {
        var queue = Known(input);
        var sent = Enqueue(queue, input);
        return Sent(new JsonObject(), queue, sent);
    }

    private JsonObject SendMessageBatch(JsonObject input)
    {
        var queue = Known(input);
        var entries = input["Entries"]!.AsArray().Select(e => e!.AsObject()).ToList();
        if (entries.Count == 0) throw new AwsFault(400, "EmptyBatchRequest", "There should be at least one SendMessageBatchRequestEntry in the request.");
        if (entries.Count > 10) throw new AwsFault(400, "TooManyEntriesInBatchRequest", $"Maximum number of entries per request are 10. You have sent {entries.Count}.");
        if (entries.Select(e => e["Id"]!.GetValue<string>()).Distinct().Count() != entries.Count)
            throw new AwsFault(400, "BatchEntryIdsNotDistinct", "Id values in the batch are not distinct.");
        var successful = new JsonArray();
        foreach (var entry in entries)
        {
            // per-entry problems of a FIFO queue fail the whole request, as SQS answers them
            var sent = Enqueue(queue, entry);
            successful.Add(Sent(new JsonObject { ["Id"] = entry["Id"]!.GetValue<string>() }, queue, sent));
        }
        return new JsonObject { ["Successful"] = successful, ["Failed"] = new JsonArray() };
    }

    /// <summary>
    /// A consumer's poll (not Lambda's): 1-10 visible messages (MaxNumberOfMessages, default 1), each hidden for VisibilityTimeout
    /// seconds (0-43,200; default the queue's 30 s) under a new receipt handle.
    /// </summary>
    private JsonObject ReceiveMessage(JsonObject input)
    {
        var queue = Known(input);
        var max = input["MaxNumberOfMessages"]?.GetValue<int>() ?? 1;
        if (max is < 1 or > 10)
            throw new AwsFault(400, "InvalidParameterValue", $"Value {max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
        var visibility = input["VisibilityTimeout"]?.GetValue<int>() ?? 30;
        if (visibility is < 0 or > 43_200)
            throw new AwsFault(400, "InvalidParameterValue", $"Value {visibility} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided.");
        var now = Clock.GetUtcNow();
        var messages = new JsonArray();
        lock (queue)
        {
            foreach (var message in queue.Messages.Where(m => !m.InFlight && m.InvisibleUntil <= now).Take(max))
            {
                message.ReceiveCount++;
                message.ReceiptHandle = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
                message.InvisibleUntil = now.AddSeconds(visibility);
                messages.Add(new JsonObject
                {
                    ["MessageId"] = message.MessageId,
                    ["ReceiptHandle"] = message.ReceiptHandle,
                    ["MD5OfBody"] = Md5(message.Body),
                    ["Body"] = message.Body,
                });
            }
        }
        return messages.Count == 0 ? new JsonObject() : new JsonObject { ["Messages"] = messages };
    }

    /// <summary>Deletes by the latest receipt handle; one SQS never issued is ReceiptHandleIsInvalid (a deleted message's is accepted again).</summary>
    private JsonObject DeleteMessage(JsonObject input)
    {
        var queue = Known(input);
        var handle = input["ReceiptHandle"]!.GetValue<string>();
        lock (queue)
        {
            if (queue.Messages.FirstOrDefault(m => m.ReceiptHandle == handle) is { } message) queue.Messages.Remove(message);
            else if (!queue.DeletedHandles.Contains(handle))
                throw new AwsFault(400, "ReceiptHandleIsInvalid", $"The input receipt handle \"{handle}\" is not a valid receipt handle.");
            queue.DeletedHandles.Add(handle);
        }
        return new JsonObject();
    }

    private static JsonObject Sent(JsonObject answer, Queue queue, SqsMessage sent)
    {
        answer["MessageId"] = sent.MessageId;
        answer["MD5OfMessageBody"] = Md5(sent.Body);
        if (queue.Fifo) answer["SequenceNumber"] = sent.SequenceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return answer;
    }

    private SqsMessage Enqueue(Queue queue, JsonObject entry)
    {
        var body = entry["MessageBody"]!.GetValue<string>();
        if (body.Length == 0) throw new AwsFault(400, "MissingParameter", "The request must contain the parameter MessageBody.");
        var group = entry["MessageGroupId"]?.GetValue<string>();
        var deduplication = entry["MessageDeduplicationId"]?.GetValue<string>();
        if (queue.Fifo && group is null) throw new AwsFault(400, "MissingParameter", "The request must contain the parameter MessageGroupId.");
        if (queue.Fifo && deduplication is null && !queue.ContentBasedDeduplication)
            throw new AwsFault(400, "InvalidParameterValue", "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
        if (!queue.Fifo && deduplication is not null)
            throw new AwsFault(400, "InvalidParameterValue", "The request include parameter that is not valid for this queue type");
        var now = Clock.GetUtcNow();
        lock (queue)
        {
            var key = queue.Fifo ? deduplication ?? Md5(body) : null;
            if (key is not null && queue.Deduplication.TryGetValue(key, out var earlier) && now - earlier.SentAt < DeduplicationInterval) return earlier;
            var message = new SqsMessage(Guid.NewGuid().ToString(), body, group, deduplication, Interlocked.Increment(ref _sequence), now);
            queue.Messages.Add(message);
            if (key is not null) queue.Deduplication[key] = message;
            return message;
        }
    }

    private Queue Known(JsonObject input) =>
        _queues.TryGetValue(input["QueueUrl"]!.GetValue<string>(), out var queue)
            ? queue
            : throw new AwsFault(400, "QueueDoesNotExist", "The specified queue does not exist.");

    private static string Md5(string body) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));

    private sealed class Queue(string name, bool fifo, bool contentBasedDeduplication, Queue? deadLetters, int maxReceiveCount)
    {
        public string Name { get; } = name;
        public bool Fifo { get; } = fifo;
        public bool ContentBasedDeduplication { get; } = contentBasedDeduplication;
        public Queue? DeadLetters { get; } = deadLetters;
        public int MaxReceiveCount { get; } = maxReceiveCount;
        public List<SqsMessage> Messages { get; } = [];
        public Dictionary<string, SqsMessage> Deduplication { get; } = new(StringComparer.Ordinal);
        public HashSet<string> DeletedHandles { get; } = new(StringComparer.Ordinal);
    }
}
