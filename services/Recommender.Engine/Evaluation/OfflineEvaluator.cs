using System.Diagnostics;
using Recommender.Engine.Data;
using Recommender.Engine.Model;
using Recommender.Engine.Training;

namespace Recommender.Engine.Evaluation;

/// <summary>Trains a model on a training part: the fixed settings of <see cref="TrainingOptions"/>, or the self-tuned search.</summary>
public delegate RecommenderModel Trainer(InteractionMatrix matrix, IReadOnlyList<ItemMetadata> items);

/// <summary>Offline evaluation with full ranking over every item, through the serving code (<see cref="ServedRanking"/>): the 8:1:1
/// random split (metrics as RecBole reports them) and Personalize's protocol.</summary>
public static class OfflineEvaluator
{
    public static readonly int[] RandomSplitCutoffs = [10, 20];

    /// <summary>The fixed settings of <paramref name="options"/>, no search.</summary>
    public static Trainer Fixed(EngineOptions options) => (matrix, items) => ModelTrainer.Train(matrix, items, options.Training);

    /// <summary>The self-tuning search on the training part only (its validation part is carved from it), within <paramref name="budget"/>.</summary>
    public static Trainer Tuned(EngineOptions options, TimeSpan budget, Action<CandidateRecord>? progress = null) =>
        (matrix, items) => ModelTuner.Train(matrix, items, options, budget, progress);

    public static EvaluationResult RandomSplit811(IReadOnlyList<Interaction> interactions, IReadOnlyList<ItemMetadata> items,
        EngineOptions options, int seed, HeldOut heldOut = HeldOut.Test, Trainer? trainer = null)
    {
        var split = Splits.Random811(interactions, seed);
        var (model, seconds, matrix) = TrainTimed(split.Train, interactions, items, options, trainer ?? Fixed(options));
        var truthByUser = heldOut == HeldOut.Test ? split.Test : split.Valid;
        var users = truthByUser.Where(kv => kv.Value.Count > 0).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        using var ranking = new ServedRanking(model, options);
        // the other held-out part is "seen" too when ranking the test part (RecBole excludes train + valid)
        if (heldOut == HeldOut.Test)
            foreach (var user in users) ranking.MarkPlayed(user, split.Valid[user]);
        var itemIndex = model.ItemIndex();
        var ranked = Indices(ranking.Top(users, RandomSplitCutoffs.Max()), itemIndex);
        var truth = users.Select(u => truthByUser[u].Select(id => itemIndex[id]).ToHashSet()).ToList();
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var k in RandomSplitCutoffs)
        {
            metrics[$"recall@{k}"] = Average(ranked, truth, (r, t) => RankingMetrics.Recall(r, t, k));
            metrics[$"ndcg@{k}"] = Average(ranked, truth, (r, t) => RankingMetrics.Ndcg(r, t, k));
        }
        return new EvaluationResult(Protocol.RandomSplit811, model.Algorithm, metrics, seconds, matrix.Rows.NonZeros, users.Count, model.ItemCount, model.Training);
    }

    public static EvaluationResult Personalize(IReadOnlyList<Interaction> interactions, IReadOnlyList<ItemMetadata> items, EngineOptions options,
        int seed, Trainer? trainer = null)
    {
        var catalog = interactions.Select(i => i.ItemId).Concat(items.Select(i => i.ItemId)).Distinct(StringComparer.Ordinal);
        var check = HeldOutCheck.Carve(InteractionMatrix.Build(interactions, options.Weighting, catalog), seed);
        var clock = Stopwatch.StartNew();
        var model = (trainer ?? Fixed(options))(check.Train, items);
        var seconds = clock.Elapsed.TotalSeconds;
        return new EvaluationResult(Protocol.Personalize, model.Algorithm, check.Score(model, options), seconds, check.Train.Rows.NonZeros,
            check.Users.Count, model.ItemCount, model.Training);
    }

    private static List<int>[] Indices(IReadOnlyList<string>[] ranked, Dictionary<string, int> itemIndex) =>
        ranked.Select(list => list.Select(id => itemIndex[id]).ToList()).ToArray();

    private static double Average(List<int>[] ranked, List<HashSet<int>> truth, Func<List<int>, HashSet<int>, double> metric) =>
        truth.Count == 0 ? 0 : truth.Select((t, i) => metric(ranked[i], t)).Average();

    private static (RecommenderModel, double, InteractionMatrix) TrainTimed(List<Interaction> train, IReadOnlyList<Interaction> all,
        IReadOnlyList<ItemMetadata> items, EngineOptions options, Trainer trainer)
    {
        // every item of the data set is rankable (full ranking), including those seen only in held-out parts
        var catalog = all.Select(i => i.ItemId).Concat(items.Select(i => i.ItemId)).Distinct(StringComparer.Ordinal).ToList();
        var clock = Stopwatch.StartNew();
        var matrix = InteractionMatrix.Build(train, options.Weighting, catalog);
        var model = trainer(matrix, items);
        return (model, clock.Elapsed.TotalSeconds, matrix);
    }
}
