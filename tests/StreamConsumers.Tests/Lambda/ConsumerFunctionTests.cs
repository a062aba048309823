using Recommender.AwsFakes.Lambda;
using Recommender.Contracts;
using Recommender.Core.Events;

namespace StreamConsumers.Tests.Lambda;

/// <summary>
/// Each consumer as its Lambda function runs it: the real app, in Aws mode, with exactly the environment the Pulumi program
/// gives that function (datasets/deployment/consumer-environment.json), behind the Lambda Web Adapter double.
/// </summary>
public sealed class ConsumerFunctionTests(ConsumerSinks sinks) : IClassFixture<ConsumerSinks>
{
    private static string Batch(string user, int count) => KinesisEvents.Of(Enumerable.Range(0, count).Select(i => new KinesisBatchRecord(
        $"4959033827149025660855969253836157109592157598913658{8800 + i}",
        EventJson.Serialize(TestEvents.Listen(user, $"track-{i}", minute: i)), user)));

    [Theory]
    [InlineData("hot-path")]
    [InlineData("profile-aggregator")]
    [InlineData("archive")]
    public async Task each_consumer_function_writes_its_own_sink_and_no_other(string consumer)
    {
        await using var function = await sinks.StartFunctionAsync(consumer);
        var user = TestEvents.Unique("listener");

        var (invocation, outcome) = await function.InvokeAsync(Batch(user, 3));

        outcome.Result.ShouldBe(KinesisBatchResult.Success, $"{invocation}\n{function.Output}");
        (await sinks.SinksHolding(user)).ShouldBe([consumer], function.Output);
    }

    [Fact]
    public async Task an_event_the_function_cannot_read_fails_the_invocation_under_the_deployed_adapter_settings()
    {
        await using var function = await sinks.StartFunctionAsync("profile-aggregator");

        var invocation = await function.Adapter.InvokeAsync("""{"Records": [{"kinesis": {"data": "e30="}}]}""", function.Name);

        KinesisBatchOutcome.Of(invocation, []).Result.ShouldBe(KinesisBatchResult.Failure, $"{invocation}\n{function.Output}");
    }
}
