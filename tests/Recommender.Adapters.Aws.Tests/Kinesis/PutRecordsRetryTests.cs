using Recommender.Contracts;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Recommender.AwsFakes;
using Recommender.Contracts.AwsModels;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Aws.Tests.Kinesis;

/// <summary>
/// kinesalite never refuses single records, so a Kinesis stand-in that throttles chosen partition keys
/// (as a hot shard does: FailedRecordCount and per-record ProvisionedThroughputExceededException) shows
/// that only the refused records are sent again.
/// </summary>
public sealed class PutRecordsRetryTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<List<string>> _calls = new();
    private readonly ConcurrentDictionary<string, int> _refusalsLeft = new();
    private int _serverErrorsLeft;
    private AwsFakeEndpoint _kinesis = null!;

    // the stand-in answers only what AWS's Kinesis model lets through, and in its output shape
    public async Task InitializeAsync() => _kinesis = await AwsFakeEndpoint.StartAsync([AwsServiceModel.Load("kinesis-2013-12-02")],
        "ValidationException", "us-east-1", AwsServices.TestCredentials, PutRecords);

    public async Task DisposeAsync() => await _kinesis.DisposeAsync();

    private Task<JsonObject?> PutRecords(AwsCall call)
    {
        if (Interlocked.Decrement(ref _serverErrorsLeft) >= 0) throw new AwsFault(500, "InternalFailure", "Internal Service Failure");
        call.Operation.Name.ShouldBe("PutRecords");
        var keys = call.Input["Records"]!.AsArray().Select(r => r!["PartitionKey"]!.GetValue<string>()).ToList();
        _calls.Enqueue(keys);
        var results = new JsonArray();
        var failed = 0;
        foreach (var key in keys)
        {
            if (_refusalsLeft.TryGetValue(key, out var left) && left > 0)
            {
                _refusalsLeft[key] = left - 1;
                failed++;
                results.Add(new JsonObject
                {
                    ["ErrorCode"] = "ProvisionedThroughputExceededException",
                    ["ErrorMessage"] = "Rate exceeded for shard shardId-000000000001 in stream events under account 111111111111.",
                });
            }
            else results.Add(new JsonObject { ["SequenceNumber"] = "49543463076548007577105092703039560359975228518395012686", ["ShardId"] = "shardId-000000000000" });
        }
        return Task.FromResult<JsonObject?>(new JsonObject { ["FailedRecordCount"] = failed, ["Records"] = results });
    }

    private ServiceProvider Services(int maxPutAttempts) => AwsServices.Build(new()
    {
        ["Aws:Kinesis:ServiceUrl"] = _kinesis.Url.ToString(),
        ["Aws:Kinesis:StreamName"] = "events",
        ["Aws:Kinesis:MaxPutAttempts"] = maxPutAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    [Fact]
    public async Task only_the_refused_records_are_sent_again()
    {
        _refusalsLeft["user-2"] = 4; // each of the user's two records is refused twice
        await using var services = Services(maxPutAttempts: 5);
        var events = TestEvents.Many(users: 4, perUser: 2);

        (await services.GetRequiredService<IEventStream>().AppendAsync(events, default)).Appended.ShouldBe(8);

        var calls = _calls.ToList();
        calls.Count.ShouldBe(3);
        calls[0].Count.ShouldBe(8);
        calls[1].ShouldBe(["user-2", "user-2"]);
        calls[2].ShouldBe(["user-2", "user-2"]);
    }

    [Fact]
    public async Task records_still_refused_after_the_budget_make_the_stream_unavailable_as_throttled()
    {
        _refusalsLeft["user-1"] = 100;
        await using var services = Services(maxPutAttempts: 3);

        var e = await Should.ThrowAsync<StreamUnavailableException>(
            () => services.GetRequiredService<IEventStream>().AppendAsync(TestEvents.Many(users: 3, perUser: 1), default));

        e.Throttled.ShouldBeTrue();
        e.Message.ShouldContain("1 records were still refused");
        _calls.Count.ShouldBe(3);
    }

    [Fact]
    public async Task a_server_error_is_retried_and_the_batch_goes_in()
    {
        _serverErrorsLeft = 2;
        await using var services = Services(maxPutAttempts: 1);

        (await services.GetRequiredService<IEventStream>().AppendAsync(TestEvents.Many(users: 2, perUser: 2), default)).Appended.ShouldBe(4);

        _calls.Single().Count.ShouldBe(4);
    }

    [Fact]
    public async Task a_request_with_a_bad_signature_is_refused_with_the_aws_error_code()
    {
        await using var services = AwsServices.Build(new()
        {
            ["Aws:Kinesis:ServiceUrl"] = _kinesis.Url.ToString(),
            ["Aws:Kinesis:StreamName"] = "events",
        }, s => s.AddSingleton<Amazon.Runtime.AWSCredentials>(new Amazon.Runtime.BasicAWSCredentials(
            AwsServices.TestCredentials.GetCredentials().AccessKey, "not-the-secret")));

        var e = await Should.ThrowAsync<Exception>(
            () => services.GetRequiredService<IEventStream>().AppendAsync([TestEvents.Play("u", 1)], default));
        e.ShouldBeOfType<Aws.Protocol.AwsServiceException>().ErrorCode.ShouldBe("InvalidSignatureException");
        ((Aws.Protocol.AwsServiceException)e).RequestId.ShouldNotBeNullOrEmpty();
        _calls.ShouldBeEmpty();
    }
}
