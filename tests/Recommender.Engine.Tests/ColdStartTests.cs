using Recommender.Core.Recommendations;
using Recommender.Engine.Data;

namespace Recommender.Engine.Tests;

public class ColdStartTests
{
    private static readonly ItemMetadata Fresh = new("fresh-release", ["new-artist"], [Events.Genre(2)]);

    [Fact]
    public async Task a_cold_item_with_matching_metadata_can_appear_for_a_matching_user()
    {
        using var engine = await Trained.EngineAsync(extraItems: [Fresh]);
        await engine.TrackAsync([Events.Listen("fan", 2, 1), Events.Listen("fan", 2, 2)], default);

        var list = await engine.RecommendAsync(new RecommendationQuery { UserId = "fan", NumResults = 25, Explain = true }, default);

        var fresh = list.Items.SingleOrDefault(i => i.TrackId == Fresh.ItemId);
        fresh.ShouldNotBeNull();
        fresh.Reason.ShouldNotBeNull().ShouldContain(Events.Genre(2));
    }

    [Fact]
    public async Task without_exploration_the_cold_item_does_not_appear_and_it_never_appears_for_other_tastes()
    {
        using var explorer = await Trained.EngineAsync(extraItems: [Fresh]);
        await explorer.TrackAsync([Events.Listen("other", 0, 1), Events.Listen("other", 0, 2)], default);
        var other = await explorer.RecommendAsync(new RecommendationQuery { UserId = "other", NumResults = 25 }, default);
        other.Items.ShouldNotContain(i => i.TrackId == Fresh.ItemId);

        using var engine = await Trained.EngineAsync(new EngineOptions { ExplorationWeight = 0 }, [Fresh]);
        await engine.TrackAsync([Events.Listen("fan", 2, 1), Events.Listen("fan", 2, 2)], default);
        var list = await engine.RecommendAsync(new RecommendationQuery { UserId = "fan", NumResults = 25 }, default);
        list.Items.ShouldNotContain(i => i.TrackId == Fresh.ItemId);
    }

    [Fact]
    public async Task related_tracks_come_from_the_model_and_unknown_tracks_have_none()
    {
        using var engine = await Trained.EngineAsync();

        var related = await engine.RelatedAsync(Events.Track(1, 3), 10, false, default);

        related.ShouldNotBeNull().Items.Count.ShouldBe(10);
        related.Items.ShouldAllBe(i => i.TrackId.StartsWith("g1-") && i.TrackId != Events.Track(1, 3));
        (await engine.RelatedAsync("no-such-track", 10, false, default)).ShouldBeNull();
    }

    [Fact]
    public async Task ranking_puts_the_users_genre_first_and_keeps_unknown_tracks_last()
    {
        using var engine = await Trained.EngineAsync();
        await engine.TrackAsync([Events.Listen("ranker", 3, 1), Events.Listen("ranker", 3, 2)], default);

        var ranked = await engine.RankAsync("ranker", ["unknown", Events.Track(0, 5), Events.Track(3, 9)], default);

        ranked.Items.Select(i => i.TrackId).ShouldBe([Events.Track(3, 9), Events.Track(0, 5), "unknown"]);
    }
}
