using Microsoft.Data.Sqlite;
using Recommender.Adapters.Local.Catalog;
using Recommender.Adapters.Local.Profiles;
using Recommender.Contracts;
using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Streaming;
using StreamConsumers.Handlers;

namespace StreamConsumers.Tests;

/// <summary>The profile aggregator and the catalog: event metadata fills the catalog's gaps, the catalog fills events' gaps.</summary>
public sealed class CatalogEnrichmentTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("catalog-enrichment-").FullName;
    private readonly SqliteProfileStore _profiles;
    private readonly SqliteTrackCatalog _catalog;
    private readonly ProfileAggregatorHandler _handler;
    private long _sequence;

    public CatalogEnrichmentTests()
    {
        _profiles = new SqliteProfileStore(Path.Combine(_directory, "profiles.db"));
        _catalog = new SqliteTrackCatalog(Path.Combine(_directory, "catalog.db"));
        _handler = new ProfileAggregatorHandler(_profiles, _catalog);
    }

    private Task<Recommender.Core.Consumers.BatchResult> HandleAsync(params PlaybackEvent[] events) =>
        _handler.HandleAsync(events.Select(e => new StreamRecord("shard-0", $"{Interlocked.Increment(ref _sequence):D10}", e.UserId,
            EventJson.Serialize(e), DateTimeOffset.UtcNow)).ToList(), CancellationToken.None);

    private static PlaybackEvent IdsOnly(string user, string track, int minute) => TestEvents.Listen(user, track, minute: minute) with { Track = null };

    [Fact]
    public async Task events_that_carry_only_ids_give_the_profile_artists_and_genres_from_the_catalog()
    {
        await _catalog.ImportAsync([
            new CatalogTrack { TrackId = "t-jazz", Name = "So What", Artists = [new ArtistRef { Name = "Miles Davis" }], Genres = ["jazz", "modal"], Source = CatalogSources.Import },
            new CatalogTrack { TrackId = "t-rock", Name = "Paranoid", Artists = [new ArtistRef { Name = "Black Sabbath" }], Genres = ["metal"], Source = CatalogSources.Import },
        ], CancellationToken.None);

        (await HandleAsync(IdsOnly("u1", "t-jazz", 1), IdsOnly("u1", "t-jazz", 2), IdsOnly("u1", "t-rock", 3), IdsOnly("u1", "t-unknown", 4)))
            .BatchItemFailures.ShouldBeEmpty();

        var profile = (await _profiles.GetAsync("u1", CancellationToken.None)).ShouldNotBeNull();
        profile.Plays.ShouldBe(4);
        profile.TopArtists(5).ShouldBe([new("Miles Davis", 2L), new("Black Sabbath", 1L)]);
        profile.TopGenres(5).ShouldBe([new("jazz", 2L), new("modal", 2L), new("metal", 1L)]);
    }

    [Fact]
    public async Task event_metadata_teaches_the_catalog_what_it_lacks_but_never_overwrites_an_import()
    {
        await _catalog.ImportAsync([new CatalogTrack { TrackId = "t-imported", Name = "Imported name", Genres = ["jazz"], Source = CatalogSources.Import }], CancellationToken.None);
        var e1 = TestEvents.Listen("u2", "t-imported", minute: 1, genre: "pop", artist: "Event Artist");
        var e2 = TestEvents.Listen("u2", "t-new", minute: 2, genre: "folk", artist: "Folk Singer");

        (await HandleAsync(e1, e2)).BatchItemFailures.ShouldBeEmpty();

        var imported = (await _catalog.GetAsync("t-imported", CancellationToken.None)).ShouldNotBeNull();
        imported.Name.ShouldBe("Imported name");
        imported.Genres.ShouldBe(["jazz"]);
        imported.Artists.Single().Name.ShouldBe("Event Artist", "the import had no artists: the event fills that gap");
        imported.Source.ShouldBe(CatalogSources.Import);
        var learned = (await _catalog.GetAsync("t-new", CancellationToken.None)).ShouldNotBeNull();
        learned.Name.ShouldBe("Track t-new");
        learned.Genres.ShouldBe(["folk"]);
        learned.Source.ShouldBe(CatalogSources.Events);
        var profile = (await _profiles.GetAsync("u2", CancellationToken.None))!;
        profile.TopGenres(5).Select(g => g.Key).ShouldBe(["folk", "pop"], ignoreOrder: true, "an event's own metadata counts as it came");
    }

    [Fact]
    public async Task an_ids_only_event_learns_from_an_event_with_metadata_in_the_same_batch()
    {
        (await HandleAsync(TestEvents.Listen("u3", "t-shared", minute: 1, genre: "soul", artist: "Singer"), IdsOnly("u4", "t-shared", 2)))
            .BatchItemFailures.ShouldBeEmpty();

        var profile = (await _profiles.GetAsync("u4", CancellationToken.None)).ShouldNotBeNull();
        profile.TopGenres(5).ShouldBe([new("soul", 1L)]);
        profile.TopArtists(5).ShouldBe([new("Singer", 1L)]);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
