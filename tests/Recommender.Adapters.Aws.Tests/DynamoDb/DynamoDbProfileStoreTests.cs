using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.Core.Events;
using Recommender.Core.Profiles;

namespace Recommender.Adapters.Aws.Tests.DynamoDb;

[Collection(DynamoDbPeer.Name)]
public sealed class DynamoDbProfileStoreTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private readonly string _table = AwsServices.UniqueName("profiles");
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = AwsServices.Build(new()
        {
            ["Aws:CreateMissingResources"] = "true",
            ["Aws:DynamoDb:ServiceUrl"] = dynalite.Peer.Url.ToString(),
            ["Aws:DynamoDb:TableName"] = _table,
            ["Aws:DynamoDb:AppliedEventWindow"] = "50",
        });
        await AwsServices.StartAsync(_services);
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    private IProfileStore Store => _services.GetRequiredService<IProfileStore>();

    [Fact]
    public async Task a_batch_is_folded_into_one_item_per_user()
    {
        var events = TestEvents.Many(users: 3, perUser: 4);
        (await Store.ApplyAsync(events, default)).ShouldBe(12);

        var profile = (await Store.GetAsync("user-1", default)).ShouldNotBeNull();
        var expected = new UserProfile { UserId = "user-1" };
        foreach (var e in events.Where(e => e.UserId == "user-1")) ProfileAggregator.Apply(expected, e);
        profile.Plays.ShouldBe(4);
        profile.Completes.ShouldBe(expected.Completes);
        profile.ListeningMs.ShouldBe(expected.ListeningMs);
        profile.ArtistCounts.ShouldBe(expected.ArtistCounts, ignoreOrder: true);
        profile.RecentTracks.Select(t => t.EventId).ShouldBe(expected.RecentTracks.Select(t => t.EventId));
        profile.HourHistogram.ShouldBe(expected.HourHistogram);
        profile.LastSeen.ShouldBe(expected.LastSeen);
    }

    [Fact]
    public async Task a_redelivered_batch_counts_once()
    {
        var events = TestEvents.Many(users: 2, perUser: 5);
        await Store.ApplyAsync(events, default);
        (await Store.ApplyAsync(events, default)).ShouldBe(0);
        (await Store.ApplyAsync([.. events.Take(3), TestEvents.Play("user-0", 99)], default)).ShouldBe(1);
        (await Store.GetAsync("user-0", default))!.Plays.ShouldBe(6);
    }

    [Fact]
    public async Task concurrent_writers_of_one_user_lose_no_event()
    {
        var batches = Enumerable.Range(0, 8).Select(b => Enumerable.Range(0, 5).Select(n => TestEvents.Play("busy", b * 100 + n)).ToList()).ToList();
        var applied = await Task.WhenAll(batches.Select(batch => Task.Run(() => Store.ApplyAsync(batch, default))));
        applied.Sum().ShouldBe(40);
        (await Store.GetAsync("busy", default))!.Plays.ShouldBe(40);
    }

    [Fact]
    public async Task the_item_keeps_a_bounded_window_of_applied_event_ids_and_a_version()
    {
        for (var round = 0; round < 3; round++)
            await Store.ApplyAsync(Enumerable.Range(round * 30, 30).Select(n => TestEvents.Play("long", n)).ToList(), default);

        var dynamo = new AmazonDynamoDBClient(AwsServices.TestCredentials, new AmazonDynamoDBConfig { ServiceURL = dynalite.Peer.Url.ToString(), AuthenticationRegion = "us-east-1" });
        var item = (await dynamo.GetItemAsync(_table, new() { ["user_id"] = new AttributeValue { S = "long" } })).Item;
        item["version"].N.ShouldBe("3");
        item["applied_events"].M.Count.ShouldBe(50, "at most Aws:DynamoDb:AppliedEventWindow ids, the newest");
        item["applied_events"].M.Keys.ShouldContain("long-e89");
        item["applied_events"].M.Keys.ShouldNotContain("long-e0");
    }

    [Fact]
    public async Task an_item_of_the_first_layout_still_refuses_its_applied_ids()
    {
        var first = TestEvents.Play("veteran", 1);
        await Store.ApplyAsync([first], default);
        var dynamo = new AmazonDynamoDBClient(AwsServices.TestCredentials, new AmazonDynamoDBConfig { ServiceURL = dynalite.Peer.Url.ToString(), AuthenticationRegion = "us-east-1" });
        var item = (await dynamo.GetItemAsync(_table, new() { ["user_id"] = new AttributeValue { S = "veteran" } })).Item;
        item.Remove("applied_events");
        item["applied_event_ids"] = new AttributeValue { L = [new AttributeValue { S = first.EventId }] };
        await dynamo.PutItemAsync(_table, item);

        (await Store.ApplyAsync([first, TestEvents.Play("veteran", 2)], default)).ShouldBe(1);

        var upgraded = (await dynamo.GetItemAsync(_table, new() { ["user_id"] = new AttributeValue { S = "veteran" } })).Item;
        upgraded.ShouldNotContainKey("applied_event_ids");
        upgraded["applied_events"].M.Keys.ShouldBe([first.EventId, TestEvents.Play("veteran", 2).EventId], ignoreOrder: true);
        (await Store.GetAsync("veteran", default))!.Plays.ShouldBe(2);
    }

    [Fact]
    public async Task an_unknown_user_has_no_profile()
    {
        (await Store.GetAsync("nobody", default)).ShouldBeNull();
    }
}
