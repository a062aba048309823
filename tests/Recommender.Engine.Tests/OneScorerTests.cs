using Recommender.Core.Recommendations;
using Recommender.Engine.Evaluation;
using Recommender.Engine.Hosting;
using Recommender.Engine.Serving;

namespace Recommender.Engine.Tests;

public sealed class OneScorerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-one-scorer-").FullName;

    [Fact]
    public async Task offline_ranking_answers_what_a_restarted_engine_serves_from_the_same_model()
    {
        var options = new EngineOptions { DataDirectory = _dir };
        using (var trained = await Trained.EngineAsync(options))
            await new ModelStore(trained, options).PublishAsync(Trained.Model(trained));
        using var restarted = new EmbeddedRecommender(options);
        new ModelStore(restarted, options).LoadLatest().ShouldBeTrue();
        var model = Model.RecommenderModel.Load(new ModelStore(restarted, options).PathOf(1));

        using var offline = new ServedRanking(model, options);
        foreach (var user in new[] { "u0-1", "u2-5", "stranger" })
        {
            var served = await restarted.RecommendAsync(new RecommendationQuery { UserId = user, NumResults = 15 }, default);

            offline.Top(user, 15).ShouldBe(served.Items.Select(i => i.TrackId).ToList(), $"{user}'s list");
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
