using Recommender.Adapters.Aws.Protocol;

namespace Recommender.Adapters.Aws.Personalize;

/// <summary>
/// The Amazon Personalize control-plane operations the daily dataset builder uses, typed per the API
/// reference: import the new datasets, train a solution version, read its metrics, move the campaign to it.
/// Registered by <c>AddAwsAdapters</c>; needs Aws:Personalize:DatasetGroupArn and RoleArn. Every call
/// retries throttling and 5xx; other errors throw <see cref="AwsServiceException"/> with the AWS error code
/// (ResourceNotFoundException, InvalidInputException, ResourceInUseException, LimitExceededException, ...).
/// </summary>
public sealed class PersonalizeControlPlane
{
    private static readonly PersonalizeJsonContext Json = PersonalizeJsonContext.Default;
    private readonly AwsJsonClient _client;

    internal PersonalizeControlPlane(AwsJsonClient client, string datasetGroupArn, string roleArn, string? solutionArn, string? relatedItemsSolutionArn)
    {
        _client = client;
        DatasetGroupArn = datasetGroupArn;
        RoleArn = roleArn;
        SolutionArn = solutionArn;
        RelatedItemsSolutionArn = relatedItemsSolutionArn;
    }

    /// <summary>Aws:Personalize:SolutionArn: the user-personalization solution; null when not configured.</summary>
    public string? SolutionArn { get; }

    /// <summary>Aws:Personalize:RelatedItemsSolutionArn: the SIMS solution; null when not configured.</summary>
    public string? RelatedItemsSolutionArn { get; }

    /// <summary>Aws:Personalize:DatasetGroupArn.</summary>
    public string DatasetGroupArn { get; }

    /// <summary>Aws:Personalize:RoleArn: the role Personalize reads the S3 files with.</summary>
    public string RoleArn { get; }

    /// <summary>Imports the CSV at <paramref name="s3Uri"/> into a dataset; importMode FULL replaces, INCREMENTAL adds.</summary>
    public async Task<string> CreateDatasetImportJobAsync(string jobName, string datasetArn, string s3Uri, string importMode, CancellationToken ct) =>
        (await _client.CallAsync("CreateDatasetImportJob", new CreateDatasetImportJobRequest(jobName, datasetArn, new DataSource(s3Uri), RoleArn, importMode),
            Json.CreateDatasetImportJobRequest, Json.CreateDatasetImportJobResponse, ct).ConfigureAwait(false)).DatasetImportJobArn;

    public async Task<DatasetImportJob> DescribeDatasetImportJobAsync(string datasetImportJobArn, CancellationToken ct) =>
        (await _client.CallAsync("DescribeDatasetImportJob", new DescribeDatasetImportJobRequest(datasetImportJobArn),
            Json.DescribeDatasetImportJobRequest, Json.DescribeDatasetImportJobResponse, ct).ConfigureAwait(false)).DatasetImportJob;

    /// <summary>trainingMode FULL retrains from scratch; UPDATE refreshes items of a solution that supports it.</summary>
    public async Task<string> CreateSolutionVersionAsync(string solutionArn, string trainingMode, string? name, CancellationToken ct) =>
        (await _client.CallAsync("CreateSolutionVersion", new CreateSolutionVersionRequest(solutionArn, trainingMode, name),
            Json.CreateSolutionVersionRequest, Json.CreateSolutionVersionResponse, ct).ConfigureAwait(false)).SolutionVersionArn;

    public async Task<SolutionVersion> DescribeSolutionVersionAsync(string solutionVersionArn, CancellationToken ct) =>
        (await _client.CallAsync("DescribeSolutionVersion", new DescribeSolutionVersionRequest(solutionVersionArn),
            Json.DescribeSolutionVersionRequest, Json.DescribeSolutionVersionResponse, ct).ConfigureAwait(false)).SolutionVersion;

    public async Task<Solution> DescribeSolutionAsync(string solutionArn, CancellationToken ct) =>
        (await _client.CallAsync("DescribeSolution", new DescribeSolutionRequest(solutionArn),
            Json.DescribeSolutionRequest, Json.DescribeSolutionResponse, ct).ConfigureAwait(false)).Solution;

    /// <summary>Turns the solution's automatic training on or off.</summary>
    public Task UpdateSolutionAsync(string solutionArn, bool performAutoTraining, CancellationToken ct) =>
        _client.CallAsync("UpdateSolution", new UpdateSolutionRequest(solutionArn, performAutoTraining),
            Json.UpdateSolutionRequest, Json.UpdateSolutionResponse, ct);

    /// <summary>The offline metrics Personalize computed for the version (coverage, MRR@25, NDCG and precision at 5/10/25).</summary>
    public async Task<IReadOnlyDictionary<string, double>> GetSolutionMetricsAsync(string solutionVersionArn, CancellationToken ct) =>
        (await _client.CallAsync("GetSolutionMetrics", new GetSolutionMetricsRequest(solutionVersionArn),
            Json.GetSolutionMetricsRequest, Json.GetSolutionMetricsResponse, ct).ConfigureAwait(false)).Metrics
        ?? new Dictionary<string, double>();

    public async Task<string> UpdateCampaignAsync(string campaignArn, string solutionVersionArn, int? minProvisionedTps, CancellationToken ct) =>
        (await _client.CallAsync("UpdateCampaign", new UpdateCampaignRequest(campaignArn, solutionVersionArn, minProvisionedTps),
            Json.UpdateCampaignRequest, Json.UpdateCampaignResponse, ct).ConfigureAwait(false)).CampaignArn;

    public async Task<Campaign> DescribeCampaignAsync(string campaignArn, CancellationToken ct) =>
        (await _client.CallAsync("DescribeCampaign", new DescribeCampaignRequest(campaignArn),
            Json.DescribeCampaignRequest, Json.DescribeCampaignResponse, ct).ConfigureAwait(false)).Campaign;

    /// <summary>Deploys a solution version as a new campaign (minProvisionedTPS defaults to 1); fails with ResourceAlreadyExistsException when the name is taken.</summary>
    public async Task<string> CreateCampaignAsync(string name, string solutionVersionArn, int? minProvisionedTps, CancellationToken ct) =>
        (await _client.CallAsync("CreateCampaign", new CreateCampaignRequest(name, solutionVersionArn, minProvisionedTps),
            Json.CreateCampaignRequest, Json.CreateCampaignResponse, ct).ConfigureAwait(false)).CampaignArn;

    public async Task<Filter> DescribeFilterAsync(string filterArn, CancellationToken ct) =>
        (await _client.CallAsync("DescribeFilter", new DescribeFilterRequest(filterArn),
            Json.DescribeFilterRequest, Json.DescribeFilterResponse, ct).ConfigureAwait(false)).Filter;

    /// <summary>Every version of a solution, all pages.</summary>
    public async Task<IReadOnlyList<SolutionVersionSummary>> ListSolutionVersionsAsync(string solutionArn, CancellationToken ct)
    {
        var versions = new List<SolutionVersionSummary>();
        string? next = null;
        do
        {
            var page = await _client.CallAsync("ListSolutionVersions", new ListSolutionVersionsRequest(solutionArn, next, 100),
                Json.ListSolutionVersionsRequest, Json.ListSolutionVersionsResponse, ct).ConfigureAwait(false);
            versions.AddRange(page.SolutionVersions ?? []);
            next = page.NextToken;
        } while (next is not null);
        return versions;
    }

    /// <summary>
    /// The version of <paramref name="solutionArn"/> created under <paramref name="name"/>, or null: how a create whose answer
    /// was lost (a timeout, then ResourceAlreadyExistsException on the retry) finds what it made. Listings carry no names, so
    /// versions are described newest first; the one looked for is normally the newest.
    /// </summary>
    public async Task<SolutionVersion?> FindSolutionVersionAsync(string solutionArn, string name, CancellationToken ct)
    {
        foreach (var summary in (await ListSolutionVersionsAsync(solutionArn, ct).ConfigureAwait(false)).OrderByDescending(v => v.CreationDateTime))
        {
            var version = await DescribeSolutionVersionAsync(summary.SolutionVersionArn, ct).ConfigureAwait(false);
            if (version.Name == name) return version;
        }
        return null;
    }

    /// <summary>Creates a filter of the dataset group, e.g. <see cref="PersonalizeFilters.ExcludeExpression"/>.</summary>
    public async Task<string> CreateFilterAsync(string name, string filterExpression, CancellationToken ct) =>
        (await _client.CallAsync("CreateFilter", new CreateFilterRequest(name, DatasetGroupArn, filterExpression),
            Json.CreateFilterRequest, Json.CreateFilterResponse, ct).ConfigureAwait(false)).FilterArn;

    /// <summary>Every event tracker of the dataset group, all pages.</summary>
    public async Task<IReadOnlyList<EventTrackerSummary>> ListEventTrackersAsync(CancellationToken ct)
    {
        var trackers = new List<EventTrackerSummary>();
        string? next = null;
        do
        {
            var page = await _client.CallAsync("ListEventTrackers", new ListEventTrackersRequest(DatasetGroupArn, next, 100),
                Json.ListEventTrackersRequest, Json.ListEventTrackersResponse, ct).ConfigureAwait(false);
            trackers.AddRange(page.EventTrackers ?? []);
            next = page.NextToken;
        } while (next is not null);
        return trackers;
    }

    /// <summary>Creates the dataset group's event tracker (one per group); its tracking id is what PutEvents needs.</summary>
    public Task<CreateEventTrackerResponse> CreateEventTrackerAsync(string name, CancellationToken ct) =>
        _client.CallAsync("CreateEventTracker", new CreateEventTrackerRequest(name, DatasetGroupArn),
            Json.CreateEventTrackerRequest, Json.CreateEventTrackerResponse, ct);
}
