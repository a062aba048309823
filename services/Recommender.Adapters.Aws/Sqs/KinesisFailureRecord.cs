using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Adapters.Aws.Sqs;

// What Lambda sends to the SQS on-failure destination of a Kinesis event source mapping (the invocation record of the
// Lambda developer guide, "Retain discarded batch records"): the batch's position on the stream, not its records.

internal sealed record KinesisFailureRecord(
    [property: JsonPropertyName("requestContext")] FailureRequestContext? RequestContext,
    [property: JsonPropertyName("responseContext")] FailureResponseContext? ResponseContext,
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("timestamp")] string? Timestamp,
    [property: JsonPropertyName("KinesisBatchInfo")] KinesisBatchInfo? KinesisBatchInfo);

/// <param name="Condition">Why Lambda gave up: RetryAttemptsExhausted, RecordAgeExceeded, ...</param>
internal sealed record FailureRequestContext(
    [property: JsonPropertyName("requestId")] string? RequestId,
    [property: JsonPropertyName("functionArn")] string? FunctionArn,
    [property: JsonPropertyName("condition")] string? Condition,
    [property: JsonPropertyName("approximateInvokeCount")] int? ApproximateInvokeCount);

internal sealed record FailureResponseContext(
    [property: JsonPropertyName("statusCode")] int? StatusCode,
    [property: JsonPropertyName("executedVersion")] string? ExecutedVersion,
    [property: JsonPropertyName("functionError")] string? FunctionError);

/// <param name="ApproximateArrivalOfFirstRecord">ISO 8601 with milliseconds, "2019-11-14T00:38:04.835Z".</param>
internal sealed record KinesisBatchInfo(
    [property: JsonPropertyName("shardId")] string? ShardId,
    [property: JsonPropertyName("startSequenceNumber")] string? StartSequenceNumber,
    [property: JsonPropertyName("endSequenceNumber")] string? EndSequenceNumber,
    [property: JsonPropertyName("approximateArrivalOfFirstRecord")] string? ApproximateArrivalOfFirstRecord,
    [property: JsonPropertyName("approximateArrivalOfLastRecord")] string? ApproximateArrivalOfLastRecord,
    [property: JsonPropertyName("batchSize")] int? BatchSize,
    [property: JsonPropertyName("streamArn")] string? StreamArn);

[JsonSerializable(typeof(KinesisFailureRecord))]
internal sealed partial class KinesisFailureRecordJson : JsonSerializerContext;

/// <summary>A dead-lettered batch: where it lies on the stream, and why Lambda gave up on it.</summary>
public sealed record DeadLetteredBatch(string ShardId, string StartSequenceNumber, string EndSequenceNumber, int BatchSize,
    DateTimeOffset? FirstArrival, string Condition)
{
    /// <summary>Reads a message body; a body that is no on-failure record of <paramref name="streamName"/> is a one-line reason.</summary>
    internal static (DeadLetteredBatch? Batch, string? Problem) Parse(string body, string streamName)
    {
        KinesisFailureRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(body, KinesisFailureRecordJson.Default.KinesisFailureRecord);
        }
        catch (JsonException e)
        {
            return (null, $"not JSON: {e.Message}");
        }
        if (record?.KinesisBatchInfo is not { } info) return (null, "no KinesisBatchInfo: not an on-failure record of a Kinesis event source mapping");
        if (info.StreamArn is not { } arn || !arn.EndsWith($":stream/{streamName}", StringComparison.Ordinal))
            return (null, $"KinesisBatchInfo.streamArn is \"{info.StreamArn}\", not the stream {streamName}");
        if (string.IsNullOrWhiteSpace(info.ShardId)) return (null, "KinesisBatchInfo.shardId is missing");
        if (!IsSequenceNumber(info.StartSequenceNumber) || !IsSequenceNumber(info.EndSequenceNumber))
            return (null, $"KinesisBatchInfo's sequence numbers \"{info.StartSequenceNumber}\"..\"{info.EndSequenceNumber}\" are not decimal numbers");
        if (Recommender.Core.Streaming.SequenceNumbers.Compare(info.StartSequenceNumber!, info.EndSequenceNumber!) > 0)
            return (null, $"KinesisBatchInfo.startSequenceNumber {info.StartSequenceNumber} is after endSequenceNumber {info.EndSequenceNumber}");
        DateTimeOffset? first = DateTimeOffset.TryParse(info.ApproximateArrivalOfFirstRecord, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        return (new DeadLetteredBatch(info.ShardId, info.StartSequenceNumber!, info.EndSequenceNumber!, info.BatchSize ?? 0, first,
            record.RequestContext?.Condition ?? "unknown"), null);
    }

    private static bool IsSequenceNumber(string? text) => text is { Length: > 0 and <= 128 } && text.All(char.IsAsciiDigit);
}
