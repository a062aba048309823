using Microsoft.Extensions.DependencyInjection;
using Recommender.Core.Events;
using Recommender.Core.Recommendations;
using Recommender.Core.Streaming;
using StreamConsumers.Handlers;

namespace Recommender.Adapters.Aws.Tests.Personalize;

/// <summary>The hot path's handler on the Personalize tracker: what one refused PutEvents call fails, and what it does not.</summary>
public sealed class HotPathOnPersonalizeTests : PersonalizeTestBase
{
    private static List<StreamRecord> Records(IEnumerable<PlaybackEvent> events) => events
        .Select((e, n) => new StreamRecord("shardId-0", (1000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture), e.UserId,
            EventJson.Serialize(e), TestEvents.Start))
        .ToList();

    [Fact]
    public async Task one_users_refused_events_fail_only_their_records_and_the_rest_of_the_batch_goes_in()
    {
        Fake.RefusedUsers.Add("user-1");
        var events = TestEvents.Many(users: 3, perUser: 2);
        var records = Records(events);

        var result = await new HotPathHandler(Services.GetRequiredService<IInteractionTracker>()).HandleAsync(records, default);

        var failedUsers = result.BatchItemFailures.Select(f => records.Single(r => r.SequenceNumber == f.ItemIdentifier).PartitionKey).ToList();
        failedUsers.ShouldBe(["user-1", "user-1"]);
        result.BatchItemFailures.ShouldAllBe(f => f.Error.Contains("InvalidInputException"));
        Fake.PutEventsCalls.Select(c => c["userId"]!.GetValue<string>()).Order().ShouldBe(["user-0", "user-2"]);
    }

    [Fact]
    public async Task when_personalize_is_not_answering_the_calls_not_made_fail_too_and_are_left_for_the_retry()
    {
        Fake.ThrottleNext(1_000);
        var records = Records(TestEvents.Many(users: 3, perUser: 1));

        var result = await new HotPathHandler(Services.GetRequiredService<IInteractionTracker>()).HandleAsync(records, default);

        result.BatchItemFailures.Select(f => f.ItemIdentifier).Order().ShouldBe(records.Select(r => r.SequenceNumber).Order());
        Fake.PutEventsCalls.ShouldBeEmpty();
    }
}
