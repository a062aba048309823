using System.Text.Json.Nodes;
using Recommender.AwsFakes.Sqs;

namespace Recommender.AwsFakes.Lambda;

/// <summary>What one delivery of a batch came to.</summary>
public sealed record SqsDelivery(IReadOnlyList<SqsMessage> Messages, LambdaInvocation Invocation, IReadOnlyList<SqsMessage> Deleted, IReadOnlyList<SqsMessage> Returned);

/// <summary>
/// Lambda's SQS event source mapping with ReportBatchItemFailures, as the Lambda developer guide describes it ("Using Lambda
/// with Amazon SQS", "Handling errors for an SQS event source"): a batch of received messages becomes one event
/// {"Records":[…]} (messageId, receiptHandle, body, attributes with ApproximateReceiveCount, SentTimestamp, MessageGroupId,
/// MessageDeduplicationId, SequenceNumber, eventSource "aws:sqs", eventSourceARN, awsRegion); a function error returns the
/// whole batch to the queue; otherwise the messages named in batchItemFailures return and the others are deleted. A
/// response Lambda cannot read as a partial batch response (an itemIdentifier that is empty or no message of the batch)
/// fails the whole batch.
/// </summary>
public sealed class SqsEventSource(FakeSqs sqs, string queueUrl, LambdaWebAdapter function, int batchSize = 10)
{
    /// <summary>One poll and invocation; null when the queue had nothing visible.</summary>
    public async Task<SqsDelivery?> DeliverOnceAsync(CancellationToken cancellationToken = default)
    {
        var batch = sqs.ReceiveBatch(queueUrl, batchSize);
        if (batch.Count == 0) return null;
        var invocation = await function.InvokeAsync(Event(batch).ToJsonString(), "spotify-poller", cancellationToken);
        var failed = invocation.FunctionError ? null : FailedIds(invocation.Payload, batch);
        var returned = batch.Where(m => failed is null || failed.Contains(m.MessageId)).ToList();
        var deleted = batch.Except(returned).ToList();
        foreach (var message in deleted) sqs.Delete(queueUrl, message);
        // the visibility timeout passes at once: the next delivery may receive them again
        foreach (var message in returned) sqs.ReturnToQueue(queueUrl, message);
        return new SqsDelivery(batch, invocation, deleted, returned);
    }

    /// <summary>Delivers until the queue has nothing visible; returns every delivery made.</summary>
    public async Task<IReadOnlyList<SqsDelivery>> DrainAsync(int maxDeliveries = 50, CancellationToken cancellationToken = default)
    {
        var deliveries = new List<SqsDelivery>();
        while (deliveries.Count < maxDeliveries && await DeliverOnceAsync(cancellationToken) is { } delivery) deliveries.Add(delivery);
        return deliveries;
    }

    /// <summary>The failed message ids; null when the whole batch failed (a response Lambda does not accept).</summary>
    private static HashSet<string>? FailedIds(JsonNode? payload, IReadOnlyList<SqsMessage> batch)
    {
        var failed = new HashSet<string>(StringComparer.Ordinal);
        if (payload is not JsonObject response || response["batchItemFailures"] is not JsonArray failures) return failed;
        foreach (var failure in failures)
        {
            var id = failure?["itemIdentifier"]?.GetValue<string>();
            if (string.IsNullOrEmpty(id) || batch.All(m => m.MessageId != id)) return null;
            failed.Add(id);
        }
        return failed;
    }

    private JsonObject Event(IReadOnlyList<SqsMessage> batch)
    {
        var records = new JsonArray();
        foreach (var m in batch)
        {
            var attributes = new JsonObject
            {
                ["ApproximateReceiveCount"] = m.ReceiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["SentTimestamp"] = m.SentAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["SenderId"] = "AIDAIENQZJOLO23YVJ4VO",
                ["ApproximateFirstReceiveTimestamp"] = m.SentAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            if (m.GroupId is not null)
            {
                attributes["SequenceNumber"] = m.SequenceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
                attributes["MessageGroupId"] = m.GroupId;
                if (m.DeduplicationId is not null) attributes["MessageDeduplicationId"] = m.DeduplicationId;
            }
            records.Add(new JsonObject
            {
                ["messageId"] = m.MessageId,
                ["receiptHandle"] = m.ReceiptHandle,
                ["body"] = m.Body,
                ["attributes"] = attributes,
                ["messageAttributes"] = new JsonObject(),
                ["md5OfBody"] = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(m.Body))),
                ["eventSource"] = "aws:sqs",
                ["eventSourceARN"] = sqs.ArnOf(queueUrl),
                ["awsRegion"] = FakeSqs.Region,
            });
        }
        return new JsonObject { ["Records"] = records };
    }
}
