using Recommender.Core.Recommendations;
using Recommender.Engine.Serving;
using Recommender.Engine.Training;

namespace Recommender.Engine.Tests;

/// <summary>The per-listener candidate cache: a cached answer is the one a fresh scoring gives, and the listener's next event or a
/// model swap makes the next request score afresh. A request with explain=true always scores afresh, so it is the oracle here.</summary>
public sealed class CandidateCacheTests
{
    private static RecommendationQuery Ask(string user, RecommendationFilters? filters = null) =>
        new() { UserId = user, NumResults = 10, Filters = filters ?? new RecommendationFilters() };

    private static async Task<IReadOnlyList<(string, double)>> ServedAsync(EmbeddedRecommender engine, RecommendationQuery query) =>
        (await engine.RecommendAsync(query, default)).Items.Select(i => (i.TrackId, i.Score)).ToList();

    private static Task<IReadOnlyList<(string, double)>> FreshAsync(EmbeddedRecommender engine, RecommendationQuery query) =>
        ServedAsync(engine, query with { Explain = true });

    [Fact]
    public async Task a_repeated_request_is_answered_from_the_listeners_candidates_as_a_fresh_scoring_would()
    {
        using var engine = await Trained.EngineAsync();
        var first = await ServedAsync(engine, Ask("u0-1"));

        var second = await ServedAsync(engine, Ask("u0-1"));

        engine.CandidateCacheCounts.Hits.ShouldBe(1);
        second.ShouldBe(first);
        second.ShouldBe(await FreshAsync(engine, Ask("u0-1")));
    }

    [Fact]
    public async Task a_listeners_next_request_reflects_their_last_event()
    {
        using var engine = await Trained.EngineAsync();
        var before = await ServedAsync(engine, Ask("u0-1"));
        before.Count(t => t.Item1.StartsWith("g2-", StringComparison.Ordinal)).ShouldBe(0, "a genre-0 listener gets genre 0");

        await engine.TrackAsync(Enumerable.Range(0, 24).Select(t => Events.Listen("u0-1", genre: 2, track: t % 12, minute: 100 + t)).ToList(), default);
        var hits = engine.CandidateCacheCounts.Hits;
        var after = await ServedAsync(engine, Ask("u0-1"));

        engine.CandidateCacheCounts.Hits.ShouldBe(hits, "the listener changed, so the request scored afresh");
        after.Count(t => t.Item1.StartsWith("g2-", StringComparison.Ordinal)).ShouldBeGreaterThan(0);
        after.ShouldBe(await FreshAsync(engine, Ask("u0-1")));
    }

    [Fact]
    public async Task a_model_swap_makes_the_next_request_score_afresh()
    {
        using var engine = await Trained.EngineAsync();
        var before = await ServedAsync(engine, Ask("u1-3"));
        var (matrix, items) = engine.TrainingSnapshot();

        engine.Swap(ModelTrainer.Train(matrix, items, new TrainingOptions { FactorWeight = 0 }), 2);
        var hits = engine.CandidateCacheCounts.Hits;
        var after = await ServedAsync(engine, Ask("u1-3"));

        engine.CandidateCacheCounts.Hits.ShouldBe(hits);
        after.ShouldNotBe(before, "the graph-only model scores differently");
        after.ShouldBe(await FreshAsync(engine, Ask("u1-3")));
    }

    [Fact]
    public async Task filters_the_cached_candidates_cannot_satisfy_are_answered_by_a_fresh_scoring()
    {
        using var engine = await Trained.EngineAsync();
        await ServedAsync(engine, Ask("u0-1"));
        var otherGenre = new RecommendationFilters { IncludeGenres = [Events.Genre(3)] };

        var filtered = await ServedAsync(engine, Ask("u0-1", otherGenre));

        filtered.ShouldNotBeEmpty();
        filtered.ShouldAllBe(t => t.Item1.StartsWith("g3-"));
        filtered.ShouldBe(await FreshAsync(engine, Ask("u0-1", otherGenre)));
    }
}
