using Recommender.Adapters.Aws.Protocol;

namespace Recommender.Adapters.Aws.Kinesis;

/// <summary>The Kinesis operations used, typed; the one place to swap for AWSSDK.Kinesis when the package is available.</summary>
internal sealed class KinesisApi(AwsJsonClient client)
{
    public const string TargetPrefix = "Kinesis_20131202";
    private static readonly KinesisJsonContext Json = KinesisJsonContext.Default;

    public static AwsServiceEndpoint Endpoint(string region, string? serviceUrl) =>
        AwsServiceEndpoint.Resolve("Kinesis", "kinesis", region, "kinesis", TargetPrefix, serviceUrl);

    public Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request, CancellationToken ct) =>
        client.CallAsync("PutRecords", request, Json.PutRecordsRequest, Json.PutRecordsResponse, ct);

    public Task<ListShardsResponse> ListShardsAsync(ListShardsRequest request, CancellationToken ct) =>
        client.CallAsync("ListShards", request, Json.ListShardsRequest, Json.ListShardsResponse, ct);

    public Task<GetShardIteratorResponse> GetShardIteratorAsync(GetShardIteratorRequest request, CancellationToken ct) =>
        client.CallAsync("GetShardIterator", request, Json.GetShardIteratorRequest, Json.GetShardIteratorResponse, ct);

    public Task<GetRecordsResponse> GetRecordsAsync(GetRecordsRequest request, CancellationToken ct) =>
        client.CallAsync("GetRecords", request, Json.GetRecordsRequest, Json.GetRecordsResponse, ct);

    public Task<EmptyResponse> CreateStreamAsync(CreateStreamRequest request, CancellationToken ct) =>
        client.CallAsync("CreateStream", request, Json.CreateStreamRequest, Json.EmptyResponse, ct);

    public Task<DescribeStreamSummaryResponse> DescribeStreamSummaryAsync(DescribeStreamSummaryRequest request, CancellationToken ct) =>
        client.CallAsync("DescribeStreamSummary", request, Json.DescribeStreamSummaryRequest, Json.DescribeStreamSummaryResponse, ct);
}
