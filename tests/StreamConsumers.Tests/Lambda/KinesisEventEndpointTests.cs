using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recommender.Adapters.Local.Profiles;
using Recommender.AwsFakes.Lambda;
using Recommender.Contracts;
using Recommender.Core.Consumers;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Hosting;
using StreamConsumers.Handlers;
using StreamConsumers.Lambda;

namespace StreamConsumers.Tests.Lambda;

/// <summary>
/// POST /events as Lambda reaches it: Kinesis events in the shape of the Lambda developer guide's example, through the Lambda
/// Web Adapter double with the consumer functions' adapter settings (consumer-environment.json), over the real profile
/// handler and SQLite store; each answer judged by what Lambda does with it.
/// </summary>
public sealed class KinesisEventEndpointTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lambda-events-").FullName;
    private WebApplication _app = null!;
    private LambdaWebAdapter _adapter = null!;
    private SqliteProfileStore _profiles = null!;

    public async Task InitializeAsync()
    {
        _profiles = new SqliteProfileStore(Path.Combine(_directory, "profiles.db"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        builder.Services.AddSingleton<IProfileStore>(_profiles);
        builder.Services.AddSingleton<Recommender.Core.Catalog.ITrackCatalog>(new Recommender.Adapters.Local.Catalog.SqliteTrackCatalog(Path.Combine(_directory, "catalog.db")));
        builder.Services.AddSingleton<IStreamBatchHandler, ProfileAggregatorHandler>();
        _app = builder.Build();
        _app.MapServiceDefaults();
        _app.MapKinesisEvents();
        await _app.StartAsync();
        var port = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        _adapter = new LambdaWebAdapter(LambdaWebAdapterSettings.From(ConsumerEnvironment.WebAdapter(port)));
        await _adapter.WaitUntilReadyAsync(() => false);
    }

    public async Task DisposeAsync()
    {
        _adapter.Dispose();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private const string Seq1 = "49590338271490256608559692538361571095921575989136588898";
    private const string Seq2 = "49590338271490256608559692540925702759324208523137515618";
    private const string Seq3 = "49590338271490256608559692540925702759324208523137515619";

    private static KinesisBatchRecord Record(string sequence, byte[] data, string user) => new(sequence, data, user, "shardId-000000000006");

    private static byte[] Data(PlaybackEvent e) => EventJson.Serialize(e);

    private async Task<(LambdaInvocation Invocation, KinesisBatchOutcome Outcome)> InvokeAsync(string kinesisEvent)
    {
        var invocation = await _adapter.InvokeAsync(kinesisEvent);
        return (invocation, KinesisBatchOutcome.Of(invocation, KinesisEvents.SequenceNumbers(kinesisEvent)));
    }

    [Fact]
    public async Task a_batch_with_one_poison_record_is_retried_from_that_record_and_the_others_are_applied()
    {
        var user = TestEvents.Unique("u");
        var body = KinesisEvents.Of([
            Record(Seq1, Data(TestEvents.Listen(user, "t1")), user),
            Record(Seq2, Encoding.UTF8.GetBytes("{\"not\": \"an event\""), user),
            Record(Seq3, Data(TestEvents.Listen(user, "t2", minute: 1)), user)]);

        var (invocation, outcome) = await InvokeAsync(body);

        invocation.AppStatus.ShouldBe(200);
        invocation.Payload!.ToJsonString().ShouldBe($$"""{"batchItemFailures":[{"itemIdentifier":"{{Seq2}}"}]}""");
        outcome.ShouldBe(new KinesisBatchOutcome(KinesisBatchResult.RetryFrom, Seq2));
        (await _profiles.GetAsync(user, default))!.Plays.ShouldBe(2);
    }

    [Fact]
    public async Task a_clean_batch_succeeds_and_a_redelivery_counts_once()
    {
        var user = TestEvents.Unique("u");
        var body = KinesisEvents.Of([Record(Seq1, Data(TestEvents.Listen(user, "t1")), user), Record(Seq2, Data(TestEvents.Listen(user, "t2", minute: 1)), user)]);

        (await InvokeAsync(body)).Outcome.Result.ShouldBe(KinesisBatchResult.Success);
        (await InvokeAsync(body)).Outcome.Result.ShouldBe(KinesisBatchResult.Success);
        (await _profiles.GetAsync(user, default))!.Plays.ShouldBe(2);
    }

    [Fact]
    public async Task lambdas_own_example_event_is_read_and_its_records_that_are_no_listening_events_are_retried_not_refused()
    {
        // the developer guide's event as it is: two records whose data is plain text, not contract-v1 events
        var (invocation, outcome) = await InvokeAsync(KinesisEvents.Example());

        invocation.AppStatus.ShouldBe(200, "a bad record is never a 4xx: Lambda would read the body as success and drop the batch");
        outcome.ShouldBe(new KinesisBatchOutcome(KinesisBatchResult.RetryFrom, Seq1));
        invocation.Payload!["batchItemFailures"]!.AsArray().Select(f => f!["itemIdentifier"]!.GetValue<string>()).ShouldBe([Seq1, Seq2]);
    }

    [Fact]
    public async Task the_answer_has_the_shape_of_the_guides_partial_batch_response()
    {
        var guide = JsonNode.Parse(File.ReadAllText(KinesisEvents.FixturePath("partial-batch-response.json")))!.AsObject();

        var (invocation, _) = await InvokeAsync(KinesisEvents.Example());

        var answer = invocation.Payload!.AsObject();
        answer.Select(p => p.Key).ShouldBe(guide.Select(p => p.Key));
        answer["batchItemFailures"]![0]!.AsObject().Select(p => p.Key).ShouldBe(guide["batchItemFailures"]![0]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task data_that_is_not_base64_is_retried_from_that_record_alone()
    {
        var user = TestEvents.Unique("u");
        var body = JsonNode.Parse(KinesisEvents.Of([Record(Seq1, [], user), Record(Seq2, Data(TestEvents.Listen(user, "t1")), user)]))!;
        body["Records"]![0]!["kinesis"]!["data"] = "%%% not base64 %%%";

        var (_, outcome) = await InvokeAsync(body.ToJsonString());

        outcome.ShouldBe(new KinesisBatchOutcome(KinesisBatchResult.RetryFrom, Seq1));
        (await _profiles.GetAsync(user, default))!.Plays.ShouldBe(1);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"records": []}""")]
    [InlineData("""{"Records": [{"kinesis": {"data": "e30="}}]}""")]
    public async Task an_event_the_function_cannot_read_fails_the_invocation_so_lambda_retries_it_instead_of_dropping_it(string body)
    {
        var invocation = await _adapter.InvokeAsync(body);

        invocation.AppStatus.ShouldBe(500);
        KinesisBatchOutcome.Of(invocation, []).Result.ShouldBe(KinesisBatchResult.Failure);
    }
}
