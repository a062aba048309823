using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.Contracts;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Aws.Tests.Contracts;

/// <summary>The stream contract on kinesalite, with the shard reader's checkpoints in dynalite; a fresh stream per test.</summary>
[Collection(StreamPeers.Name)]
public sealed class KinesisEventStreamContractTests(StreamPeersFixture peers) : EventStreamContract, IAsyncLifetime
{
    private readonly List<ServiceProvider> _services = [];

    protected override async Task<(IEventStream Stream, IStreamReader Reader)> CreateStreamAsync()
    {
        var services = AwsServices.Build(new()
        {
            ["Aws:CreateMissingResources"] = "true",
            ["Aws:Kinesis:ServiceUrl"] = peers.Kinesis.Url.ToString(),
            ["Aws:Kinesis:StreamName"] = AwsServices.UniqueName("contract"),
            ["Aws:Kinesis:ShardCount"] = "4",
            ["Aws:DynamoDb:ServiceUrl"] = peers.DynamoDb.Url.ToString(),
        });
        _services.Add(services);
        await AwsServices.StartAsync(services);
        return (services.GetRequiredService<IEventStream>(), services.GetRequiredService<IStreamReader>());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var services in _services) await services.DisposeAsync();
    }
}
