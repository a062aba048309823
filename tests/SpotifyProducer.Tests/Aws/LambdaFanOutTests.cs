using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Recommender.AwsFakes.Kinesis;
using Recommender.AwsFakes.Kms;
using Recommender.AwsFakes.Lambda;
using Recommender.AwsFakes.Sqs;
using Recommender.Contracts;
using Spotify.Fakes;

namespace SpotifyProducer.Tests;

/// <summary>
/// The hosted producer as deployed on AWS, on local peers: links in dynalite, tokens sealed by the KMS fake, plays put on
/// kinesalite (behind the Kinesis model check), the schedule's fan-out onto an SQS FIFO queue (the SQS fake, checked
/// against AWS's sqs model) with its dead-letter queue, and Lambda's event source mapping delivering the messages to
/// POST /events through the Lambda Web Adapter's rules.
/// </summary>
public sealed class LambdaFanOutTests : IAsyncLifetime
{
    private static readonly Amazon.Runtime.BasicAWSCredentials Credentials = new("AKIDLOCALTEST", "local-test-secret");
    private NodePeer _dynamo = null!;
    private ValidatedKinesalite _kinesis = null!;
    private FakeKms _kms = null!;
    private FakeSqs _sqs = null!;

    public async Task InitializeAsync()
    {
        var dynamo = NodePeer.StartAsync("dynalite");
        var kinesis = ValidatedKinesalite.StartAsync(Credentials);
        _kms = await FakeKms.StartAsync(Credentials);
        _sqs = await FakeSqs.StartAsync(Credentials);
        _dynamo = await dynamo;
        _kinesis = await kinesis;
    }

    public async Task DisposeAsync()
    {
        await _dynamo.DisposeAsync();
        await _kinesis.DisposeAsync();
        await _kms.DisposeAsync();
        await _sqs.DisposeAsync();
    }

    [Fact]
    public async Task a_scheduled_round_polls_each_account_through_the_queue_and_only_the_failing_one_reaches_the_dead_letter_queue()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var spotify = await FakeSpotify.StartAsync(clock);
        var deadLetters = _sqs.CreateQueue("spotify-polls-dlq.fifo");
        var queue = _sqs.CreateQueue("spotify-polls.fifo", deadLetters, maxReceiveCount: 3);
        _kms.CreateKey("alias/spotify-tokens");
        await using var host = new HostedProducer(spotify, clock, new Dictionary<string, string?>
        {
            ["Recommender:Mode"] = "Aws",
            ["Aws:Region"] = "us-east-1",
            ["Aws:CreateMissingResources"] = "true",
            ["Aws:RetryBaseDelay"] = "00:00:00.010",
            ["Aws:Kinesis:ServiceUrl"] = _kinesis.Url.ToString(),
            ["Aws:Kinesis:StreamName"] = "spotify-plays",
            ["Aws:Kinesis:ShardCount"] = "1",
            ["Aws:DynamoDb:ServiceUrl"] = _dynamo.Url.ToString(),
            ["Aws:DynamoDb:TableName"] = "profiles",
            ["Aws:Kms:ServiceUrl"] = _kms.Url.ToString(),
            ["Aws:Kms:TokenKeyId"] = "alias/spotify-tokens",
            ["Aws:Sqs:ServiceUrl"] = _sqs.Url.ToString(),
            ["Aws:Sqs:SpotifyPollQueueUrl"] = queue,
        }, Credentials);
        using var browser = host.Browser();
        var port = browser.BaseAddress!.Port;
        using var function = new LambdaWebAdapter(LambdaWebAdapterSettings.From(new Dictionary<string, string>
        {
            ["AWS_LWA_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AWS_LWA_READINESS_CHECK_PATH"] = "/healthz",
            ["AWS_LWA_ERROR_STATUS_CODES"] = "500-599",
        }));
        var mapping = new SqsEventSource(_sqs, queue, function);

        var throttled = spotify.Default;
        var failing = spotify.AddAccount("listener-bob");
        var healthy = spotify.AddAccount("listener-carol");
        await Linking.LinkAsync(browser, spotify, throttled, "u-alice");
        await Linking.LinkAsync(browser, spotify, failing, "u-bob");
        await Linking.LinkAsync(browser, spotify, healthy, "u-carol");
        var t0 = clock.GetUtcNow();
        Linking.Played(throttled, t0, "a1", "a2");
        Linking.Played(failing, t0, "b1", "b2");
        Linking.Played(healthy, t0, "c1", "c2", "c3");
        clock.Advance(TimeSpan.FromMinutes(4));
        throttled.RetryAfterSeconds = 120;
        throttled.ApiFaults.Enqueue(429);
        failing.PersistentFault = 500;

        // The schedule fires; Lambda retries the invocation once: each account is enqueued once.
        var fanOut = await function.InvokeAsync("""{"action":"fan-out","scheduled_time":"2026-12-07T20:00:00Z"}""", "spotify-fan-out");
        fanOut.FunctionError.ShouldBeFalse(fanOut.ErrorMessage);
        fanOut.Payload!["enqueued"]!.GetValue<int>().ShouldBe(3);
        (await function.InvokeAsync("""{"action":"fan-out","scheduled_time":"2026-12-07T20:00:00Z"}""", "spotify-fan-out")).FunctionError.ShouldBeFalse();
        _sqs.Messages(queue).Select(m => m.GroupId).ShouldBe(["u-alice", "u-bob", "u-carol"]);

        var deliveries = await mapping.DrainAsync();

        deliveries.SelectMany(d => d.Deleted).Select(m => m.GroupId).ShouldBe(["u-alice", "u-carol"], ignoreOrder: true);
        _sqs.Messages(queue).ShouldBeEmpty();
        _sqs.Messages(deadLetters).ShouldHaveSingleItem().GroupId.ShouldBe("u-bob");
        (await host.ReadStreamAsync()).Select(e => (e.UserId, e.TrackId)).ShouldBe([("u-carol", "c1"), ("u-carol", "c2"), ("u-carol", "c3")], ignoreOrder: true);
        (await Status(browser, "u-alice"))["retry_after"].ShouldNotBeNull();
        (await Status(browser, "u-bob"))["last_error"]!.GetValue<string>().ShouldContain("500");

        // The next round, Spotify well again and alice's Retry-After past: the missing plays arrive, nothing twice.
        clock.Advance(TimeSpan.FromSeconds(121));
        failing.PersistentFault = null;
        (await function.InvokeAsync("""{"action":"fan-out","scheduled_time":"2026-12-07T20:10:00Z"}""", "spotify-fan-out")).Payload!["enqueued"]!.GetValue<int>().ShouldBe(3);
        await mapping.DrainAsync();

        (await host.ReadStreamAsync()).Select(e => (e.UserId, e.TrackId)).ShouldBe(
            [("u-alice", "a1"), ("u-alice", "a2"), ("u-bob", "b1"), ("u-bob", "b2"), ("u-carol", "c1"), ("u-carol", "c2"), ("u-carol", "c3")], ignoreOrder: true);
        _sqs.Refused.ShouldBeEmpty();
        _kms.Refused.ShouldBeEmpty();
        _sqs.ModelViolations.ShouldBeEmpty();
        _kms.ModelViolations.ShouldBeEmpty();
        _kinesis.Refused.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_poll_message_that_names_no_account_fails_alone_and_the_fan_out_without_a_queue_fails_the_invocation()
    {
        await using var spotify = await FakeSpotify.StartAsync();
        _kms.CreateKey("alias/spotify-tokens");
        await using var host = new HostedProducer(spotify, new ManualClock(DateTimeOffset.UtcNow), new Dictionary<string, string?>
        {
            ["Recommender:Mode"] = "Aws",
            ["Aws:Region"] = "us-east-1",
            ["Aws:CreateMissingResources"] = "true",
            ["Aws:DynamoDb:ServiceUrl"] = _dynamo.Url.ToString(),
            ["Aws:DynamoDb:TableName"] = "profiles-2",
            ["Aws:Kinesis:ServiceUrl"] = _kinesis.Url.ToString(),
            ["Aws:Kinesis:StreamName"] = "spotify-plays-2",
            ["Aws:Kms:ServiceUrl"] = _kms.Url.ToString(),
            ["Aws:Kms:TokenKeyId"] = "alias/spotify-tokens",
        }, Credentials);
        using var browser = host.Browser();
        var events = """
            {"Records":[
              {"messageId":"m-1","body":"not json","attributes":{"MessageGroupId":"g-1"},"eventSource":"aws:sqs"},
              {"messageId":"m-2","body":"{\"user_id\":\"u-nobody\"}","attributes":{"MessageGroupId":"g-2"},"eventSource":"aws:sqs"},
              {"messageId":"m-3","body":"{\"user_id\":\"u-other\"}","attributes":{"MessageGroupId":"g-1"},"eventSource":"aws:sqs"}
            ]}
            """;
        using var batch = await browser.PostAsync("/events", new StringContent(events, System.Text.Encoding.UTF8, "application/json"));
        var failures = (await batch.Content.ReadFromJsonAsync<JsonObject>())!["batchItemFailures"]!.AsArray();
        // m-2 names an unlinked user: nothing to poll, done; m-3 waits behind m-1 in its group
        failures.Select(f => f!["itemIdentifier"]!.GetValue<string>()).ShouldBe(["m-1", "m-3"]);

        using var fanOut = await browser.PostAsync("/events", new StringContent("""{"action":"fan-out"}""", System.Text.Encoding.UTF8, "application/json"));
        ((int)fanOut.StatusCode).ShouldBe(500);
        (await fanOut.Content.ReadAsStringAsync()).ShouldContain("Aws:Sqs:SpotifyPollQueueUrl");
    }

    private static async Task<JsonObject> Status(HttpClient browser, string userId) =>
        (await browser.GetFromJsonAsync<JsonObject>($"/v1/spotify/link/{userId}"))!;
}
