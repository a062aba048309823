using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.Contracts;
using Recommender.Core.Profiles;

namespace Recommender.Adapters.Aws.Tests.Contracts;

/// <summary>The profile store contract on dynalite; one table per test class, users unique per test.</summary>
[Collection(DynamoDbPeer.Name)]
public sealed class DynamoDbProfileStoreContractTests(DynaliteFixture dynalite) : ProfileStoreContract, IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = AwsServices.Build(new()
        {
            ["Aws:CreateMissingResources"] = "true",
            ["Aws:DynamoDb:ServiceUrl"] = dynalite.Peer.Url.ToString(),
            ["Aws:DynamoDb:TableName"] = AwsServices.UniqueName("contract-profiles"),
        });
        await AwsServices.StartAsync(_services);
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    protected override Task<IProfileStore> CreateStoreAsync() => Task.FromResult(_services.GetRequiredService<IProfileStore>());
}
