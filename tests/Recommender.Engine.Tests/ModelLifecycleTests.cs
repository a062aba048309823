using Recommender.Contracts;
using Recommender.Core.Recommendations;
using Recommender.Engine.Hosting;
using Recommender.Engine.Serving;

namespace Recommender.Engine.Tests;

public sealed class ModelLifecycleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-store-").FullName;

    [Fact]
    public async Task a_retrain_swaps_the_model_while_requests_keep_being_served()
    {
        var options = new EngineOptions { DataDirectory = _dir, RetrainMinNewEvents = 1 };
        using var engine = new EmbeddedRecommender(options);
        var store = new ModelStore(engine, options);
        var retrainer = new BackgroundRetrainer(engine, store, options);
        await engine.TrackAsync(Events.Crowd(genres: 4, usersPerGenre: 12, tracksPerGenre: 30, eventsPerUser: 25), default);
        await retrainer.RetrainAsync(default);

        using var load = await RequestLoad.StartAsync(r =>
        {
            var list = engine.RecommendAsync(new RecommendationQuery { UserId = $"u{r}-1", NumResults = 10 }, default).GetAwaiter().GetResult();
            if (list.Items.Count != 10) throw new InvalidOperationException($"served {list.Items.Count} items");
        }, threads: 2);
        var answeredBefore = load.Answered;
        for (var round = 0; round < 3; round++)
        {
            await engine.TrackAsync(Events.Crowd(genres: 4, usersPerGenre: 3, tracksPerGenre: 30, eventsPerUser: 5, seed: round), default);
            await retrainer.RetrainAsync(default);
        }
        var answeredDuring = load.Answered - answeredBefore;
        load.Stop();

        load.Failures.ShouldBeEmpty();
        answeredDuring.ShouldBeGreaterThan(0, "no request was answered while the engine retrained and swapped models");
        engine.ModelVersion.ShouldBe(4);
        store.Versions().Max().ShouldBe(4);
        File.Exists(store.PathOf(4)).ShouldBeTrue();
    }

    [Fact]
    public async Task the_newest_model_is_loaded_at_start_and_old_versions_are_pruned()
    {
        var options = new EngineOptions { DataDirectory = _dir, ModelsToKeep = 1 };
        using (var first = await Trained.EngineAsync(options))
        {
            var store = new ModelStore(first, options);
            for (var i = 0; i < 3; i++) await store.PublishAsync(Trained.Model(first));
            store.Versions().Order().ShouldBe([2, 3]);
        }

        using var restarted = new EmbeddedRecommender(options);
        new ModelStore(restarted, options).LoadLatest().ShouldBeTrue();

        restarted.ModelVersion.ShouldBe(3);
        var list = await restarted.RecommendAsync(new RecommendationQuery { UserId = "u1-1", NumResults = 10 }, default);
        list.Items.ShouldAllBe(i => i.TrackId.StartsWith("g1-"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
