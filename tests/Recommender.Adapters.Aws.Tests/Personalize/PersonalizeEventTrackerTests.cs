using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Personalize;
using Recommender.Adapters.Aws.Protocol;
using Recommender.AwsFakes.Personalize;
using Recommender.Core.Recommendations;

namespace Recommender.Adapters.Aws.Tests.Personalize;

public sealed class PersonalizeEventTrackerTests : PersonalizeTestBase
{
    private IInteractionTracker Tracker => Services.GetRequiredService<IInteractionTracker>();

    [Fact]
    public async Task a_session_of_23_events_goes_in_calls_of_at_most_10()
    {
        var events = Enumerable.Range(0, 23).Select(n => TestEvents.Play("listener", n, sessionId: "s-1")).ToList();

        await Tracker.TrackAsync(events, default);

        var calls = Fake.PutEventsCalls.ToList();
        calls.Select(c => c["eventList"]!.AsArray().Count).ShouldBe([10, 10, 3]);
        calls.ShouldAllBe(c => c["userId"]!.GetValue<string>() == "listener" && c["sessionId"]!.GetValue<string>() == "s-1");
        calls.SelectMany(c => c["eventList"]!.AsArray()).Select(e => e!["eventId"]!.GetValue<string>())
            .ShouldBe(events.Select(e => e.EventId));
    }

    [Fact]
    public async Task an_event_carries_the_fraction_played_the_item_the_time_and_its_properties()
    {
        var e = TestEvents.Play("listener", 3);

        await Tracker.TrackAsync([e], default);

        var sent = Fake.PutEventsCalls.Single()["eventList"]![0]!.AsObject();
        sent["eventType"]!.GetValue<string>().ShouldBe("complete");
        sent["eventValue"]!.GetValue<double>().ShouldBe(0.6, tolerance: 1e-9);
        sent["itemId"]!.GetValue<string>().ShouldBe(e.TrackId);
        sent["sentAt"]!.GetValue<double>().ShouldBe(e.OccurredAt.ToUnixTimeSeconds());
        var properties = JsonNode.Parse(sent["properties"]!.GetValue<string>())!.AsObject();
        properties["hourOfDay"]!.GetValue<string>().ShouldBe("18");
        properties["contextType"]!.GetValue<string>().ShouldBe("playlist");
        // no session id from the producer: the deterministic one Personalize needs is filled in
        Fake.PutEventsCalls.Single()["sessionId"]!.GetValue<string>().ShouldStartWith("auto-");
    }

    [Fact]
    public async Task each_user_gets_their_own_calls()
    {
        await Tracker.TrackAsync(TestEvents.Many(users: 3, perUser: 2), default);

        Fake.PutEventsCalls.Select(c => c["userId"]!.GetValue<string>()).Order().ShouldBe(["user-0", "user-1", "user-2"]);
    }

    [Fact]
    public async Task throttling_is_retried_until_personalize_takes_the_events()
    {
        Fake.ThrottleNext(2);

        await Tracker.TrackAsync([TestEvents.Play("listener", 1)], default);

        Fake.PutEventsCalls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task personalize_refuses_more_than_10_events_in_one_call()
    {
        var client = Services.GetRequiredService<AwsSdkClients>().JsonClient(PersonalizeEndpoints.Events(FakePersonalize.Region, Fake.Url.ToString()));
        var eleven = Enumerable.Range(0, 11).Select(n => PersonalizeEventTracker.ToPersonalize(TestEvents.Play("u", n))).ToList();

        var e = await Should.ThrowAsync<AwsServiceException>(() => client.PostAsync("/events",
            new PutEventsRequest(FakePersonalize.TrackingId, "u", "s", eleven),
            PersonalizeJsonContext.Default.PutEventsRequest, PersonalizeJsonContext.Default.PersonalizeEmptyResponse, default));

        e.ErrorCode.ShouldBe("InvalidInputException");
        e.Status.ShouldBe(System.Net.HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task an_unknown_tracking_id_fails_with_resource_not_found_and_the_request_id()
    {
        await using var services = Peers.AwsServices.Build(new()
        {
            ["Aws:Personalize:ServiceUrl"] = Fake.Url.ToString(),
            ["Aws:Personalize:TrackingId"] = "not-a-tracker",
        });

        var e = await Should.ThrowAsync<EventsRefusedException>(
            () => services.GetRequiredService<IInteractionTracker>().TrackAsync([TestEvents.Play("u", 1)], default));

        var refused = e.Refused.ShouldHaveSingleItem();
        refused.EventId.ShouldBe("u-e1");
        refused.Error.ShouldContain("404 ResourceNotFoundException");
        refused.Error.ShouldNotContain("request id none");
    }

    [Fact]
    public async Task a_request_signed_for_another_region_is_refused()
    {
        await using var services = Peers.AwsServices.Build(new()
        {
            ["Aws:Region"] = "eu-west-1",
            ["Aws:Personalize:ServiceUrl"] = Fake.Url.ToString(),
            ["Aws:Personalize:TrackingId"] = FakePersonalize.TrackingId,
        });

        var e = await Should.ThrowAsync<EventsRefusedException>(
            () => services.GetRequiredService<IInteractionTracker>().TrackAsync([TestEvents.Play("u", 1)], default));

        e.Refused.ShouldHaveSingleItem().Error.ShouldContain("InvalidSignatureException");
        Fake.PutEventsCalls.ShouldBeEmpty();
    }
}
