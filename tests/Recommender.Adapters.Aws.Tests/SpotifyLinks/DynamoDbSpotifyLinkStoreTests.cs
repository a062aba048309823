using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.Core.SpotifyLinks;

namespace Recommender.Adapters.Aws.Tests.SpotifyLinks;

/// <summary>
/// The Spotify link store contract on dynalite, composed as the AWS adapters compose it (the table made by
/// CreateMissingResources), plus what DynamoDB needs conditional writes for: one Spotify account, one listener.
/// </summary>
[Collection(DynamoDbPeer.Name)]
public sealed class DynamoDbSpotifyLinkStoreTests(DynaliteFixture dynalite) : SpotifyLinkStoreContract, IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = AwsServices.Build(new()
        {
            ["Aws:CreateMissingResources"] = "true",
            ["Aws:DynamoDb:ServiceUrl"] = dynalite.Peer.Url.ToString(),
            ["Aws:DynamoDb:TableName"] = AwsServices.UniqueName("links-profiles"),
        });
        await AwsServices.StartAsync(_services);
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    protected override Task<ISpotifyLinkStore> StoreAsync() => Task.FromResult(_services.GetRequiredService<ISpotifyLinkStore>());

    private static SpotifyLink Link(string user, string account) => new()
    {
        UserId = user, AccountId = account, SealedTokens = [9], LinkedAt = Now,
    };

    [Fact]
    public async Task a_spotify_account_linked_to_one_listener_is_refused_to_another_until_unlinked()
    {
        var store = await StoreAsync();
        await store.LinkAsync(Link("u-1", "acc-1"), CancellationToken.None);

        await Should.ThrowAsync<InvalidOperationException>(() => store.LinkAsync(Link("u-2", "acc-1"), CancellationToken.None));
        (await store.GetAsync("u-2", CancellationToken.None)).ShouldBeNull();

        await store.UnlinkAsync("u-1", CancellationToken.None);
        await store.LinkAsync(Link("u-2", "acc-1"), CancellationToken.None);
        (await store.FindUserOfAccountAsync("acc-1", CancellationToken.None)).ShouldBe("u-2");
    }

    [Fact]
    public async Task a_listener_who_links_another_account_frees_the_first()
    {
        var store = await StoreAsync();
        await store.LinkAsync(Link("u-1", "acc-1"), CancellationToken.None);
        await store.LinkAsync(Link("u-1", "acc-2") with { LinkedAt = Now.AddMinutes(1) }, CancellationToken.None);

        (await store.FindUserOfAccountAsync("acc-1", CancellationToken.None)).ShouldBeNull();
        (await store.FindUserOfAccountAsync("acc-2", CancellationToken.None)).ShouldBe("u-1");
        await store.LinkAsync(Link("u-2", "acc-1"), CancellationToken.None);
        (await store.ListAsync(CancellationToken.None)).Select(l => (l.UserId, l.AccountId)).ShouldBe([("u-1", "acc-2"), ("u-2", "acc-1")]);
    }

    [Fact]
    public async Task unlinking_drops_the_listeners_connects_in_flight()
    {
        var store = await StoreAsync();
        await store.LinkAsync(Link("u-1", "acc-1"), CancellationToken.None);
        await store.SavePendingAsync(new PendingAuthorization("s-1", "u-1", "v", "https://x/v1/spotify/callback", Now.AddMinutes(10)), CancellationToken.None);
        await store.SavePendingAsync(new PendingAuthorization("s-2", "u-2", "v", "https://x/v1/spotify/callback", Now.AddMinutes(10)), CancellationToken.None);

        await store.UnlinkAsync("u-1", CancellationToken.None);

        (await store.TakePendingAsync("s-1", Now, CancellationToken.None)).ShouldBeNull();
        (await store.TakePendingAsync("s-2", Now, CancellationToken.None)).ShouldNotBeNull();
    }
}
