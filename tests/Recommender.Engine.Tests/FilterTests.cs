using Recommender.Core.Events;
using Recommender.Core.Recommendations;

namespace Recommender.Engine.Tests;

public class FilterTests
{
    private static async Task<(Serving.EmbeddedRecommender Engine, RecommendationList List)> RecommendAsync(RecommendationFilters filters, int n = 60)
    {
        var engine = await Trained.EngineAsync();
        await engine.TrackAsync([
            Events.Listen("listener", 1, 1, minute: 1), Events.Listen("listener", 1, 2, minute: 2),
            Events.Listen("listener", 1, 3, EventTypes.Skip, minute: 3), Events.Listen("listener", 2, 1, minute: 4),
        ], default);
        var list = await engine.RecommendAsync(new RecommendationQuery { UserId = "listener", NumResults = n, Filters = filters }, default);
        return (engine, list);
    }

    [Fact]
    public async Task played_tracks_are_excluded_by_default()
    {
        var (engine, list) = await RecommendAsync(new RecommendationFilters());
        using var _ = engine;
        list.Items.Select(i => i.TrackId).ShouldNotContain(Events.Track(1, 1));
        list.Items.Select(i => i.TrackId).ShouldNotContain(Events.Track(1, 3));
        list.Items.Count.ShouldBe(60);
    }

    [Fact]
    public async Task played_tracks_can_come_back_but_skipped_ones_stay_out()
    {
        var (engine, list) = await RecommendAsync(new RecommendationFilters { ExcludePlayed = false, ExcludeSkipped = true }, n: 120);
        using var _ = engine;
        var ids = list.Items.Select(i => i.TrackId).ToList();
        ids.ShouldContain(Events.Track(1, 1));
        ids.ShouldNotContain(Events.Track(1, 3));
    }

    [Fact]
    public async Task include_genres_keeps_only_those_genres()
    {
        var (engine, list) = await RecommendAsync(new RecommendationFilters { IncludeGenres = [Events.Genre(3)] });
        using var _ = engine;
        list.Items.ShouldNotBeEmpty();
        list.Items.ShouldAllBe(i => i.TrackId.StartsWith("g3-"));
    }

    [Fact]
    public async Task exclude_genres_removes_those_genres()
    {
        var (engine, list) = await RecommendAsync(new RecommendationFilters { ExcludeGenres = [Events.Genre(1), "GENRE-2"] });
        using var _ = engine;
        list.Items.ShouldNotBeEmpty();
        list.Items.ShouldAllBe(i => !i.TrackId.StartsWith("g1-") && !i.TrackId.StartsWith("g2-"));
    }

    [Fact]
    public async Task include_and_exclude_artists_filter_by_artist()
    {
        var (engine, only) = await RecommendAsync(new RecommendationFilters { IncludeArtists = [Events.Artist(1, 0)] });
        using var _ = engine;
        only.Items.ShouldNotBeEmpty();
        only.Items.ShouldAllBe(i => Events.Artist(1, int.Parse(i.TrackId.Split("-t")[1])) == Events.Artist(1, 0) && i.TrackId.StartsWith("g1-"));

        var without = await engine.RecommendAsync(new RecommendationQuery
        {
            UserId = "listener", NumResults = 100, Filters = new RecommendationFilters { ExcludeArtists = [Events.Artist(1, 0)] },
        }, default);
        without.Items.ShouldNotContain(i => i.TrackId.StartsWith("g1-") && int.Parse(i.TrackId.Split("-t")[1]) % 5 == 0);
    }

    [Fact]
    public async Task an_unknown_genre_filter_matches_nothing()
    {
        var (engine, list) = await RecommendAsync(new RecommendationFilters { IncludeGenres = ["polka"] });
        using var _ = engine;
        list.Items.ShouldBeEmpty();
    }
}
