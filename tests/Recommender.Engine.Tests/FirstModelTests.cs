using Recommender.Core.Recommendations;
using Recommender.Engine.Serving;

namespace Recommender.Engine.Tests;

public class FirstModelTests
{
    private static RecommendationQuery For(string user, int n = 20) => new() { UserId = user, NumResults = n };

    [Fact]
    public async Task a_new_user_of_one_genre_gets_mostly_that_genre_before_any_training()
    {
        using var engine = new EmbeddedRecommender();
        await engine.TrackAsync(Events.Crowd(genres: 5, usersPerGenre: 10, tracksPerGenre: 40, eventsPerUser: 20), default);
        await engine.TrackAsync([Events.Listen("newbie", 3, 1), Events.Listen("newbie", 3, 2), Events.Listen("newbie", 3, 3)], default);

        var list = await engine.RecommendAsync(For("newbie"), default);

        list.Items.Count.ShouldBe(20);
        list.Items.Count(i => i.TrackId.StartsWith("g3-")).ShouldBeGreaterThanOrEqualTo(16);
    }

    [Fact]
    public async Task a_new_user_of_one_genre_gets_mostly_that_genre_after_training()
    {
        using var engine = new EmbeddedRecommender();
        await engine.TrackAsync(Events.Crowd(genres: 5, usersPerGenre: 10, tracksPerGenre: 40, eventsPerUser: 20), default);
        var (matrix, items) = engine.TrainingSnapshot();
        engine.Swap(Training.ModelTrainer.Train(matrix, items, new Training.TrainingOptions()), 1);
        await engine.TrackAsync([Events.Listen("newbie", 2, 1), Events.Listen("newbie", 2, 5)], default);

        var list = await engine.RecommendAsync(For("newbie"), default);

        list.Items.Count(i => i.TrackId.StartsWith("g2-")).ShouldBeGreaterThanOrEqualTo(16);
        list.RecommendationId.ShouldStartWith("rec-");
    }

    [Fact]
    public async Task an_unknown_user_gets_the_trending_tracks()
    {
        using var engine = new EmbeddedRecommender();
        await engine.TrackAsync(Enumerable.Range(0, 10).Select(u => Events.Listen($"fan{u}", 1, 7)).ToList(), default);
        await engine.TrackAsync([Events.Listen("other", 2, 3)], default);

        var list = await engine.RecommendAsync(For("stranger", 5), default);

        list.Items[0].TrackId.ShouldBe(Events.Track(1, 7));
        list.Items.Select(i => i.TrackId).ShouldContain(Events.Track(2, 3));
    }
}
