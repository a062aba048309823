using Recommender.Core.Catalog;
using Recommender.Core.Events;

namespace Recommender.Contracts;

/// <summary>What every track catalog must do, whatever keeps it: each store's test class runs these against its own.</summary>
public abstract class TrackCatalogContract
{
    protected abstract Task<ITrackCatalog> CatalogAsync();

    /// <summary>A prefix so tests sharing a store (dynalite) never see each other's tracks.</summary>
    protected string Prefix { get; } = TestEvents.Unique("cat");

    protected CatalogTrack Imported(string id, string name = "So What", params string[] genres) => new()
    {
        TrackId = $"{Prefix}-{id}",
        Name = name,
        Artists = [new ArtistRef { Name = "Miles Davis" }, new ArtistRef { Id = "a-2", Name = "John Coltrane" }],
        Album = "Kind of Blue",
        Genres = genres.Length == 0 ? ["jazz", "cool jazz"] : genres,
        ReleaseYear = 1959,
        DurationMs = 562_000,
        Popularity = 73,
        Explicit = false,
        AudioFeatures = new Dictionary<string, double> { ["danceability"] = 0.43, ["energy"] = 0.21, ["tempo"] = 136.7, ["key"] = 2 },
        Source = CatalogSources.Import,
    };

    protected CatalogTrack Learned(string id, string? name = "Learned", string? genre = "rock") => new()
    {
        TrackId = $"{Prefix}-{id}",
        Name = name,
        Artists = [new ArtistRef { Id = "x-1", Name = "Someone Else" }],
        Genres = genre is null ? [] : [genre],
        DurationMs = 200_000,
        AudioFeatures = new Dictionary<string, double> { ["energy"] = 0.9 },
        Source = CatalogSources.Events,
    };

    [Fact]
    public async Task an_imported_track_reads_back_whole()
    {
        var catalog = await CatalogAsync();
        var track = Imported("t1");

        await catalog.ImportAsync([track], CancellationToken.None);
        var read = (await catalog.GetAsync(track.TrackId, CancellationToken.None)).ShouldNotBeNull();

        read.Name.ShouldBe("So What");
        read.Artists.Select(a => (a.Id, a.Name)).ShouldBe([(null, "Miles Davis"), ("a-2", "John Coltrane")]);
        read.Album.ShouldBe("Kind of Blue");
        read.Genres.ShouldBe(["jazz", "cool jazz"]);
        read.ReleaseYear.ShouldBe(1959);
        read.DurationMs.ShouldBe(562_000);
        read.Popularity.ShouldBe(73);
        read.Explicit.ShouldBe(false);
        read.AudioFeatures.ShouldBe(track.AudioFeatures, ignoreOrder: true);
        read.Source.ShouldBe(CatalogSources.Import);
        read.AddedAt.ShouldNotBeNull();
        (await catalog.GetAsync($"{Prefix}-unknown", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task a_reimport_replaces_every_field_but_keeps_when_the_track_was_added()
    {
        var catalog = await CatalogAsync();
        await catalog.ImportAsync([Imported("t1")], CancellationToken.None);
        var first = (await catalog.GetAsync($"{Prefix}-t1", CancellationToken.None))!;

        await catalog.ImportAsync([new CatalogTrack { TrackId = $"{Prefix}-t1", Name = "So What (live)", Genres = ["bebop"], Source = CatalogSources.Import }], CancellationToken.None);
        var read = (await catalog.GetAsync($"{Prefix}-t1", CancellationToken.None))!;

        read.Name.ShouldBe("So What (live)");
        read.Genres.ShouldBe(["bebop"]);
        read.Artists.ShouldBeEmpty("an import replaces the entry: fields it leaves empty are empty");
        read.Album.ShouldBeNull();
        read.AudioFeatures.ShouldBeEmpty();
        read.Popularity.ShouldBeNull();
        read.AddedAt.ShouldBe(first.AddedAt);
    }

    [Fact]
    public async Task events_never_overwrite_an_imported_value_but_fill_what_it_left_empty()
    {
        var catalog = await CatalogAsync();
        var imported = Imported("t1") with { Album = null, ReleaseYear = null };
        await catalog.ImportAsync([imported], CancellationToken.None);

        await catalog.LearnAsync([Learned("t1") with { Album = "From an event", ReleaseYear = 2001 }], CancellationToken.None);
        var read = (await catalog.GetAsync($"{Prefix}-t1", CancellationToken.None))!;

        read.Name.ShouldBe("So What");
        read.Artists.Select(a => a.Name).ShouldBe(["Miles Davis", "John Coltrane"]);
        read.Genres.ShouldBe(["jazz", "cool jazz"]);
        read.DurationMs.ShouldBe(562_000);
        read.AudioFeatures["energy"].ShouldBe(0.21);
        read.Source.ShouldBe(CatalogSources.Import);
        read.Album.ShouldBe("From an event");
        read.ReleaseYear.ShouldBe(2001);
    }

    [Fact]
    public async Task an_unknown_track_is_learned_from_events_and_later_events_only_fill_gaps()
    {
        var catalog = await CatalogAsync();

        await catalog.LearnAsync([Learned("t2", genre: null)], CancellationToken.None);
        await catalog.LearnAsync([Learned("t2", name: "Another name", genre: "indie")], CancellationToken.None);
        var read = (await catalog.GetAsync($"{Prefix}-t2", CancellationToken.None)).ShouldNotBeNull();

        read.Name.ShouldBe("Learned");
        read.Genres.ShouldBe(["indie"]);
        read.Artists.Single().Name.ShouldBe("Someone Else");
        read.Artists.Single().Id.ShouldBe("x-1");
        read.Source.ShouldBe(CatalogSources.Events);
        read.AddedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task an_import_replaces_what_events_taught()
    {
        var catalog = await CatalogAsync();
        await catalog.LearnAsync([Learned("t3")], CancellationToken.None);

        await catalog.ImportAsync([Imported("t3", "Imported name", "soul")], CancellationToken.None);
        var read = (await catalog.GetAsync($"{Prefix}-t3", CancellationToken.None))!;

        read.Name.ShouldBe("Imported name");
        read.Genres.ShouldBe(["soul"]);
        read.Source.ShouldBe(CatalogSources.Import);
    }

    [Fact]
    public async Task many_tracks_are_read_by_id_and_all_of_them_in_a_scan()
    {
        var catalog = await CatalogAsync();
        var tracks = Enumerable.Range(0, 130).Select(i => Imported($"m{i:D3}", $"Song {i}")).ToList();
        await catalog.ImportAsync(tracks, CancellationToken.None);
        await catalog.LearnAsync([Learned("m-learned")], CancellationToken.None);

        var some = await catalog.GetManyAsync([.. tracks.Take(120).Select(t => t.TrackId), $"{Prefix}-m-learned", $"{Prefix}-nope"], CancellationToken.None);
        var all = new List<CatalogTrack>();
        await foreach (var t in catalog.ReadAllAsync(CancellationToken.None))
            if (t.TrackId.StartsWith(Prefix, StringComparison.Ordinal)) all.Add(t);

        some.Count.ShouldBe(121);
        some[$"{Prefix}-m007"].Name.ShouldBe("Song 7");
        some.ContainsKey($"{Prefix}-nope").ShouldBeFalse();
        all.Count.ShouldBe(131);
        all.Select(t => t.TrackId).ShouldBeUnique();
    }

    [Fact]
    public async Task learning_the_same_metadata_twice_changes_nothing()
    {
        var catalog = await CatalogAsync();
        await catalog.LearnAsync([Learned("t4")], CancellationToken.None);
        var once = (await catalog.GetAsync($"{Prefix}-t4", CancellationToken.None))!;

        await catalog.LearnAsync([Learned("t4"), Learned("t4")], CancellationToken.None);
        var twice = (await catalog.GetAsync($"{Prefix}-t4", CancellationToken.None))!;

        twice.Name.ShouldBe(once.Name);
        twice.Genres.ShouldBe(once.Genres);
        twice.AddedAt.ShouldBe(once.AddedAt);
    }

    [Fact]
    public async Task text_with_quotes_commas_and_unicode_survives()
    {
        var catalog = await CatalogAsync();
        var track = Imported("t5", "Don't Stop Me Now, \"live\" — Ünïcødé 日本") with { Artists = [new ArtistRef { Name = "Queen; & friends" }] };

        await catalog.ImportAsync([track], CancellationToken.None);
        var read = (await catalog.GetAsync(track.TrackId, CancellationToken.None))!;

        read.Name.ShouldBe(track.Name);
        read.Artists.Single().Name.ShouldBe("Queen; & friends");
    }
}
