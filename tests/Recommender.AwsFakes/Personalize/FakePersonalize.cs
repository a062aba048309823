using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Recommender.Contracts.AwsModels;

namespace Recommender.AwsFakes.Personalize;

/// <summary>How a <see cref="FakePersonalize"/> starts.</summary>
/// <param name="Known">The one key pair it knows (the tests' credentials).</param>
/// <param name="S3Url">The S3 peer import jobs read their file from; without one an import job takes any s3:// file on trust.</param>
/// <param name="Deployed">
/// As after a first build: the dataset group holds the interactions the deployed versions were trained on, each solution
/// has an ACTIVE version, the three campaigns serve them, the four recommendation filters exist. Otherwise no campaign, filter or interactions exist
/// (as `pulumi up` leaves it: neither Pulumi provider creates campaigns or filters) but one trained user-personalization version.
/// </param>
public sealed record FakePersonalizeOptions(AWSCredentials Known, Uri? S3Url = null, bool Deployed = true);

/// <summary>
/// Amazon Personalize on loopback, one fake for every test project: the control plane (JSON 1.1, X-Amz-Target
/// AmazonPersonalize.*), events (POST /events) and runtime (POST /recommendations, /personalize-ranking) behind one
/// endpoint. Every request is checked against AWS's models (personalize, personalize-events, personalize-runtime from
/// npm aws-sdk) and the API reference's limits before it runs (<see cref="AwsFakeEndpoint"/>), and every answer is built in
/// the model's shapes (timestamps as epoch seconds). Beyond the model it checks what the service checks: known ARNs and
/// tracking id, names unique per kind, an import job's S3 file and its required columns, at least 1,000 imported
/// interactions before training, nothing trained while an import runs, ACTIVE versions for campaigns, one update at a time.
/// Jobs, versions and campaigns move PENDING → IN_PROGRESS → ACTIVE one step per describe.
/// </summary>
public sealed partial class FakePersonalize : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string Account = "111111111111";
    public const string DatasetGroupArn = $"arn:aws:personalize:{Region}:{Account}:dataset-group/music";
    public const string InteractionsDatasetArn = $"arn:aws:personalize:{Region}:{Account}:dataset/music/INTERACTIONS";
    public const string UsersDatasetArn = $"arn:aws:personalize:{Region}:{Account}:dataset/music/USERS";
    public const string ItemsDatasetArn = $"arn:aws:personalize:{Region}:{Account}:dataset/music/ITEMS";
    public const string SolutionArn = $"arn:aws:personalize:{Region}:{Account}:solution/user-personalization";
    public const string RelatedItemsSolutionArn = $"arn:aws:personalize:{Region}:{Account}:solution/related-items";
    public const string RankingSolutionArn = $"arn:aws:personalize:{Region}:{Account}:solution/ranking";
    public const string CampaignArn = $"arn:aws:personalize:{Region}:{Account}:campaign/recommendations";
    public const string RelatedItemsCampaignArn = $"arn:aws:personalize:{Region}:{Account}:campaign/related-items";
    public const string RankingCampaignArn = $"arn:aws:personalize:{Region}:{Account}:campaign/ranking";
    public const string FilterArn = $"arn:aws:personalize:{Region}:{Account}:filter/exclusions";
    public const string RoleArn = $"arn:aws:iam::{Account}:role/personalize-s3";
    public const string TrackingId = "a1b2c3d4-tracking";
    /// <summary>The event tracker <see cref="TrackingId"/> belongs to, as `pulumi up` creates it.</summary>
    public const string EventTrackerArn = $"arn:aws:personalize:{Region}:{Account}:event-tracker/a1b2c3d4";
    public const string InitialVersionArn = SolutionArn + "/initial0";
    public const string InitialRelatedItemsVersionArn = RelatedItemsSolutionArn + "/initial0";
    public const string InitialRankingVersionArn = RankingSolutionArn + "/initial0";

    private static readonly string[] Solutions = [SolutionArn, RelatedItemsSolutionArn, RankingSolutionArn];
    private static readonly AwsServiceModel ControlPlaneModel = AwsServiceModel.Load("personalize-2018-05-22");
    private static readonly AwsServiceModel EventsModel = AwsServiceModel.Load("personalize-events-2018-03-22");
    private static readonly AwsServiceModel RuntimeModel = AwsServiceModel.Load("personalize-runtime-2018-05-22");

    private readonly object _gate = new();
    private readonly FakePersonalizeOptions _options;
    private readonly HttpClient _s3 = new();
    private AwsFakeEndpoint _endpoint = null!;

    private FakePersonalize(FakePersonalizeOptions options)
    {
        _options = options;
        var created = DateTimeOffset.UtcNow.AddDays(-1);
        _versions[InitialVersionArn] = new VersionState { Arn = InitialVersionArn, SolutionArn = SolutionArn, Name = "initial", Status = "ACTIVE", Created = created, Metrics = Named(0.10) };
        if (!options.Deployed) return;
        foreach (var (solution, version) in new[] { (RelatedItemsSolutionArn, InitialRelatedItemsVersionArn), (RankingSolutionArn, InitialRankingVersionArn) })
            _versions[version] = new VersionState { Arn = version, SolutionArn = solution, Name = "initial", Status = "ACTIVE", Created = created, Metrics = Named(0.10) };
        _importedInteractions = 1_000;
        foreach (var (campaign, version) in new[] { (CampaignArn, InitialVersionArn), (RelatedItemsCampaignArn, InitialRelatedItemsVersionArn), (RankingCampaignArn, InitialRankingVersionArn) })
            _campaigns[campaign] = new CampaignState { Version = version, Status = "ACTIVE", Created = created };
        foreach (var (arn, expression) in Recommender.Adapters.Aws.Personalize.PersonalizeFilters.All(FilterArn))
            _filters[arn] = new FilterState(arn[(arn.IndexOf('/', StringComparison.Ordinal) + 1)..], expression, created);
    }

    public static async Task<FakePersonalize> StartAsync(FakePersonalizeOptions options)
    {
        var fake = new FakePersonalize(options);
        fake._endpoint = await AwsFakeEndpoint.StartAsync([ControlPlaneModel, EventsModel, RuntimeModel], "InvalidInputException", Region, options.Known, fake.HandleAsync);
        return fake;
    }

    public Uri Url => _endpoint.Url;

    /// <summary>The service's clock: request dates are checked against it, and resources are dated by it.</summary>
    public TimeProvider Clock { get => _endpoint.Clock; set => _endpoint.Clock = value; }

    /// <summary>Every accepted call by operation name.</summary>
    public ConcurrentDictionary<string, int> Calls => _endpoint.Calls;

    /// <summary>What the model checks refused, and answers of ours the model does not allow (a fake's bug: always empty).</summary>
    public IReadOnlyCollection<string> Refused => _endpoint.Refused;
    public IReadOnlyCollection<string> ModelViolations => _endpoint.ModelViolations;

    /// <summary>Answer the next <paramref name="count"/> requests with ThrottlingException.</summary>
    public void ThrottleNext(int count) => _endpoint.ThrottleNext(count);

    public async ValueTask DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        _s3.Dispose();
    }

    private readonly ConcurrentDictionary<string, bool> _answerNever = new(StringComparer.Ordinal);

    /// <summary>
    /// The next call of <paramref name="operation"/> is carried out but never answered, as when a response is lost and the
    /// client times out: the resource exists, and the client's retry meets ResourceAlreadyExistsException.
    /// </summary>
    public void LoseNextAnswer(string operation) => _answerNever[operation] = true;

    private async Task<JsonObject?> HandleAsync(AwsCall call)
    {
        JsonObject? answer;
        if (call.Service == EventsModel) answer = PutEvents(call.Input);
        else if (call.Service == RuntimeModel) answer = call.Operation.Name == "GetPersonalizedRanking" ? GetPersonalizedRanking(call.Input) : GetRecommendations(call.Input);
        else answer = await ControlPlaneAsync(call.Operation.Name, call.Input);
        // waits until the client gives up on the call and drops the connection
        if (_answerNever.TryRemove(call.Operation.Name, out _)) await Task.Delay(Timeout.Infinite, call.Context.RequestAborted);
        return answer;
    }

    /// <summary>The metric names Personalize reports, with NDCG@10 set to <paramref name="ndcg10"/>.</summary>
    public static Dictionary<string, double> Named(double ndcg10) => new()
    {
        ["coverage"] = 0.3, ["mean_reciprocal_rank_at_25"] = 0.2,
        ["normalized_discounted_cumulative_gain_at_5"] = ndcg10 * 0.9, ["normalized_discounted_cumulative_gain_at_10"] = ndcg10,
        ["normalized_discounted_cumulative_gain_at_25"] = ndcg10 * 1.1, ["precision_at_5"] = 0.05, ["precision_at_10"] = 0.04, ["precision_at_25"] = 0.03,
    };

    private static string Required(JsonObject request, string member) => request[member]!.GetValue<string>();

    private static string? Optional(JsonObject request, string member) => request[member]?.GetValue<string>();
}
