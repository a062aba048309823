using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Kinesis;
using Recommender.Adapters.Aws.Protocol;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.AwsFakes.Kinesis;
using Recommender.Contracts.AwsModels;

namespace Recommender.Adapters.Aws.Tests.Models;

/// <summary>The model checks the fakes and the Kinesis proxy run: AWS's models from npm aws-sdk plus the API reference's limits.</summary>
public sealed class AwsModelTests
{
    private static readonly AwsServiceModel Events = AwsServiceModel.Load("personalize-events-2018-03-22");

    private static JsonObject PutEvents(int events, string userId = "listener", JsonNode? sentAt = null) => new()
    {
        ["trackingId"] = "t-1",
        ["userId"] = userId,
        ["sessionId"] = "s-1",
        ["eventList"] = new JsonArray(Enumerable.Range(0, events).Select(n => (JsonNode)new JsonObject
        {
            ["eventType"] = "play", ["itemId"] = $"track-{n}", ["sentAt"] = sentAt?.DeepClone() ?? 1732196645.5,
        }).ToArray()),
    };

    [Theory]
    [InlineData("kinesis-2013-12-02", "json", "kinesis")]
    [InlineData("personalize-2018-05-22", "json", "personalize")]
    [InlineData("personalize-events-2018-03-22", "rest-json", "personalize")]
    [InlineData("personalize-runtime-2018-05-22", "rest-json", "personalize")]
    public void each_model_loads_with_limits_that_name_members_it_has(string uid, string protocol, string signingName)
    {
        var model = AwsServiceModel.Load(uid);

        model.Protocol.ShouldBe(protocol);
        model.SigningName.ShouldBe(signingName);
        model.Operations.Count.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void the_operation_comes_from_x_amz_target_or_from_method_and_path()
    {
        AwsServiceModel.Load("kinesis-2013-12-02").Find("POST", "/", "Kinesis_20131202.PutRecords")!.Name.ShouldBe("PutRecords");
        AwsServiceModel.Load("kinesis-2013-12-02").Find("POST", "/", "Kinesis_20131202.NoSuchThing").ShouldBeNull();
        AwsServiceModel.Load("personalize-runtime-2018-05-22").Find("POST", "/recommendations", null)!.Name.ShouldBe("GetRecommendations");
        Events.Find("POST", "/events", null)!.Name.ShouldBe("PutEvents");
        Events.Find("POST", "/events", "AmazonPersonalize.PutEvents").ShouldBeNull();
    }

    [Fact]
    public void a_request_within_the_model_and_its_limits_passes()
    {
        Events.Operation("PutEvents").CheckInput(PutEvents(10)).Passed.ShouldBeTrue();
    }

    [Fact]
    public void every_limit_a_request_breaks_is_named_as_aws_names_it()
    {
        var check = Events.Operation("PutEvents").CheckInput(PutEvents(11, userId: new string('u', 257)));

        check.SerializationProblems.ShouldBeEmpty();
        check.ConstraintMessage().ShouldStartWith("2 validation errors detected: ");
        check.ConstraintProblems.ShouldContain("Value at 'userId' failed to satisfy constraint: Member must have length less than or equal to 256");
        check.ConstraintProblems.ShouldContain("Value at 'eventList' failed to satisfy constraint: Member must have length less than or equal to 10");
    }

    [Fact]
    public void a_timestamp_is_epoch_seconds_and_a_string_in_its_place_does_not_read()
    {
        var check = Events.Operation("PutEvents").CheckInput(PutEvents(1, sentAt: "2026-11-21T18:04:05Z"));

        check.SerializationProblems.ShouldHaveSingleItem().ShouldContain("epoch seconds");
    }

    [Fact]
    public void an_unknown_member_a_missing_required_one_and_a_wrong_type_are_named()
    {
        var request = PutEvents(1);
        request["eventList"]![0]!["sent_at"] = 1.0;
        request["eventList"]![0]!.AsObject().Remove("sentAt");
        request["eventList"]![0]!["eventValue"] = "0.5";
        request.Remove("sessionId");

        var check = Events.Operation("PutEvents").CheckInput(request);

        check.SerializationProblems.ShouldContain("'eventList[0].sent_at': the model has no such member");
        check.SerializationProblems.ShouldContain("'eventList[0].eventValue': expected a float (a JSON number)");
        check.ConstraintProblems.ShouldContain("Value at 'eventList[0].sentAt' failed to satisfy constraint: Member must not be null");
        check.ConstraintProblems.ShouldContain("Value at 'sessionId' failed to satisfy constraint: Member must not be null");
    }

    [Fact]
    public void a_pattern_an_enum_and_a_map_key_are_checked()
    {
        var runtime = AwsServiceModel.Load("personalize-runtime-2018-05-22").Operation("GetRecommendations");
        var check = runtime.CheckInput(new JsonObject
        {
            ["campaignArn"] = "not-an-arn", ["userId"] = "u", ["filterValues"] = new JsonObject { ["-.-"] = "\"x\"" },
        });
        check.ConstraintProblems.ShouldContain(p => p.StartsWith("Value at 'campaignArn' failed to satisfy constraint: Member must satisfy regular expression pattern"));
        check.ConstraintProblems.ShouldContain(p => p.StartsWith("Value at 'filterValues{-.-}'"));

        AwsServiceModel.Load("kinesis-2013-12-02").Operation("GetShardIterator")
            .CheckInput(new JsonObject { ["StreamName"] = "s", ["ShardId"] = "shardId-0", ["ShardIteratorType"] = "OLDEST" })
            .ConstraintProblems.ShouldHaveSingleItem().ShouldContain("enum value set");
    }

    [Fact]
    public void an_answer_off_the_output_shape_is_caught()
    {
        var list = AwsServiceModel.Load("personalize-2018-05-22").Operation("ListSolutionVersions");

        list.CheckOutput(new JsonObject { ["solutionVersions"] = new JsonArray(new JsonObject { ["creationDateTime"] = 1732196645.123 }) }).Passed.ShouldBeTrue();
        list.CheckOutput(new JsonObject { ["solutionVersions"] = new JsonArray(new JsonObject { ["creationDateTime"] = "2026-11-21T18:04:05Z" }) })
            .SerializationProblems.ShouldHaveSingleItem().ShouldContain("epoch seconds");
    }

    [Fact]
    public async Task a_kinesis_request_the_model_refuses_never_reaches_kinesalite()
    {
        await using var kinesis = await ValidatedKinesalite.StartAsync(AwsServices.TestCredentials);
        await using var services = AwsServices.Build(new() { ["Aws:Kinesis:ServiceUrl"] = kinesis.Url.ToString() });
        var client = services.GetRequiredService<AwsSdkClients>().JsonClient(KinesisApi.Endpoint("us-east-1", kinesis.Url.ToString()));
        var tooLong = new PutRecordsRequest("events", [new PutRecordsRequestEntry([1, 2, 3], new string('k', 257))]);

        var e = await Should.ThrowAsync<AwsServiceException>(() => client.CallAsync("PutRecords", tooLong,
            KinesisJsonContext.Default.PutRecordsRequest, KinesisJsonContext.Default.PutRecordsResponse, default));

        e.ErrorCode.ShouldBe("ValidationException");
        e.ServiceMessage.ShouldContain("Records[0].PartitionKey");
        kinesis.Calls.ShouldBeEmpty();
        kinesis.Refused.ShouldHaveSingleItem().ShouldStartWith("PutRecords: ValidationException");
    }
}
