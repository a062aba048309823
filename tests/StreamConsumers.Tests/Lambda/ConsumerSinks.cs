using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Recommender.AwsFakes.Personalize;
using Recommender.Core.Archive;
using Recommender.Contracts;

namespace StreamConsumers.Tests.Lambda;

/// <summary>
/// The three consumers' sinks on loopback, as `pulumi up` leaves them: a profile table on dynalite, an archive bucket on
/// s3rver and Personalize (the shared fake) with its event tracker; and what Lambda gives a function besides its configuration.
/// </summary>
public sealed class ConsumerSinks : IAsyncLifetime
{
    public const string ProfileTable = "recommender-test-profiles";
    public const string CatalogTable = "recommender-test-catalog";
    public const string ArchiveBucket = "recommender-test-archive";
    public const string ArchivePrefix = "events/";

    // Lambda signs with the role's session credentials; s3rver knows the key S3RVER, and the fake is told this pair
    private static readonly SessionAWSCredentials RoleSession = new("S3RVER", "S3RVER", "lambda-role-session-token");

    private NodePeer _dynalite = null!;
    private NodePeer _s3rver = null!;
    public FakePersonalize Personalize { get; private set; } = null!;
    public AmazonDynamoDBClient Dynamo { get; private set; } = null!;
    public AmazonS3Client S3 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _dynalite = await NodePeer.StartAsync("dynalite");
        _s3rver = await NodePeer.StartS3rverAsync();
        Personalize = await FakePersonalize.StartAsync(new FakePersonalizeOptions(RoleSession));
        Dynamo = new AmazonDynamoDBClient(RoleSession, new AmazonDynamoDBConfig { ServiceURL = _dynalite.Url.ToString(), AuthenticationRegion = FakePersonalize.Region });
        S3 = new AmazonS3Client(RoleSession, new AmazonS3Config { ServiceURL = _s3rver.Url.ToString(), ForcePathStyle = true, AuthenticationRegion = FakePersonalize.Region });
        await Dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = ProfileTable,
            AttributeDefinitions = [new AttributeDefinition("user_id", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("user_id", KeyType.HASH)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        });
        await Dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = CatalogTable,
            AttributeDefinitions = [new AttributeDefinition("track_id", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("track_id", KeyType.HASH)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        });
        await S3.PutBucketAsync(ArchiveBucket);
    }

    /// <summary>The ${placeholders} of consumer-environment.json, from these resources.</summary>
    public IReadOnlyDictionary<string, string> Resources => new Dictionary<string, string>
    {
        ["trackingId"] = FakePersonalize.TrackingId,
        ["eventTrackerArn"] = FakePersonalize.EventTrackerArn,
        ["profileTableName"] = ProfileTable,
        ["catalogTableName"] = CatalogTable,
        ["archiveBucketName"] = ArchiveBucket,
        ["archivePrefix"] = ArchivePrefix,
    };

    /// <summary>What Lambda sets in every function (region, the role's credentials), and the endpoints of the local peers.</summary>
    public IReadOnlyDictionary<string, string> Runtime => new Dictionary<string, string>
    {
        ["AWS_REGION"] = FakePersonalize.Region,
        ["AWS_DEFAULT_REGION"] = FakePersonalize.Region,
        ["AWS_ACCESS_KEY_ID"] = "S3RVER",
        ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
        ["AWS_SESSION_TOKEN"] = "lambda-role-session-token",
        ["Aws__Personalize__ServiceUrl"] = Personalize.Url.ToString(),
        ["Aws__DynamoDb__ServiceUrl"] = _dynalite.Url.ToString(),
        ["Aws__S3__ServiceUrl"] = _s3rver.Url.ToString(),
    };

    public Task<ConsumerFunction> StartFunctionAsync(string consumer, IReadOnlyDictionary<string, string>? change = null)
    {
        var environment = ConsumerEnvironment.For(consumer, Resources);
        foreach (var (key, value) in change ?? new Dictionary<string, string>()) environment[key] = value;
        return ConsumerFunction.StartAsync(consumer, environment, Runtime);
    }

    /// <summary>Which sinks hold anything of <paramref name="user"/>: Personalize events, a profile item, archived events.</summary>
    public async Task<IReadOnlyList<string>> SinksHolding(string user)
    {
        var touched = new List<string>();
        if (Personalize.PutEventsCalls.Any(c => c["userId"]?.GetValue<string>() == user)) touched.Add("hot-path");
        var item = await Dynamo.GetItemAsync(ProfileTable, new Dictionary<string, AttributeValue> { ["user_id"] = new(user) });
        if (item.Item is { Count: > 0 }) touched.Add("profile-aggregator");
        if ((await ArchivedUsers()).Contains(user)) touched.Add("archive");
        return touched;
    }

    /// <summary>The listeners of every archived event: each object is Parquet with the Glue table's columns, as Firehose writes.</summary>
    private async Task<HashSet<string>> ArchivedUsers()
    {
        var users = new HashSet<string>(StringComparer.Ordinal);
        var listing = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = ArchiveBucket });
        foreach (var o in listing.S3Objects ?? [])
        {
            using var response = await S3.GetObjectAsync(ArchiveBucket, o.Key);
            using var body = new MemoryStream();
            await response.ResponseStream.CopyToAsync(body);
            body.Position = 0;
            await foreach (var e in ArchiveParquet.ReadAsync(body, CancellationToken.None)) users.Add(e.UserId);
        }
        return users;
    }

    public async Task DisposeAsync()
    {
        Dynamo.Dispose();
        S3.Dispose();
        await Personalize.DisposeAsync();
        await _s3rver.DisposeAsync();
        await _dynalite.DisposeAsync();
    }
}
