using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Kinesis;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.AllInOne.Commands;
using Recommender.AwsFakes.Sqs;
using Recommender.Core.Profiles;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Aws.Tests.Sqs;

/// <summary>
/// <c>dead-letters list|redrive</c> in aws mode over kinesalite (the stream) and the SQS fake (the profile aggregator's
/// on-failure queue), the profiles in dynalite. The messages are the invocation records Lambda sends to an SQS on-failure
/// destination, in the shape of the Lambda developer guide's example ("Retain discarded batch records for a Kinesis Data
/// Streams event source"), pointing at records really on the stream.
/// </summary>
[Collection(StreamPeers.Name)]
public sealed class DeadLetterQueueRedriveTests(StreamPeersFixture peers) : IAsyncLifetime
{
    private const string Consumer = "profile-aggregator";
    // the credentials the command's default chain reads from the environment, as the all-in-one end-to-end test sets them
    private static readonly BasicAWSCredentials Credentials = new("S3RVER", "S3RVER");
    private readonly string _stream = AwsServices.UniqueName("dlq-events");
    private readonly string _profiles = AwsServices.UniqueName("dlq-profiles");
    private FakeSqs _sqs = null!;
    private string _queueUrl = null!;
    private ServiceProvider _services = null!;
    private AmazonSQSClient _lambda = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "S3RVER");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "S3RVER");
        peers.Kinesis.Known = Credentials;
        _sqs = await FakeSqs.StartAsync(Credentials);
        _queueUrl = _sqs.CreateQueue($"recommender-{Consumer}-dlq");
        _services = AwsServices.Build(new(Settings), s => s.AddSingleton<AWSCredentials>(Credentials));
        await AwsServices.StartAsync(_services);
        _lambda = new AmazonSQSClient(Credentials, new AmazonSQSConfig { ServiceURL = _sqs.Url.ToString(), AuthenticationRegion = FakeSqs.Region });
    }

    public async Task DisposeAsync()
    {
        _lambda.Dispose();
        await _services.DisposeAsync();
        await _sqs.DisposeAsync();
        peers.Kinesis.Known = AwsServices.TestCredentials;
    }

    private Dictionary<string, string?> Settings => new()
    {
        ["Recommender:Mode"] = "Aws",
        ["Aws:Region"] = "us-east-1",
        ["Aws:CreateMissingResources"] = "true",
        ["Aws:Kinesis:ServiceUrl"] = peers.Kinesis.Url.ToString(),
        ["Aws:Kinesis:StreamName"] = _stream,
        ["Aws:Kinesis:ShardCount"] = "1",
        ["Aws:DynamoDb:ServiceUrl"] = peers.DynamoDb.Url.ToString(),
        ["Aws:DynamoDb:TableName"] = _profiles,
        ["Aws:Sqs:ServiceUrl"] = _sqs.Url.ToString(),
        [$"Aws:Sqs:DeadLetterQueueUrls:{Consumer}"] = _queueUrl,
    };

    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var exit = await DeadLettersCommand.Create(Settings).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }

    /// <summary>Puts a listener's plays on the stream and returns their records, as the consumer's batch held them.</summary>
    private async Task<IReadOnlyList<StreamRecord>> OnTheStreamAsync(string user, int plays)
    {
        await _services.GetRequiredService<IEventStream>().AppendAsync(Enumerable.Range(0, plays).Select(n => TestEvents.Play(user, n)).ToList(), default);
        var reader = _services.GetRequiredService<IStreamReader>();
        var shard = (await reader.ListShardsAsync(default)).ShouldHaveSingleItem();
        IReadOnlyList<StreamRecord> records = [];
        // never checkpointed, so each read starts again from the shard's oldest record
        await Eventually.UntilAsync(async () =>
        {
            records = await reader.ReadAsync($"probe-{user}", shard, 1000, default);
            return records.Count(r => r.PartitionKey == user) == plays;
        }, $"{user}'s plays on the stream");
        return records.Where(r => r.PartitionKey == user).ToList();
    }

    /// <summary>What Lambda sends the on-failure destination when it gives up on a batch (the developer guide's example, our positions).</summary>
    private string FailureRecord(string shardId, string start, string end, int batchSize, string? streamArn = null) => new JsonObject
    {
        ["requestContext"] = new JsonObject
        {
            ["requestId"] = "c9b8fa9f-5a7f-xmpl-af9c-0c604cde93a5",
            ["functionArn"] = $"arn:aws:lambda:us-east-1:123456789012:function:recommender-{Consumer}",
            ["condition"] = "RetryAttemptsExhausted",
            ["approximateInvokeCount"] = 6,
        },
        ["responseContext"] = new JsonObject { ["statusCode"] = 200, ["executedVersion"] = "$LATEST", ["functionError"] = "Unhandled" },
        ["version"] = "1.0",
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["KinesisBatchInfo"] = new JsonObject
        {
            ["shardId"] = shardId,
            ["startSequenceNumber"] = start,
            ["endSequenceNumber"] = end,
            ["approximateArrivalOfFirstRecord"] = DateTimeOffset.UtcNow.AddMinutes(-2).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["approximateArrivalOfLastRecord"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["batchSize"] = batchSize,
            ["streamArn"] = streamArn ?? $"arn:aws:kinesis:us-east-1:123456789012:stream/{_stream}",
        },
    }.ToJsonString();

    private Task DeadLetterAsync(string body) => _lambda.SendMessageAsync(new SendMessageRequest { QueueUrl = _queueUrl, MessageBody = body });

    private Task<UserProfile?> ProfileAsync(string user) => _services.GetRequiredService<IProfileStore>().GetAsync(user, default);

    [Fact]
    public async Task a_dead_lettered_batch_is_read_back_from_the_stream_applied_once_and_its_message_deleted()
    {
        var records = await OnTheStreamAsync("dlq-listener", plays: 4);
        var batch = FailureRecord(records[0].ShardId, records[0].SequenceNumber, records[^1].SequenceNumber, records.Count);
        await DeadLetterAsync(batch);

        var list = await RunAsync("list");
        list.Exit.ShouldBe(0, list.Output);
        list.Output.ShouldContain($"{records[0].ShardId} {records[0].SequenceNumber}..{records[^1].SequenceNumber} batch of 4 RetryAttemptsExhausted");

        var redrive = await RunAsync("redrive", "--consumer", Consumer);
        redrive.Exit.ShouldBe(0, redrive.Output);
        redrive.Output.ShouldContain("redriven 1 message(s) (4 records), kept 0");
        (await ProfileAsync("dlq-listener"))!.Plays.ShouldBe(4);
        _sqs.Messages(_queueUrl).ShouldBeEmpty();

        // Lambda may dead-letter the same records twice (a retried, bisected batch): the second redrive counts nothing again
        await DeadLetterAsync(batch);
        var again = await RunAsync("redrive");
        again.Exit.ShouldBe(0, again.Output);
        again.Output.ShouldContain("redriven 1 message(s) (4 records), kept 0");
        (await ProfileAsync("dlq-listener"))!.Plays.ShouldBe(4);
        _sqs.Messages(_queueUrl).ShouldBeEmpty();
        _sqs.ModelViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_batch_whose_first_record_the_stream_no_longer_holds_is_kept_and_reported_and_nothing_of_it_applied()
    {
        var records = await OnTheStreamAsync("trimmed-listener", plays: 2);
        // the shard's starting position holds no record now: what AT_SEQUENCE_NUMBER meets once retention trimmed the batch
        var shard = (await _services.GetRequiredService<KinesisApi>().ListShardsAsync(new ListShardsRequest(_stream, null, null), default)).Shards.ShouldHaveSingleItem();
        await DeadLetterAsync(FailureRecord(shard.ShardId, shard.SequenceNumberRange!.StartingSequenceNumber, records[^1].SequenceNumber, 2));

        var redrive = await RunAsync("redrive");

        redrive.Exit.ShouldBe(1, redrive.Output);
        redrive.Output.ShouldContain("its records are past the stream's retention, not redriven");
        redrive.Output.ShouldContain("kept 1: 0 unreadable, 1 past the stream's retention, 0 failed again");
        (await ProfileAsync("trimmed-listener")).ShouldBeNull();
        _sqs.Messages(_queueUrl).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task a_message_that_is_no_failure_record_of_this_stream_is_named_on_one_line_and_kept()
    {
        var records = await OnTheStreamAsync("other-listener", plays: 1);
        await DeadLetterAsync("{not json");
        await DeadLetterAsync(FailureRecord(records[0].ShardId, records[0].SequenceNumber, records[0].SequenceNumber, 1, "arn:aws:kinesis:us-east-1:123456789012:stream/someone-elses"));
        await DeadLetterAsync(FailureRecord(records[0].ShardId, "49590338271490256608559692538361571095921575989136588898x", records[0].SequenceNumber, 1));

        var redrive = await RunAsync("redrive", "--consumer", Consumer);

        redrive.Exit.ShouldBe(1, redrive.Output);
        redrive.Output.Split('\n').Count(l => l.StartsWith("kept ", StringComparison.Ordinal) && l.Contains("unreadable: ")).ShouldBe(3, redrive.Output);
        redrive.Output.ShouldContain("not the stream " + _stream);
        redrive.Output.ShouldContain("kept 3: 3 unreadable");
        (await ProfileAsync("other-listener")).ShouldBeNull();
        _sqs.Messages(_queueUrl).Count.ShouldBe(3);
    }

    [Fact]
    public async Task a_consumer_without_a_queue_is_refused_and_no_queue_is_touched()
    {
        await DeadLetterAsync("{not json");

        var redrive = await RunAsync("redrive", "--consumer", "hot-path");

        redrive.Exit.ShouldBe(2, redrive.Output);
        redrive.Output.ShouldContain("no dead-letter queue for hot-path");
        _sqs.Messages(_queueUrl).ShouldHaveSingleItem().ReceiveCount.ShouldBe(0);
    }
}
