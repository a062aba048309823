using Recommender.Engine.Data;
using Recommender.Engine.Model;
using Recommender.Engine.Serving;
using Recommender.Engine.Training;

namespace Recommender.Engine.Tests;

/// <summary>An engine that has seen a crowd of listeners with distinct tastes and serves a model trained on them.</summary>
internal static class Trained
{
    public static async Task<EmbeddedRecommender> EngineAsync(EngineOptions? options = null, IEnumerable<ItemMetadata>? extraItems = null)
    {
        var engine = new EmbeddedRecommender(options);
        await engine.TrackAsync(Events.Crowd(genres: 4, usersPerGenre: 12, tracksPerGenre: 30, eventsPerUser: 25), default);
        engine.Swap(Model(engine, extraItems), 1);
        return engine;
    }

    public static RecommenderModel Model(EmbeddedRecommender engine, IEnumerable<ItemMetadata>? extraItems = null)
    {
        var (matrix, items) = engine.TrainingSnapshot();
        var all = items.Concat(extraItems ?? []).ToList();
        var withCold = new InteractionMatrix
        {
            UserIds = matrix.UserIds,
            ItemIds = matrix.ItemIds.Concat((extraItems ?? []).Select(i => i.ItemId)).ToArray(),
            Rows = matrix.Rows,
        };
        return ModelTrainer.Train(withCold, all, new TrainingOptions());
    }
}
