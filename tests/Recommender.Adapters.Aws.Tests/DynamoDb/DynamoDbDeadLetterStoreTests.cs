using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.Contracts;
using Recommender.Core.Consumers;

namespace Recommender.Adapters.Aws.Tests.DynamoDb;

/// <summary>The dead-letter store contract on dynalite; a table per test.</summary>
[Collection(DynamoDbPeer.Name)]
public sealed class DynamoDbDeadLetterStoreTests(DynaliteFixture dynalite) : DeadLetterStoreContract, IAsyncLifetime
{
    private readonly List<ServiceProvider> _services = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var services in _services) await services.DisposeAsync();
    }

    protected override async Task<IDeadLetterStore> CreateStoreAsync(TimeProvider clock)
    {
        var services = AwsServices.Build(new()
        {
            ["Aws:CreateMissingResources"] = "true",
            ["Aws:DynamoDb:ServiceUrl"] = dynalite.Peer.Url.ToString(),
            ["Aws:DynamoDb:TableName"] = AwsServices.UniqueName("profiles"),
        }, more => more.AddSingleton(clock));
        _services.Add(services);
        await AwsServices.StartAsync(services);
        return services.GetRequiredService<IDeadLetterStore>();
    }
}
