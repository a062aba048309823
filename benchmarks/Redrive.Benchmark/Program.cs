// The AWS dead-letter redrive's speed: RECORDS plays of LISTENERS listeners put on a one-shard kinesalite stream, dead-lettered
// as the mapping's batches of 100 in the SQS fake (the on-failure records Lambda sends), then one `dead-letters redrive`
// of the profile aggregator into dynalite, timed; then the profiles are checked (every play counted once).
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Recommender.AllInOne.Commands;
using Recommender.AwsFakes.Kinesis;
using Recommender.AwsFakes.Sqs;
using Recommender.Contracts;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Core.Streaming;
using Recommender.Hosting;

var records = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000;
const int listeners = 500, batchSize = 100;
var credentials = new BasicAWSCredentials("S3RVER", "S3RVER");
Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "S3RVER");
Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "S3RVER");

await using var kinesis = await ValidatedKinesalite.StartAsync(credentials);
await using var dynamo = await NodePeer.StartAsync("dynalite");
await using var sqs = await FakeSqs.StartAsync(credentials);
var queueUrl = sqs.CreateQueue("recommender-profile-aggregator-dlq");
var stream = $"redrive-bench-{Guid.NewGuid():N}"[..30];
var settings = new Dictionary<string, string?>
{
    ["Recommender:Mode"] = "Aws",
    ["Aws:Region"] = "us-east-1",
    ["Aws:CreateMissingResources"] = "true",
    ["Aws:Kinesis:ServiceUrl"] = kinesis.Url.ToString(),
    ["Aws:Kinesis:StreamName"] = stream,
    ["Aws:Kinesis:ShardCount"] = "1",
    ["Aws:DynamoDb:ServiceUrl"] = dynamo.Url.ToString(),
    ["Aws:DynamoDb:TableName"] = $"{stream}-profiles",
    ["Aws:Sqs:ServiceUrl"] = sqs.Url.ToString(),
    ["Aws:Sqs:DeadLetterQueueUrls:profile-aggregator"] = queueUrl,
};
var services = new ServiceCollection().AddLogging().AddPlatformAdapters(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();
foreach (var hosted in services.GetServices<IHostedService>()) await hosted.StartAsync(default);

var start = DateTimeOffset.UtcNow.AddHours(-1);
var events = Enumerable.Range(0, records).Select(n => new PlaybackEvent
{
    EventId = $"e{n}", UserId = $"listener-{n % listeners}", TrackId = $"track-{n % 997}", EventType = EventTypes.Complete,
    OccurredAt = start.AddMilliseconds(n), MsPlayed = 180_000, TrackDurationMs = 200_000,
}).ToList();
foreach (var chunk in events.Chunk(500)) await services.GetRequiredService<IEventStream>().AppendAsync(chunk, default);
var reader = services.GetRequiredService<IStreamReader>();
var shard = (await reader.ListShardsAsync(default)).Single();
var onStream = new List<StreamRecord>();
while (onStream.Count < records)
{
    var read = await reader.ReadAsync("bench", shard, 10_000, default);
    if (read.Count == 0) continue;
    onStream.AddRange(read);
    await reader.CheckpointAsync("bench", shard, read[^1].SequenceNumber, default);
}

using var lambda = new AmazonSQSClient(credentials, new AmazonSQSConfig { ServiceURL = sqs.Url.ToString(), AuthenticationRegion = FakeSqs.Region });
var messages = onStream.Chunk(batchSize).Select(b => new JsonObject
{
    ["requestContext"] = new JsonObject { ["requestId"] = Guid.NewGuid().ToString(), ["functionArn"] = "arn:aws:lambda:us-east-1:123456789012:function:recommender-profile-aggregator", ["condition"] = "RetryAttemptsExhausted", ["approximateInvokeCount"] = 6 },
    ["responseContext"] = new JsonObject { ["statusCode"] = 200, ["executedVersion"] = "$LATEST", ["functionError"] = "Unhandled" },
    ["version"] = "1.0",
    ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
    ["KinesisBatchInfo"] = new JsonObject
    {
        ["shardId"] = shard, ["startSequenceNumber"] = b[0].SequenceNumber, ["endSequenceNumber"] = b[^1].SequenceNumber,
        ["approximateArrivalOfFirstRecord"] = b[0].ApproximateArrivalTimestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["approximateArrivalOfLastRecord"] = b[^1].ApproximateArrivalTimestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["batchSize"] = b.Length, ["streamArn"] = $"arn:aws:kinesis:us-east-1:123456789012:stream/{stream}",
    },
}.ToJsonString()).ToList();
foreach (var chunk in messages.Chunk(10))
    await lambda.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = queueUrl, Entries = chunk.Select((m, i) => new SendMessageBatchRequestEntry($"m{i}", m)).ToList() });

var output = new StringWriter();
var clock = Stopwatch.StartNew();
var exit = await DeadLettersCommand.Create(settings).Parse(["redrive"]).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
clock.Stop();
var summary = output.ToString().Split('\n').Last(l => l.StartsWith("profile-aggregator:", StringComparison.Ordinal));
var profiles = services.GetRequiredService<IProfileStore>();
long plays = 0;
for (var u = 0; u < listeners; u++) plays += (await profiles.GetAsync($"listener-{u}", default))?.Plays ?? 0;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"redrive: {messages.Count} messages of {batchSize} records, {records} records in {clock.Elapsed.TotalSeconds:F1} s = {records / clock.Elapsed.TotalSeconds:F0} records/s; exit {exit}; {summary.Trim()}"));
Console.WriteLine($"check: {plays} plays counted of {records}; {sqs.Messages(queueUrl).Count} messages left in the queue; {sqs.ModelViolations.Count} model violations");
return exit == 0 && plays == records && sqs.Messages(queueUrl).Count == 0 ? 0 : 1;
