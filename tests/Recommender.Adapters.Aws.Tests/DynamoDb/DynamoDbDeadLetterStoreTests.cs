using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.Core.Consumers;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Aws.Tests.DynamoDb;

[Collection(DynamoDbPeer.Name)]
public sealed class DynamoDbDeadLetterStoreTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = AwsServices.Build(new()
        {
            ["Aws:CreateMissingResources"] = "true",
            ["Aws:DynamoDb:ServiceUrl"] = dynalite.Peer.Url.ToString(),
            ["Aws:DynamoDb:TableName"] = AwsServices.UniqueName("profiles"),
        });
        await AwsServices.StartAsync(_services);
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    private static StreamRecord Record(string sequence, string data) =>
        new("shardId-000000000001", sequence, "user-1", Encoding.UTF8.GetBytes(data), DateTimeOffset.UtcNow);

    [Fact]
    public async Task a_dead_letter_keeps_the_record_and_why_per_consumer()
    {
        var store = _services.GetRequiredService<IDeadLetterStore>();
        await store.AddAsync("profile-aggregator", Record("100", "{not json"), "not a contract-v1 event", 5, default);
        await store.AddAsync("hot-path", Record("101", "{}"), "ThrottlingException", 5, default);
        await store.AddAsync("profile-aggregator", Record("100", "{not json"), "still not an event", 6, default);

        var letters = await store.ListAsync("profile-aggregator", 10, default);
        var letter = letters.ShouldHaveSingleItem();
        (letter.ShardId, letter.SequenceNumber, letter.Error, letter.Attempts, letter.Data)
            .ShouldBe(("shardId-000000000001", "100", "still not an event", 6, "{not json"));
        (await store.ListAsync(null, 10, default)).Count.ShouldBe(2);
    }
}
