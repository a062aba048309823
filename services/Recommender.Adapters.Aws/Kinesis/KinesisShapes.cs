using System.Text.Json.Serialization;

namespace Recommender.Adapters.Aws.Kinesis;

// Request and response shapes of the Kinesis Data Streams API (2013-12-02) operations used, per the
// API reference; property names are the wire names. Timestamps are epoch seconds, Data is base64.

internal sealed record PutRecordsRequest(string StreamName, IReadOnlyList<PutRecordsRequestEntry> Records);

internal sealed record PutRecordsRequestEntry(byte[] Data, string PartitionKey);

internal sealed record PutRecordsResponse(int FailedRecordCount, IReadOnlyList<PutRecordsResultEntry> Records, string? EncryptionType);

/// <summary>A success has SequenceNumber and ShardId; a failure ErrorCode (ProvisionedThroughputExceededException or InternalFailure) and ErrorMessage.</summary>
internal sealed record PutRecordsResultEntry(string? SequenceNumber, string? ShardId, string? ErrorCode, string? ErrorMessage);

/// <summary>With NextToken, StreamName must be absent (the token names the stream).</summary>
internal sealed record ListShardsRequest(string? StreamName, string? NextToken, int? MaxResults);

internal sealed record ListShardsResponse(IReadOnlyList<Shard> Shards, string? NextToken);

internal sealed record Shard(string ShardId, string? ParentShardId, SequenceNumberRange? SequenceNumberRange);

internal sealed record SequenceNumberRange(string StartingSequenceNumber, string? EndingSequenceNumber);

internal static class ShardIteratorTypes
{
    public const string AfterSequenceNumber = "AFTER_SEQUENCE_NUMBER";
    public const string AtSequenceNumber = "AT_SEQUENCE_NUMBER";
    public const string TrimHorizon = "TRIM_HORIZON";
}

internal sealed record GetShardIteratorRequest(string StreamName, string ShardId, string ShardIteratorType, string? StartingSequenceNumber);

internal sealed record GetShardIteratorResponse(string ShardIterator);

/// <summary>Limit: 1 to 10,000 records.</summary>
internal sealed record GetRecordsRequest(string ShardIterator, int? Limit);

/// <summary>NextShardIterator is null once a closed shard has been read to its end.</summary>
internal sealed record GetRecordsResponse(IReadOnlyList<KinesisRecord> Records, string? NextShardIterator, long? MillisBehindLatest);

internal sealed record KinesisRecord(string SequenceNumber,
    [property: JsonConverter(typeof(Protocol.AwsTimestampConverter))] DateTimeOffset? ApproximateArrivalTimestamp, byte[] Data, string PartitionKey);

internal sealed record CreateStreamRequest(string StreamName, int ShardCount);

internal sealed record DescribeStreamSummaryRequest(string StreamName);

internal sealed record DescribeStreamSummaryResponse(StreamDescriptionSummary StreamDescriptionSummary);

/// <summary>StreamStatus: CREATING, DELETING, ACTIVE or UPDATING.</summary>
internal sealed record StreamDescriptionSummary(string StreamName, string StreamStatus, int? OpenShardCount);

internal sealed record EmptyResponse;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PutRecordsRequest))]
[JsonSerializable(typeof(PutRecordsResponse))]
[JsonSerializable(typeof(ListShardsRequest))]
[JsonSerializable(typeof(ListShardsResponse))]
[JsonSerializable(typeof(GetShardIteratorRequest))]
[JsonSerializable(typeof(GetShardIteratorResponse))]
[JsonSerializable(typeof(GetRecordsRequest))]
[JsonSerializable(typeof(GetRecordsResponse))]
[JsonSerializable(typeof(CreateStreamRequest))]
[JsonSerializable(typeof(DescribeStreamSummaryRequest))]
[JsonSerializable(typeof(DescribeStreamSummaryResponse))]
[JsonSerializable(typeof(EmptyResponse))]
internal sealed partial class KinesisJsonContext : JsonSerializerContext;
