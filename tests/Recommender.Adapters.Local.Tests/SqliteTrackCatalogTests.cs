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

    [Fact]
    public async Task a_gap_is_filled_by_learning_even_after_the_row_was_read_and_kept_in_memory()
    {
        var catalog = new SqliteTrackCatalog(Path.Combine(_dir.Path, "gaps.db"));
        await catalog.LearnAsync([Learned("g", genre: null)], CancellationToken.None);
        (await catalog.GetAsync($"{Prefix}-g", CancellationToken.None)).ShouldNotBeNull().Genres.ShouldBeEmpty();

        await catalog.LearnAsync([Learned("g", name: "Other name", genre: "rock")], CancellationToken.None);
        var read = (await catalog.GetAsync($"{Prefix}-g", CancellationToken.None)).ShouldNotBeNull();

        read.Genres.ShouldBe(["rock"]);
        read.Name.ShouldBe("Learned", "learning never replaces a value");
        (await new SqliteTrackCatalog(Path.Combine(_dir.Path, "gaps.db")).GetAsync($"{Prefix}-g", CancellationToken.None))!.Genres.ShouldBe(["rock"]);
    }

    [Fact]
    public async Task learning_what_the_catalog_already_holds_changes_nothing_on_file()
    {
        var path = Path.Combine(_dir.Path, "same.db");
        var catalog = new SqliteTrackCatalog(path);
        await catalog.ImportAsync([Imported("s")], CancellationToken.None);

        await catalog.LearnAsync([Learned("s"), Learned("new")], CancellationToken.None);

        var fresh = new SqliteTrackCatalog(path);
        (await fresh.GetAsync($"{Prefix}-s", CancellationToken.None))!.Name.ShouldBe("So What");
        (await fresh.GetAsync($"{Prefix}-new", CancellationToken.None)).ShouldNotBeNull().Source.ShouldBe(CatalogSources.Events);
    }

    public void Dispose() => _dir.Dispose();
}
