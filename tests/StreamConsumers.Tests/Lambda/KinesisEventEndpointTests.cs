using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recommender.Adapters.Local.Profiles;
using Recommender.Contracts;
using Recommender.Core.Consumers;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using StreamConsumers.Handlers;
using StreamConsumers.Lambda;

namespace StreamConsumers.Tests.Lambda;

/// <summary>POST /events with the Kinesis event Lambda delivers (shape of the Lambda developer guide's example), over the real profile handler and SQLite store.</summary>
public sealed class KinesisEventEndpointTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lambda-events-").FullName;
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private SqliteProfileStore _profiles = null!;

    public async Task InitializeAsync()
    {
        _profiles = new SqliteProfileStore(Path.Combine(_directory, "profiles.db"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IProfileStore>(_profiles);
        builder.Services.AddSingleton<Recommender.Core.Catalog.ITrackCatalog>(new Recommender.Adapters.Local.Catalog.SqliteTrackCatalog(Path.Combine(_directory, "catalog.db")));
        builder.Services.AddSingleton<IStreamBatchHandler, ProfileAggregatorHandler>();
        _app = builder.Build();
        _app.MapKinesisEvents();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private const string StreamArn = "arn:aws:kinesis:us-east-1:123456789012:stream/recommender-events";

    private static JsonObject Record(string sequence, string base64Data, string partitionKey) => new()
    {
        ["kinesis"] = new JsonObject
        {
            ["kinesisSchemaVersion"] = "1.0",
            ["partitionKey"] = partitionKey,
            ["sequenceNumber"] = sequence,
            ["data"] = base64Data,
            ["approximateArrivalTimestamp"] = 1545084650.987,
        },
        ["eventSource"] = "aws:kinesis",
        ["eventVersion"] = "1.0",
        ["eventID"] = $"shardId-000000000006:{sequence}",
        ["eventName"] = "aws:kinesis:record",
        ["invokeIdentityArn"] = "arn:aws:iam::123456789012:role/lambda-role",
        ["awsRegion"] = "us-east-1",
        ["eventSourceARN"] = StreamArn,
    };

    private static JsonObject Event(params JsonObject[] records) => new() { ["Records"] = new JsonArray(records) };

    private static string Data(PlaybackEvent e) => Convert.ToBase64String(EventJson.Serialize(e));

    private const string Seq1 = "49590338271490256608559692538361571095921575989136588898";
    private const string Seq2 = "49590338271490256608559692540925702759324208523137515618";
    private const string Seq3 = "49590338271490256608559692540925702759324208523137515619";

    [Fact]
    public async Task a_batch_with_one_poison_record_reports_only_that_record()
    {
        var user = TestEvents.Unique("u");
        var body = Event(
            Record(Seq1, Data(TestEvents.Listen(user, "t1")), user),
            Record(Seq2, Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"not\": \"an event\"")), user),
            Record(Seq3, Data(TestEvents.Listen(user, "t2", minute: 1)), user));

        var response = await _client.PostAsJsonAsync("/events", body);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        answer.ToJsonString().ShouldBe($$"""{"batchItemFailures":[{"itemIdentifier":"{{Seq2}}"}]}""");
        (await _profiles.GetAsync(user, default))!.Plays.ShouldBe(2);
    }

    [Fact]
    public async Task a_clean_batch_answers_no_failures_and_a_redelivery_counts_once()
    {
        var user = TestEvents.Unique("u");
        var body = Event(Record(Seq1, Data(TestEvents.Listen(user, "t1")), user), Record(Seq2, Data(TestEvents.Listen(user, "t2", minute: 1)), user));

        (await (await _client.PostAsJsonAsync("/events", body)).Content.ReadAsStringAsync()).ShouldBe("""{"batchItemFailures":[]}""");
        (await (await _client.PostAsJsonAsync("/events", body)).Content.ReadAsStringAsync()).ShouldBe("""{"batchItemFailures":[]}""");
        (await _profiles.GetAsync(user, default))!.Plays.ShouldBe(2);
    }

    [Fact]
    public async Task data_that_is_not_base64_fails_that_record_alone()
    {
        var user = TestEvents.Unique("u");
        var body = Event(Record(Seq1, "%%% not base64 %%%", user), Record(Seq2, Data(TestEvents.Listen(user, "t1")), user));

        var answer = await (await _client.PostAsJsonAsync("/events", body)).Content.ReadFromJsonAsync<KinesisBatchResponse>();

        answer!.BatchItemFailures.Select(f => f.ItemIdentifier).ShouldBe([Seq1]);
        (await _profiles.GetAsync(user, default))!.Plays.ShouldBe(1);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"records": []}""")]
    [InlineData("""{"Records": [{"kinesis": {"data": "e30="}}]}""")]
    public async Task a_body_that_is_no_kinesis_event_is_a_problem_not_a_server_error(string body)
    {
        var response = await _client.PostAsync("/events", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
