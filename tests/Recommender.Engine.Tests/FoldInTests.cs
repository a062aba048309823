using Recommender.Core.Recommendations;

namespace Recommender.Engine.Tests;

public class FoldInTests
{
    [Fact]
    public async Task new_events_change_the_next_recommendations_without_a_retrain()
    {
        using var engine = await Trained.EngineAsync();
        await engine.TrackAsync([Events.Listen("switcher", 0, 1, minute: 100), Events.Listen("switcher", 0, 2, minute: 101)], default);
        var before = await engine.RecommendAsync(new RecommendationQuery { UserId = "switcher", NumResults = 10 }, default);
        before.Items.Count(i => i.TrackId.StartsWith("g0-")).ShouldBeGreaterThanOrEqualTo(8);

        await engine.TrackAsync(Enumerable.Range(0, 8).Select(t => Events.Listen("switcher", 2, t, minute: 200 + t)).ToList(), default);
        var after = await engine.RecommendAsync(new RecommendationQuery { UserId = "switcher", NumResults = 10 }, default);

        engine.ModelVersion.ShouldBe(1);
        after.Items.Count(i => i.TrackId.StartsWith("g2-")).ShouldBeGreaterThanOrEqualTo(6);
    }

    [Fact]
    public async Task a_user_gets_personal_recommendations_after_the_first_event()
    {
        using var engine = await Trained.EngineAsync();
        await engine.TrackAsync([Events.Listen("first-timer", 3, 4)], default);

        var list = await engine.RecommendAsync(new RecommendationQuery { UserId = "first-timer", NumResults = 10 }, default);

        list.Items.ShouldAllBe(i => i.TrackId.StartsWith("g3-"));
    }

    [Fact]
    public async Task a_redelivered_event_counts_once()
    {
        using var engine = new Serving.EmbeddedRecommender();
        var e = Events.Listen("u", 1, 1);
        await engine.TrackAsync([e], default);
        await engine.TrackAsync([e, e], default);

        engine.EventsTracked.ShouldBe(1);
    }

    [Fact]
    public async Task another_listeners_event_with_the_same_id_is_not_a_redelivery()
    {
        using var engine = new Serving.EmbeddedRecommender();
        var attacker = Events.Listen("attacker", 1, 1) with { EventId = "shared-id" };
        var victim = Events.Listen("victim", 2, 2) with { EventId = "shared-id" };
        await engine.TrackAsync([attacker], default);
        await engine.TrackAsync([victim, victim], default);

        engine.EventsTracked.ShouldBe(2);
    }

    [Fact]
    public async Task skips_push_a_track_and_its_neighbours_down()
    {
        using var engine = await Trained.EngineAsync();
        await engine.TrackAsync([Events.Listen("picky", 1, 1, minute: 1), Events.Listen("picky", 2, 1, minute: 2)], default);
        var neutral = await engine.RankAsync("picky", [Events.Track(1, 5), Events.Track(2, 5)], default);
        await engine.TrackAsync(Enumerable.Range(10, 6).Select(t => Events.Listen("picky", 1, t, Core.Events.EventTypes.Skip, minute: 10 + t)).ToList(), default);

        var ranked = await engine.RankAsync("picky", [Events.Track(1, 5), Events.Track(2, 5)], default);

        ranked.Items[0].TrackId.ShouldBe(Events.Track(2, 5));
        neutral.Items.Count.ShouldBe(2);
    }
}
