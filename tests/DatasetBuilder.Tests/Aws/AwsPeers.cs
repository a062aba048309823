using DatasetBuilder.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Recommender.Core.Events;
using Recommender.AwsFakes.Personalize;
using Recommender.Core.Profiles;

namespace DatasetBuilder.Tests.Aws;

/// <summary>
/// What the builder meets in aws mode, on this machine: S3 on s3rver and the run ledger's table on dynalite (both from
/// npm), Personalize's control plane as a fake. The data folder stands for the Lambda container's /tmp:
/// <see cref="LoseContainerFiles"/> is a cold start.
/// </summary>
public sealed class AwsPeers : IAsyncDisposable
{
    public const string Bucket = "recommender-datasets";
    public const string RunsTable = "builder-runs";
    /// <summary>The profile table's name, from which the catalog's ("{it}-catalog", scanned into ITEMS) follows, as the builder function is configured.</summary>
    public const string ProfileTable = "builder-profiles";
    private bool _resourcesCreated;

    private AwsPeers(NodePeer s3, NodePeer dynamo, FakePersonalize personalize)
    {
        S3 = s3;
        DynamoDb = dynamo;
        Personalize = personalize;
    }

    public TempDirectory Data { get; } = new();
    public NodePeer S3 { get; }
    public NodePeer DynamoDb { get; }
    public FakePersonalize Personalize { get; private set; }

    public static async Task<AwsPeers> StartAsync()
    {
        var s3 = NodePeer.StartS3rverAsync();
        var dynamo = NodePeer.StartAsync("dynalite");
        return new AwsPeers(await s3, await dynamo, await FakePersonalize.StartAsync(new FakePersonalizeOptions(Credentials, (await s3).Url)));
    }

    /// <summary>A Personalize where nothing was deployed yet (no campaign), as after a first `pulumi up`.</summary>
    public async Task RestartPersonalizeAsync(bool campaignExists)
    {
        await Personalize.DisposeAsync();
        Personalize = await FakePersonalize.StartAsync(new FakePersonalizeOptions(Credentials, S3.Url, Deployed: campaignExists));
    }

    public Dictionary<string, string?> Settings(string importMode = "FULL", bool bootstrap = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Recommender:DataDirectory"] = Data.Path,
            ["Recommender:Mode"] = "Aws",
            ["Aws:Region"] = FakePersonalize.Region,
            ["Aws:RetryBaseDelay"] = "00:00:00.010",
            ["Aws:CreateMissingResources"] = "true",
            ["Aws:S3:ServiceUrl"] = S3.Url.ToString(),
            ["Aws:S3:DatasetsBucket"] = Bucket,
            ["Aws:DynamoDb:ServiceUrl"] = DynamoDb.Url.ToString(),
            ["Aws:DynamoDb:TableName"] = ProfileTable,
            ["Aws:Personalize:ServiceUrl"] = Personalize.Url.ToString(),
            ["Aws:Personalize:DatasetGroupArn"] = FakePersonalize.DatasetGroupArn,
            ["Aws:Personalize:RoleArn"] = FakePersonalize.RoleArn,
            ["Aws:Personalize:CampaignArn"] = FakePersonalize.CampaignArn,
            ["DatasetBuilder:Aws:InteractionsDatasetArn"] = FakePersonalize.InteractionsDatasetArn,
            ["DatasetBuilder:Aws:UsersDatasetArn"] = FakePersonalize.UsersDatasetArn,
            ["DatasetBuilder:Aws:ItemsDatasetArn"] = FakePersonalize.ItemsDatasetArn,
            ["DatasetBuilder:Aws:SolutionArn"] = FakePersonalize.SolutionArn,
            ["DatasetBuilder:Aws:RunsTableName"] = RunsTable,
            ["DatasetBuilder:Aws:ImportMode"] = importMode,
            ["DatasetBuilder:Aws:PollInitialDelay"] = "00:00:00.005",
            ["DatasetBuilder:Aws:PollMaxDelay"] = "00:00:00.020",
        };
        if (bootstrap)
        {
            settings["DatasetBuilder:Aws:FilterArn"] = FakePersonalize.FilterArn;
            settings["DatasetBuilder:Aws:RelatedItemsSolutionArn"] = FakePersonalize.RelatedItemsSolutionArn;
            settings["DatasetBuilder:Aws:RelatedItemsCampaignArn"] = FakePersonalize.RelatedItemsCampaignArn;
        }
        return settings;
    }

    /// <summary>s3rver's one key pair, which the Personalize fake is told too (dynalite takes any).</summary>
    public static readonly Amazon.Runtime.BasicAWSCredentials Credentials = new("S3RVER", "S3RVER");

    /// <summary>What the test host adds: the peers' key pair, and no profile store.</summary>
    public static void TestServices(IServiceCollection services)
    {
        services.AddSingleton<Amazon.Runtime.AWSCredentials>(Credentials);
        services.AddSingleton<IProfileStore>(new NoProfiles());
    }

    /// <summary>The builder as the build-datasets verb composes it; the first composition creates the bucket and the runs table (Aws:CreateMissingResources, as a host's start does).</summary>
    public async Task<ServiceProvider> ComposeAsync(string importMode = "FULL", bool bootstrap = false, Action<IServiceCollection>? more = null,
        Dictionary<string, string?>? settings = null)
    {
        var all = Settings(importMode, bootstrap);
        foreach (var (key, value) in settings ?? []) all[key] = value;
        var services = StandaloneBuilder.Compose(all, s => { TestServices(s); more?.Invoke(s); });
        if (!_resourcesCreated)
        {
            foreach (var hosted in services.GetServices<IHostedService>()) await hosted.StartAsync(CancellationToken.None);
            _resourcesCreated = true;
        }
        return services;
    }

    /// <summary>A new Lambda container: its /tmp (the staging file and the CSVs) starts empty; S3, DynamoDB and Personalize keep everything.</summary>
    public void LoseContainerFiles() => Directory.Delete(Path.Combine(Data.Path, "builds"), recursive: true);

    public async ValueTask DisposeAsync()
    {
        await Personalize.DisposeAsync();
        await DynamoDb.DisposeAsync();
        await S3.DisposeAsync();
        Data.Dispose();
    }

    /// <summary>No profile store on this side (DynamoDB profiles are not what is under test): USERS falls back to the archive's counts.</summary>
    private sealed class NoProfiles : IProfileStore
    {
        public Task<int> ApplyAsync(IReadOnlyList<PlaybackEvent> events, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<UserProfile?> GetAsync(string userId, CancellationToken cancellationToken) => Task.FromResult<UserProfile?>(null);
    }
}
