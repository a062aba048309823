using Recommender.Adapters.Local.Catalog;
using Recommender.Contracts;
using Recommender.Core.Catalog;

namespace Recommender.Adapters.Local.Tests;

/// <summary>The local catalog: one table of catalog.db.</summary>
public sealed class SqliteTrackCatalogTests : TrackCatalogContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<ITrackCatalog> CatalogAsync() =>
        Task.FromResult<ITrackCatalog>(new SqliteTrackCatalog(Path.Combine(_dir.Path, "catalog.db")));

    [Fact]
    public async Task the_catalog_outlives_the_process_that_wrote_it()
    {
        var path = Path.Combine(_dir.Path, "kept.db");
        await new SqliteTrackCatalog(path).ImportAsync([Imported("kept")], CancellationToken.None);

        var read = await new SqliteTrackCatalog(path).GetAsync($"{Prefix}-kept", CancellationToken.None);

        read.ShouldNotBeNull().Name.ShouldBe("So What");
    }

    public void Dispose() => _dir.Dispose();
}
