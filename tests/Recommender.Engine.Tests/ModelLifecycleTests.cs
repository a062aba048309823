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
        var options = new EngineOptions { DataDirectory = _dir, RetrainMinNewEvents = 1, TuningBudget = TimeSpan.FromSeconds(2) };
        using var engine = new EmbeddedRecommender(options);
        var store = new ModelStore(engine, options);
        var retrainer = new BackgroundRetrainer(engine, store, new ModelPromotion(engine, store, options), options);
        await engine.TrackAsync(Events.Crowd(genres: 4, usersPerGenre: 12, tracksPerGenre: 30, eventsPerUser: 25), default);
        var first = await retrainer.RetrainAsync(default);

        using var load = await RequestLoad.StartAsync(r =>
        {
            var list = engine.RecommendAsync(new RecommendationQuery { UserId = $"u{r}-1", NumResults = 10 }, default).GetAwaiter().GetResult();
            if (list.Items.Count != 10) throw new InvalidOperationException($"served {list.Items.Count} items");
        }, threads: 2);
        var answeredBefore = load.Answered;
        var outcomes = new List<PromotionOutcome>();
        for (var round = 0; round < 2; round++)
        {
            await engine.TrackAsync(Events.Crowd(genres: 4, usersPerGenre: 3, tracksPerGenre: 30, eventsPerUser: 5, seed: round), default);
            outcomes.Add((await retrainer.RetrainAsync(default)).ShouldNotBeNull());
        }
        var answeredDuring = load.Answered - answeredBefore;
        load.Stop();

        load.Failures.ShouldBeEmpty();
        answeredDuring.ShouldBeGreaterThan(0, "no request was answered while the engine retrained and swapped models");
        first.ShouldNotBeNull().Kept.ShouldBeTrue(first.Reason);
        first.Baseline.ShouldBeEmpty("nothing served before the first model");
        outcomes.ShouldAllBe(o => o.Baseline.ContainsKey("ndcg@10"), "each later model is checked against the serving one");
        engine.ModelVersion.ShouldBe(1 + outcomes.Count(o => o.Kept));
        store.Versions().Max().ShouldBe(engine.ModelVersion);
    }

    [Fact]
    public async Task a_retrain_never_swaps_in_a_model_that_scores_worse_on_the_check_than_the_serving_one()
    {
        var options = new EngineOptions { DataDirectory = _dir, TuningBudget = TimeSpan.FromSeconds(2) };
        using var engine = new EmbeddedRecommender(options);
        var store = new ModelStore(engine, options);
        await engine.TrackAsync(Events.Crowd(genres: 4, usersPerGenre: 12, tracksPerGenre: 30, eventsPerUser: 25), default);
        var (data, items) = engine.TrainingSnapshot();
        (await new ModelPromotion(engine, store, options).OfferAsync(data, items, options.Gate, null, default)).Kept.ShouldBeTrue();
        var serving = engine.ServingSettings.ShouldNotBeNull().Describe();
        // a retrainer whose settings are fixed to the bare popularity baseline offers a model far worse than the serving one
        var worse = new EngineOptions
        {
            DataDirectory = _dir, RetrainMinNewEvents = 1, TuningBudget = TimeSpan.Zero, ContentWeight = 0, ExplorationWeight = 0,
            Training = new() { Algorithm = Training.Algorithm.Popularity },
        };
        var retrainer = new BackgroundRetrainer(engine, store, new ModelPromotion(engine, store, worse), worse);
        await engine.TrackAsync(Events.Crowd(genres: 4, usersPerGenre: 2, tracksPerGenre: 30, eventsPerUser: 5, seed: 9), default);

        var outcome = (await retrainer.RetrainAsync(default)).ShouldNotBeNull();

        outcome.Kept.ShouldBeFalse(outcome.Reason);
        outcome.Metrics["ndcg@10"].ShouldBeLessThan(outcome.Baseline["ndcg@10"] * (1 - options.Gate.Tolerance));
        outcome.Reason.ShouldContain("the serving model stays");
        engine.ModelVersion.ShouldBe(1);
        engine.ServingSettings!.Describe().ShouldBe(serving);
        store.Versions().ShouldBe([1]);
    }

    [Fact]
    public async Task offers_are_decided_one_at_a_time_and_a_retrain_that_finds_the_owner_busy_waits_for_the_next_poll()
    {
        var options = new EngineOptions { DataDirectory = _dir, TuningBudget = TimeSpan.FromSeconds(1) };
        using var engine = new EmbeddedRecommender(options);
        var store = new ModelStore(engine, options);
        var owner = new ModelPromotion(engine, store, options);
        var retrainer = new BackgroundRetrainer(engine, store, owner, options);
        await engine.TrackAsync(Events.Crowd(genres: 4, usersPerGenre: 12, tracksPerGenre: 30, eventsPerUser: 25), default);
        var (data, items) = engine.TrainingSnapshot();

        var build = owner.OfferAsync(data, items, options.Gate, null, default);
        var retrain = await retrainer.RetrainAsync(default);
        var built = await build;

        retrain.ShouldBeNull("the daily build's offer was being decided");
        built.Kept.ShouldBeTrue(built.Reason);
        engine.ModelVersion.ShouldBe(1);
        (await retrainer.RetrainAsync(default)).ShouldNotBeNull("once the owner is free the retrain is decided");
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
