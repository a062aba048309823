using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.Contracts;
using Recommender.Core.Catalog;

namespace Recommender.Adapters.Aws.Tests.Contracts;

/// <summary>The track catalog contract on dynalite, composed as the AWS adapters compose it (the table made by CreateMissingResources).</summary>
[Collection(DynamoDbPeer.Name)]
public sealed class DynamoDbTrackCatalogContractTests(DynaliteFixture dynalite) : TrackCatalogContract, IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = AwsServices.Build(new()
        {
            ["Aws:CreateMissingResources"] = "true",
            ["Aws:DynamoDb:ServiceUrl"] = dynalite.Peer.Url.ToString(),
            ["Aws:DynamoDb:TableName"] = AwsServices.UniqueName("catalog-profiles"),
        });
        await AwsServices.StartAsync(_services);
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    protected override Task<ITrackCatalog> CatalogAsync() => Task.FromResult(_services.GetRequiredService<ITrackCatalog>());
}
