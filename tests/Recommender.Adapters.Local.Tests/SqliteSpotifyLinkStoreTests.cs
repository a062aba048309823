using Recommender.Adapters.Local.SpotifyLinks;
using Recommender.Contracts;
using Recommender.Core.SpotifyLinks;

namespace Recommender.Adapters.Local.Tests;

/// <summary>The local link store: one SQLite file under the data folder.</summary>
public sealed class SqliteSpotifyLinkStoreTests : SpotifyLinkStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<SqliteSpotifyLinkStore> _stores = [];

    protected override Task<ISpotifyLinkStore> StoreAsync()
    {
        var store = new SqliteSpotifyLinkStore(Path.Combine(_dir.Path, "spotify-links.db"));
        _stores.Add(store);
        return Task.FromResult<ISpotifyLinkStore>(store);
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        _dir.Dispose();
    }
}
