using Microsoft.Extensions.DependencyInjection;
using Recommender.Core.Builds;
using Recommender.Core.Catalog;
using Recommender.Core.Catalog.Import;
using Recommender.Core.Events;

namespace DatasetBuilder.Tests;

/// <summary>ITEMS from the catalog: every catalog track, played or not, with the catalog's artist, genres, year and sound.</summary>
public sealed class CatalogItemsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task items_list_every_catalog_track_played_or_not_with_the_catalogs_metadata()
    {
        var events = Archives.Simulate(3_000);
        await Archives.WriteAsync(_dir.Path, events);
        var played = events[0].TrackId;
        await using var builder = new LocalBuilder(_dir.Path);
        await builder.Services.GetRequiredService<ITrackCatalog>().ImportAsync([
            new CatalogTrack
            {
                TrackId = "never-played", Name = "So What", Artists = [new ArtistRef { Name = "Miles Davis" }], Genres = ["jazz", "modal|cool"],
                ReleaseYear = 1959, AudioFeatures = new Dictionary<string, double> { ["danceability"] = 0.43, ["energy"] = 0.21, ["valence"] = 0.3, ["tempo"] = 136.7 },
                Source = CatalogSources.Import,
            },
            new CatalogTrack { TrackId = played, Name = "Imported", Genres = ["imported-genre"], Source = CatalogSources.Import },
        ], CancellationToken.None);

        var run = await builder.RunAsync("r1");

        run.Status.ShouldBe(RunStatus.Succeeded, run.Report);
        var rows = CsvRecords.Read(new StringReader(await File.ReadAllTextAsync(builder.DatasetFile("r1", "items.csv")))).ToList();
        var header = rows[0].Fields.ToList();
        var items = rows.Skip(1).ToDictionary(r => r.Fields[header.IndexOf("ITEM_ID")], r => r.Fields);
        string Field(string id, string column) => items[id][header.IndexOf(column)];

        items.Count.ShouldBe(events.Select(e => e.TrackId).Distinct().Count() + 1);
        Field("never-played", "ARTIST").ShouldBe("Miles Davis");
        Field("never-played", "GENRES").ShouldBe("jazz|modal/cool");
        Field("never-played", "RELEASE_YEAR").ShouldBe("1959");
        Field("never-played", "ENERGY").ShouldBe("0.21");
        Field("never-played", "TEMPO").ShouldBe("136.7");
        long.Parse(Field("never-played", "CREATION_TIMESTAMP")).ShouldBeGreaterThan(0);
        Field(played, "GENRES").ShouldBe("imported-genre", "the catalog's metadata wins over what events carried");
        long.Parse(Field(played, "CREATION_TIMESTAMP")).ShouldBeLessThanOrEqualTo(events.Where(e => e.TrackId == played).Min(e => e.OccurredAt).ToUnixTimeSeconds(),
            "a played track dates from its first sighting when that came before its catalog entry");
    }
}
