using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recommender.AwsFakes.Personalize;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.AllInOne;

namespace Recommender.Adapters.Aws.Tests.EndToEnd;

/// <summary>
/// The all-in-one host with Recommender:Mode=Aws on local peers: events posted to the ingestion API go
/// through kinesalite to the consumer loops, profiles land in dynalite, the hot path feeds the Personalize
/// fake, the archive consumer writes to S3 (s3rver), and recommendations come back from the fake. Credentials come from the default chain (environment).
/// </summary>
[Collection(StreamPeers.Name)]
public sealed class AllInOneOnAwsPeersTests(StreamPeersFixture peers) : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("all-in-one-aws-").FullName;
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow.AddHours(-1);
    private readonly string _s3Directory = Directory.CreateTempSubdirectory("all-in-one-s3-").FullName;
    private FakePersonalize _personalize = null!;
    private Recommender.AwsFakes.Kms.FakeKms _kms = null!;
    private NodePeer _s3 = null!;
    private WebApplication _host = null!;
    private HttpClient _client = null!;

    private static readonly string RunsTable = AwsServices.UniqueName("e2e-runs");

    public async Task InitializeAsync()
    {
        // s3rver knows one key pair; dynalite takes any; the Kinesis proxy and the Personalize fake are told this one.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "S3RVER");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "S3RVER");
        peers.Kinesis.Known = new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER");
        _personalize = await FakePersonalize.StartAsync(new FakePersonalizeOptions(new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER")));
        _s3 = await NodePeer.StartAsync("s3rver", _s3Directory);
        _kms = await Recommender.AwsFakes.Kms.FakeKms.StartAsync(new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"));
        _kms.CreateKey("alias/spotify-tokens");
        _host = AllInOneHost.Build(new HostSettings(_dataDirectory, 0, LogLevel.Warning),
        [
            "--Recommender:Mode=Aws",
            "--Aws:Region=us-east-1",
            "--Aws:CreateMissingResources=true",
            $"--Aws:Kinesis:ServiceUrl={peers.Kinesis.Url}",
            $"--Aws:Kinesis:StreamName={AwsServices.UniqueName("e2e")}",
            "--Aws:Kinesis:ShardCount=2",
            $"--Aws:DynamoDb:ServiceUrl={peers.DynamoDb.Url}",
            $"--Aws:DynamoDb:TableName={AwsServices.UniqueName("e2e-profiles")}",
            $"--Aws:S3:ServiceUrl={_s3.Url}",
            "--Aws:S3:DatasetsBucket=datasets",
            "--Aws:S3:ArchiveBucket=archive",
            $"--Aws:Personalize:ServiceUrl={_personalize.Url}",
            $"--Aws:Personalize:TrackingId={FakePersonalize.TrackingId}",
            $"--Aws:Personalize:CampaignArn={FakePersonalize.CampaignArn}",
            $"--Aws:Personalize:RelatedItemsCampaignArn={FakePersonalize.RelatedItemsCampaignArn}",
            $"--Aws:Personalize:DatasetGroupArn={FakePersonalize.DatasetGroupArn}",
            $"--Aws:Personalize:RoleArn={FakePersonalize.RoleArn}",
            // the hosted Spotify producer: its links in DynamoDB, its tokens sealed by KMS
            $"--Aws:Kms:ServiceUrl={_kms.Url}",
            "--Aws:Kms:TokenKeyId=alias/spotify-tokens",
            "--Consumers:IdleWait=00:00:00.100",
            // The host also carries the daily dataset builder, whose AWS flow is validated at start.
            $"--DatasetBuilder:Aws:InteractionsDatasetArn={FakePersonalize.InteractionsDatasetArn}",
            $"--DatasetBuilder:Aws:SolutionArn={FakePersonalize.SolutionArn}",
            $"--DatasetBuilder:Aws:RunsTableName={RunsTable}",
        ]);
        await _host.StartAsync();
        _client = new HttpClient { BaseAddress = AllInOneHost.BaseAddress(_host) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.StopAsync();
        await _host.DisposeAsync();
        await _personalize.DisposeAsync();
        await _kms.DisposeAsync();
        await _s3.DisposeAsync();
        peers.Kinesis.Known = AwsServices.TestCredentials;
        Directory.Delete(_dataDirectory, recursive: true);
        Directory.Delete(_s3Directory, recursive: true);
    }

    [Fact]
    public async Task posted_events_reach_the_profiles_in_dynamodb_and_personalize_and_a_redelivery_counts_once()
    {
        var users = new[] { "alice", "bob", "carol" };
        var events = Enumerable.Range(0, 30).Select(n => Event(users[n % 3], n)).ToList();

        var ids = events.Select(e => e["event_id"]!.GetValue<string>()).ToList();
        (await PostAsync(events)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Eventually.UntilAsync(async () => (await PlaysAsync("alice")) == 10 && (await PlaysAsync("carol")) == 10,
            "the profile aggregator counted alice's and carol's 10 plays in DynamoDB");
        // The hot path is at-least-once (a consumer retries a batch it could not checkpoint): every event reaches Personalize, maybe more than once.
        await Eventually.ValueAsync(() => TrackedEventIds().Distinct().Order().ToList(), tracked => tracked.SequenceEqual(ids.Order()),
            "the hot path sent every posted event to Personalize");

        // The ingestion side retries a whole batch after a timeout: the stream carries it twice, the profiles count it once.
        (await PostAsync(events)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Eventually.UntilAsync(() => TimesEach(TrackedEventIds(), ids) >= 2, "the hot path sent the redelivered batch to Personalize again");
        (await PlaysAsync("bob")).ShouldBe(10);
        (await PlaysAsync("alice")).ShouldBe(10);
        TrackedEventIds().ShouldAllBe(id => ids.Contains(id));

        // The archive consumer wrote every event to S3 (both copies: the archive keeps what the stream carried), read back
        // through the same archive the dataset builder uses, which de-duplicates by event id.
        var archive = _host.Services.GetRequiredService<Recommender.Core.Archive.IEventArchive>();
        await Eventually.UntilAsync(async () => TimesEach(await archive.ReadAsync(null, default).Select(e => e.EventId).ToListAsync(), ids) >= 2,
            "the archive consumer wrote both deliveries of every event to S3");
        (await archive.ReadAsync(null, default).Select(e => e.EventId).Distinct().CountAsync()).ShouldBe(30);

        var recommendations = await GetJsonAsync("/v1/recommendations?user_id=alice&num_results=5");
        recommendations.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("track_id").GetString())
            .ShouldBe(_personalize.Catalog.Take(5));
    }

    [Fact]
    public async Task the_builders_run_ledger_is_a_dynamodb_table_created_at_start_on_local_peers()
    {
        using var response = await _client.GetAsync("/v1/admin/builds");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("builds").GetArrayLength().ShouldBe(0);
        var dynamo = _host.Services.GetRequiredService<Amazon.DynamoDBv2.IAmazonDynamoDB>();
        (await dynamo.DescribeTableAsync(RunsTable)).Table.KeySchema.Single().AttributeName.ShouldBe("run_id");
    }

    [Fact]
    public async Task the_hosted_spotify_producer_is_served_with_its_link_table_in_dynamodb()
    {
        using var status = await _client.GetAsync("/v1/spotify/link/nobody");
        status.StatusCode.ShouldBe(HttpStatusCode.NotFound, await status.Content.ReadAsStringAsync());
        // no Spotify app configured: a connect says so instead of failing
        using var connect = await _client.GetAsync("/v1/spotify/connect?user_id=u-1");
        connect.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var links = _host.Services.GetRequiredService<Recommender.Core.SpotifyLinks.ISpotifyLinkStore>();
        links.ShouldBeOfType<Recommender.Adapters.Aws.DynamoDb.DynamoDbSpotifyLinkStore>();
        _host.Services.GetRequiredService<Recommender.Core.SpotifyLinks.ITokenCipher>().ShouldBeOfType<Recommender.Adapters.Aws.Kms.KmsTokenCipher>();
    }

    [Fact]
    public async Task a_batch_with_a_bad_event_is_refused_whole_and_nothing_reaches_the_stream()
    {
        var events = new[] { Event("dave", 1), Event("dave", 2) };
        events[1]["occurred_at"] = "yesterday";

        var response = await PostAsync(events);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("occurred_at");
        // A later good event of dave's goes the same way (his shard, after the refused batch): once it is counted, the
        // consumers are past anything the refused batch could have put on the stream.
        (await PostAsync([Event("dave", 3)])).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Eventually.UntilAsync(async () => await PlaysAsync("dave") > 0 && TrackedEventIds().Contains("dave-aws-e2e-3"),
            "the profile aggregator and the hot path both took dave's good event");
        (await PlaysAsync("dave")).ShouldBe(1, "only the good event: nothing of the refused batch reached the profile");
        TrackedEventIds().ShouldNotContain("dave-aws-e2e-1");
    }

    private List<string> TrackedEventIds() =>
        _personalize.PutEventsCalls.SelectMany(c => c["eventList"]!.AsArray()).Select(e => e!["eventId"]!.GetValue<string>()).ToList();

    private async Task<long> PlaysAsync(string user)
    {
        using var response = await _client.GetAsync($"/v1/users/{user}/profile");
        if (response.StatusCode == HttpStatusCode.NotFound) return 0;
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("plays").GetInt64();
    }

    /// <summary>How many times the least delivered of <paramref name="ids"/> appears in <paramref name="delivered"/>.</summary>
    private static int TimesEach(IEnumerable<string> delivered, IReadOnlyList<string> ids)
    {
        var counts = delivered.CountBy(id => id).ToDictionary(c => c.Key, c => c.Value);
        return ids.Min(id => counts.GetValueOrDefault(id));
    }

    private async Task<HttpResponseMessage> PostAsync(IEnumerable<JsonObject> events)
    {
        var content = new StringContent(new JsonArray(events.Select(e => (JsonNode)e.DeepClone()).ToArray()).ToJsonString());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await _client.PostAsync("/v1/events", content);
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private JsonObject Event(string user, int n) => new()
    {
        ["event_id"] = $"{user}-aws-e2e-{n}",
        ["user_id"] = user,
        ["track_id"] = $"track-{n % 5}",
        ["event_type"] = n % 4 == 0 ? "skip" : "complete",
        ["occurred_at"] = _start.AddSeconds(n).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
        ["ms_played"] = 150_000,
        ["track_duration_ms"] = 200_000,
        ["track"] = new JsonObject { ["genres"] = new JsonArray("jazz") },
    };
}
