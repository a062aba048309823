using System.Text.Json.Serialization;

namespace StreamConsumers.Lambda;

// The Kinesis event Lambda delivers (through the Lambda Web Adapter as a POST body) and the partial
// batch response it reads back (ReportBatchItemFailures), as the Lambda developer guide shows them.

public sealed record KinesisEvent([property: JsonPropertyName("Records")] IReadOnlyList<KinesisEventRecord>? Records);

/// <param name="EventId">"shardId-000000000006:49590338271490256608559692538361571095921575989136588898".</param>
public sealed record KinesisEventRecord(
    [property: JsonPropertyName("kinesis")] KinesisEventPayload? Kinesis,
    [property: JsonPropertyName("eventID")] string? EventId,
    [property: JsonPropertyName("eventSourceARN")] string? EventSourceArn,
    [property: JsonPropertyName("eventSource")] string? EventSource);

/// <param name="Data">The record's bytes, base64.</param>
/// <param name="ApproximateArrivalTimestamp">Epoch seconds with a fraction.</param>
public sealed record KinesisEventPayload(
    [property: JsonPropertyName("data")] string? Data,
    [property: JsonPropertyName("sequenceNumber")] string? SequenceNumber,
    [property: JsonPropertyName("partitionKey")] string? PartitionKey,
    [property: JsonPropertyName("approximateArrivalTimestamp")] double? ApproximateArrivalTimestamp,
    [property: JsonPropertyName("kinesisSchemaVersion")] string? KinesisSchemaVersion);

public sealed record KinesisBatchResponse([property: JsonPropertyName("batchItemFailures")] IReadOnlyList<KinesisBatchItemFailure> BatchItemFailures);

public sealed record KinesisBatchItemFailure([property: JsonPropertyName("itemIdentifier")] string ItemIdentifier);

[JsonSerializable(typeof(KinesisEvent))]
[JsonSerializable(typeof(KinesisBatchResponse))]
internal sealed partial class KinesisEventJsonContext : JsonSerializerContext;
