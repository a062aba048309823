using System.Text.Json.Serialization;
using Recommender.Adapters.Aws.Protocol;

namespace Recommender.Adapters.Aws.Personalize;

// Shapes of the Amazon Personalize APIs used, per the API reference (wire names are camelCase).
// Events (REST-JSON): POST /events. Runtime (REST-JSON): POST /recommendations, POST /personalize-ranking.
// Control plane (JSON 1.1, X-Amz-Target "AmazonPersonalize.<Operation>"). Timestamps are epoch seconds (AwsTimestampConverter).

/// <summary>PutEvents: 1 to 10 events of one session.</summary>
public sealed record PutEventsRequest(string TrackingId, string? UserId, string SessionId, IReadOnlyList<PersonalizeEvent> EventList);

/// <summary>One interaction; properties is a JSON object as a string (at most 1,024 characters) of the extra INTERACTIONS columns, camelCased.</summary>
public sealed record PersonalizeEvent(string EventType, double SentAt, string? EventId = null, double? EventValue = null, string? ItemId = null,
    string? Properties = null, string? RecommendationId = null, IReadOnlyList<string>? Impression = null);

public sealed record GetRecommendationsRequest
{
    public string? CampaignArn { get; init; }
    public string? UserId { get; init; }
    public string? ItemId { get; init; }
    public int? NumResults { get; init; }
    public IReadOnlyDictionary<string, string>? Context { get; init; }
    public string? FilterArn { get; init; }
    public IReadOnlyDictionary<string, string>? FilterValues { get; init; }
}

public sealed record GetRecommendationsResponse(IReadOnlyList<PredictedItem>? ItemList, string? RecommendationId);

public sealed record PredictedItem(string ItemId, double? Score, IReadOnlyList<string>? Reason = null);

public sealed record GetPersonalizedRankingRequest
{
    public required string CampaignArn { get; init; }
    public required string UserId { get; init; }
    public required IReadOnlyList<string> InputList { get; init; }
    public IReadOnlyDictionary<string, string>? Context { get; init; }
    public string? FilterArn { get; init; }
    public IReadOnlyDictionary<string, string>? FilterValues { get; init; }
}

public sealed record GetPersonalizedRankingResponse(IReadOnlyList<PredictedItem>? PersonalizedRanking, string? RecommendationId);

public sealed record DataSource(string DataLocation);

/// <summary>importMode: FULL or INCREMENTAL.</summary>
public sealed record CreateDatasetImportJobRequest(string JobName, string DatasetArn, DataSource DataSource, string RoleArn, string? ImportMode = null);

public sealed record CreateDatasetImportJobResponse(string DatasetImportJobArn);

public sealed record DescribeDatasetImportJobRequest(string DatasetImportJobArn);

public sealed record DescribeDatasetImportJobResponse(DatasetImportJob DatasetImportJob);

/// <summary>status: CREATE PENDING, CREATE IN_PROGRESS, ACTIVE or CREATE FAILED.</summary>
public sealed record DatasetImportJob(string DatasetImportJobArn, string Status, string? FailureReason = null, string? JobName = null,
    [property: JsonConverter(typeof(AwsTimestampConverter))] DateTimeOffset? CreationDateTime = null,
    [property: JsonConverter(typeof(AwsTimestampConverter))] DateTimeOffset? LastUpdatedDateTime = null);

/// <summary>trainingMode: FULL, UPDATE or AUTOTRAIN.</summary>
public sealed record CreateSolutionVersionRequest(string SolutionArn, string? TrainingMode = null, string? Name = null);

public sealed record CreateSolutionVersionResponse(string SolutionVersionArn);

public sealed record DescribeSolutionVersionRequest(string SolutionVersionArn);

public sealed record DescribeSolutionVersionResponse(SolutionVersion SolutionVersion);

public sealed record SolutionVersion(string SolutionVersionArn, string Status, string? FailureReason = null, string? TrainingMode = null, string? Name = null,
    [property: JsonConverter(typeof(AwsTimestampConverter))] DateTimeOffset? CreationDateTime = null,
    [property: JsonConverter(typeof(AwsTimestampConverter))] DateTimeOffset? LastUpdatedDateTime = null);

public sealed record DescribeSolutionRequest(string SolutionArn);

public sealed record DescribeSolutionResponse(Solution Solution);

/// <summary>performAutoTraining: whether Personalize trains a new version on its own (every 7 days unless configured); the API's default is true.</summary>
public sealed record Solution(string SolutionArn, string? Name = null, string? Status = null, bool? PerformAutoTraining = null, string? RecipeArn = null, string? EventType = null);

/// <summary>UpdateSolution as the vendored model has it: automatic training on or off.</summary>
public sealed record UpdateSolutionRequest(string SolutionArn, bool? PerformAutoTraining = null);

public sealed record UpdateSolutionResponse(string? SolutionArn);

public sealed record GetSolutionMetricsRequest(string SolutionVersionArn);

/// <summary>metrics: coverage, mean_reciprocal_rank_at_25, normalized_discounted_cumulative_gain_at_5/10/25, precision_at_5/10/25.</summary>
public sealed record GetSolutionMetricsResponse(string? SolutionVersionArn, IReadOnlyDictionary<string, double>? Metrics);

public sealed record UpdateCampaignRequest(string CampaignArn, string? SolutionVersionArn = null, int? MinProvisionedTPS = null);

public sealed record UpdateCampaignResponse(string CampaignArn);

public sealed record DescribeCampaignRequest(string CampaignArn);

public sealed record DescribeCampaignResponse(Campaign Campaign);

public sealed record Campaign(string CampaignArn, string Status, string? SolutionVersionArn = null, string? FailureReason = null, CampaignUpdateSummary? LatestCampaignUpdate = null,
    [property: JsonConverter(typeof(AwsTimestampConverter))] DateTimeOffset? CreationDateTime = null,
    [property: JsonConverter(typeof(AwsTimestampConverter))] DateTimeOffset? LastUpdatedDateTime = null);

public sealed record CampaignUpdateSummary(string? SolutionVersionArn, string? Status, string? FailureReason = null,
    [property: JsonConverter(typeof(AwsTimestampConverter))] DateTimeOffset? CreationDateTime = null,
    [property: JsonConverter(typeof(AwsTimestampConverter))] DateTimeOffset? LastUpdatedDateTime = null);

/// <summary>CreateCampaign: name unique in the account ([a-zA-Z0-9][a-zA-Z0-9\-_]*, at most 63), the version to deploy, minProvisionedTPS (default 1).</summary>
public sealed record CreateCampaignRequest(string Name, string SolutionVersionArn, int? MinProvisionedTPS = null);

public sealed record CreateCampaignResponse(string CampaignArn);

public sealed record DescribeFilterRequest(string FilterArn);

public sealed record DescribeFilterResponse(Filter Filter);

public sealed record Filter(string FilterArn, string? Name = null, string? Status = null, string? FilterExpression = null, string? FailureReason = null,
    [property: JsonConverter(typeof(AwsTimestampConverter))] DateTimeOffset? CreationDateTime = null,
    [property: JsonConverter(typeof(AwsTimestampConverter))] DateTimeOffset? LastUpdatedDateTime = null);

public sealed record ListSolutionVersionsRequest(string? SolutionArn = null, string? NextToken = null, int? MaxResults = null);

public sealed record ListSolutionVersionsResponse(IReadOnlyList<SolutionVersionSummary>? SolutionVersions, string? NextToken);

/// <summary>status: CREATE PENDING, CREATE IN_PROGRESS, ACTIVE, CREATE FAILED, CREATE STOPPING or CREATE STOPPED.</summary>
public sealed record SolutionVersionSummary(string SolutionVersionArn, string? Status, string? TrainingMode = null, string? FailureReason = null,
    [property: JsonConverter(typeof(AwsTimestampConverter))] DateTimeOffset? CreationDateTime = null,
    [property: JsonConverter(typeof(AwsTimestampConverter))] DateTimeOffset? LastUpdatedDateTime = null);

public sealed record CreateFilterRequest(string Name, string DatasetGroupArn, string FilterExpression);

public sealed record CreateFilterResponse(string FilterArn);

public sealed record ListEventTrackersRequest(string? DatasetGroupArn = null, string? NextToken = null, int? MaxResults = null);

public sealed record ListEventTrackersResponse(IReadOnlyList<EventTrackerSummary>? EventTrackers, string? NextToken);

public sealed record EventTrackerSummary(string Name, string EventTrackerArn, string? Status,
    [property: JsonConverter(typeof(AwsTimestampConverter))] DateTimeOffset? CreationDateTime = null,
    [property: JsonConverter(typeof(AwsTimestampConverter))] DateTimeOffset? LastUpdatedDateTime = null);

public sealed record CreateEventTrackerRequest(string Name, string DatasetGroupArn);

public sealed record CreateEventTrackerResponse(string EventTrackerArn, string TrackingId);

/// <summary>DescribeEventTracker: status ACTIVE, CREATE PENDING, CREATE IN_PROGRESS, CREATE FAILED, DELETE PENDING or DELETE IN_PROGRESS.</summary>
public sealed record DescribeEventTrackerRequest(string EventTrackerArn);

public sealed record DescribeEventTrackerResponse(EventTrackerSummary EventTracker);

public sealed record PersonalizeEmptyResponse;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PutEventsRequest))]
[JsonSerializable(typeof(PersonalizeEmptyResponse))]
[JsonSerializable(typeof(GetRecommendationsRequest))]
[JsonSerializable(typeof(GetRecommendationsResponse))]
[JsonSerializable(typeof(GetPersonalizedRankingRequest))]
[JsonSerializable(typeof(GetPersonalizedRankingResponse))]
[JsonSerializable(typeof(CreateDatasetImportJobRequest))]
[JsonSerializable(typeof(CreateDatasetImportJobResponse))]
[JsonSerializable(typeof(DescribeDatasetImportJobRequest))]
[JsonSerializable(typeof(DescribeDatasetImportJobResponse))]
[JsonSerializable(typeof(CreateSolutionVersionRequest))]
[JsonSerializable(typeof(CreateSolutionVersionResponse))]
[JsonSerializable(typeof(DescribeSolutionVersionRequest))]
[JsonSerializable(typeof(DescribeSolutionVersionResponse))]
[JsonSerializable(typeof(DescribeSolutionRequest))]
[JsonSerializable(typeof(DescribeSolutionResponse))]
[JsonSerializable(typeof(UpdateSolutionRequest))]
[JsonSerializable(typeof(UpdateSolutionResponse))]
[JsonSerializable(typeof(GetSolutionMetricsRequest))]
[JsonSerializable(typeof(GetSolutionMetricsResponse))]
[JsonSerializable(typeof(UpdateCampaignRequest))]
[JsonSerializable(typeof(UpdateCampaignResponse))]
[JsonSerializable(typeof(DescribeCampaignRequest))]
[JsonSerializable(typeof(DescribeCampaignResponse))]
[JsonSerializable(typeof(CreateCampaignRequest))]
[JsonSerializable(typeof(CreateCampaignResponse))]
[JsonSerializable(typeof(DescribeFilterRequest))]
[JsonSerializable(typeof(DescribeFilterResponse))]
[JsonSerializable(typeof(ListSolutionVersionsRequest))]
[JsonSerializable(typeof(ListSolutionVersionsResponse))]
[JsonSerializable(typeof(CreateFilterRequest))]
[JsonSerializable(typeof(CreateFilterResponse))]
[JsonSerializable(typeof(ListEventTrackersRequest))]
[JsonSerializable(typeof(ListEventTrackersResponse))]
[JsonSerializable(typeof(CreateEventTrackerRequest))]
[JsonSerializable(typeof(CreateEventTrackerResponse))]
[JsonSerializable(typeof(DescribeEventTrackerRequest))]
[JsonSerializable(typeof(DescribeEventTrackerResponse))]
internal sealed partial class PersonalizeJsonContext : JsonSerializerContext;
