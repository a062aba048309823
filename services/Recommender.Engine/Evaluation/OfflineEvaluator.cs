using System.Diagnostics;
using Recommender.Engine.Data;
using Recommender.Engine.Model;
using Recommender.Engine.Serving;
using Recommender.Engine.Training;

namespace Recommender.Engine.Evaluation;

/// <summary>Offline evaluation with full ranking over every item: the 8:1:1 random split (metrics as RecBole reports them) and Personalize's protocol.</summary>
public static class OfflineEvaluator
{
    public static readonly int[] RandomSplitCutoffs = [10, 20];

    public static EvaluationResult RandomSplit811(IReadOnlyList<Interaction> interactions, IReadOnlyList<ItemMetadata> items,
        EngineOptions options, int seed, HeldOut heldOut = HeldOut.Test)
    {
        var split = Splits.Random811(interactions, seed);
        var (model, seconds, matrix) = TrainTimed(split.Train, interactions, items, options);
        var userIndex = model.UserIndex();
        var truthByUser = heldOut == HeldOut.Test ? split.Test : split.Valid;
        var itemIndex = model.ItemIndex();
        var cases = truthByUser.Where(kv => kv.Value.Count > 0).Select(kv =>
        {
            var u = userIndex.GetValueOrDefault(kv.Key);
            var history = u >= 0 ? Row(model.UserItems, u) : ([], []);
            var excluded = history.Items.ToHashSet();
            // the other held-out part is "seen" too when ranking the test part (RecBole excludes train + valid)
            if (heldOut == HeldOut.Test) excluded.UnionWith(split.Valid[kv.Key].Select(id => itemIndex[id]));
            return new Case(history.Items, history.Values, excluded, kv.Value.Select(id => itemIndex[id]).ToHashSet());
        }).ToList();
        var ranked = Rank(model, cases, RandomSplitCutoffs.Max(), options);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var k in RandomSplitCutoffs)
        {
            metrics[$"recall@{k}"] = cases.Select((c, i) => RankingMetrics.Recall(ranked[i], c.Truth, k)).Average();
            metrics[$"ndcg@{k}"] = cases.Select((c, i) => RankingMetrics.Ndcg(ranked[i], c.Truth, k)).Average();
        }
        return new EvaluationResult(Protocol.RandomSplit811, model.Algorithm, metrics, seconds, matrix.Rows.NonZeros, cases.Count, model.ItemCount);
    }

    public static EvaluationResult Personalize(IReadOnlyList<Interaction> interactions, IReadOnlyList<ItemMetadata> items, EngineOptions options, int seed)
    {
        var split = Splits.ByUsers(interactions, seed);
        var (model, seconds, matrix) = TrainTimed(split.Train, interactions, items, options);
        var itemIndex = model.ItemIndex();
        var cases = split.Test.Select(t =>
        {
            // the test user's input is folded in at request time, exactly as the serving path does with live events
            var input = InteractionMatrix.Build(t.Input, options.Weighting, model.ItemIds);
            var row = input.Rows.RowCount > 0 ? Row(input.Rows, 0) : ([], []);
            var excluded = t.Input.Select(i => itemIndex[i.ItemId]).ToHashSet();
            return new Case(row.Items, row.Values, excluded, t.Truth.Select(id => itemIndex[id]).ToHashSet());
        }).ToList();
        var ranked = Rank(model, cases, 25, options);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["coverage"] = (double)ranked.SelectMany(r => r).Distinct().Count() / Math.Max(1, model.ItemCount),
            ["mrr@25"] = Average(cases, ranked, (r, t) => RankingMetrics.ReciprocalRank(r, t, 25)),
        };
        foreach (var k in new[] { 5, 10, 25 })
        {
            metrics[$"ndcg@{k}"] = Average(cases, ranked, (r, t) => RankingMetrics.Ndcg(r, t, k));
            metrics[$"precision@{k}"] = Average(cases, ranked, (r, t) => RankingMetrics.Precision(r, t, k));
        }
        return new EvaluationResult(Protocol.Personalize, model.Algorithm, metrics, seconds, matrix.Rows.NonZeros, cases.Count, model.ItemCount);
    }

    private sealed record Case(int[] Items, float[] Values, HashSet<int> Excluded, HashSet<int> Truth);

    private static double Average(List<Case> cases, List<int>[] ranked, Func<List<int>, HashSet<int>, double> metric) =>
        cases.Count == 0 ? 0 : cases.Select((c, i) => metric(ranked[i], c.Truth)).Average();

    private static (RecommenderModel, double, InteractionMatrix) TrainTimed(List<Interaction> train, IReadOnlyList<Interaction> all,
        IReadOnlyList<ItemMetadata> items, EngineOptions options)
    {
        // every item of the data set is rankable (full ranking), including those seen only in held-out parts
        var catalog = all.Select(i => i.ItemId).Concat(items.Select(i => i.ItemId)).Distinct(StringComparer.Ordinal).ToList();
        var clock = Stopwatch.StartNew();
        var matrix = InteractionMatrix.Build(train, options.Weighting, catalog);
        var model = ModelTrainer.Train(matrix, items, options.Training);
        return (model, clock.Elapsed.TotalSeconds, matrix);
    }

    private static (int[] Items, float[] Values) Row(SparseRows m, int row) => (m.RowIndices(row).ToArray(), m.RowValues(row).ToArray());

    private static List<int>[] Rank(RecommenderModel model, List<Case> cases, int k, EngineOptions options)
    {
        var result = new List<int>[cases.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Training.Threads > 0 ? options.Training.Threads : Environment.ProcessorCount };
        Parallel.For(0, cases.Count, parallel, () => new float[model.ItemCount], (i, _, scores) =>
        {
            result[i] = ModelRanking.Top(model, cases[i].Items, cases[i].Values, cases[i].Excluded, k, scores, (float)options.ContentWeight, (float)options.ExplorationWeight);
            return scores;
        }, _ => { });
        return result;
    }
}
