using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.Contracts;
using Recommender.Core.Profiles;

namespace Recommender.Adapters.Aws.Tests.Contracts;

/// <summary>The profile store contract on dynalite; one table per test class, users unique per test.</summary>
[Collection(DynamoDbPeer.Name)]
public sealed class DynamoDbProfileStoreContractTests(DynaliteFixture dynalite) : ProfileStoreContract, IAsyncLifetime
{
    private readonly string _table = AwsServices.UniqueName("contract-profiles");
    private readonly List<ServiceProvider> _services = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var services in _services) await services.DisposeAsync();
    }

    protected override async Task<IProfileStore> CreateStoreAsync(TimeProvider? clock = null, TimeSpan? deduplicationWindow = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Aws:CreateMissingResources"] = "true",
            ["Aws:DynamoDb:ServiceUrl"] = dynalite.Peer.Url.ToString(),
            ["Aws:DynamoDb:TableName"] = _table,
        };
        if (deduplicationWindow is { } window) settings["Aws:DynamoDb:DeduplicationWindow"] = window.ToString("c");
        var services = AwsServices.Build(settings, more => { if (clock is not null) more.AddSingleton(clock); });
        _services.Add(services);
        await AwsServices.StartAsync(services);
        return services.GetRequiredService<IProfileStore>();
    }
}
