using Recommender.Engine.Serving;

namespace Recommender.Engine.Model;

/// <summary>Ranks every item of a model for a history, the way serving folds a user's tracks in; used offline (evaluate, batch-recommend).</summary>
public static class ModelRanking
{
    /// <summary>Fold-in weight of a history entry with confidence c: log(1 + c), so heavy repeats do not drown everything else.</summary>
    public static float FoldInWeight(double confidence) => (float)Math.Log(1 + Math.Max(0, confidence));

    /// <summary>The top <paramref name="k"/> item indices, best first, excluding <paramref name="excluded"/>; <paramref name="scratch"/> is a reusable row of ItemCount floats.</summary>
    public static List<int> Top(RecommenderModel model, int[] items, float[] confidences, IReadOnlySet<int> excluded, int k, float[] scratch)
    {
        var scores = scratch.AsSpan(0, model.ItemCount);
        scores.Clear();
        var weights = new float[items.Length];
        for (var i = 0; i < items.Length; i++) weights[i] = FoldInWeight(confidences[i]);
        model.Accumulate(items, weights, scores);
        var max = System.Numerics.Tensors.TensorPrimitives.Max(scores.Length == 0 ? [0f] : scores);
        var popularityMax = model.ItemPopularity.Length == 0 ? 1 : Math.Max(1, model.ItemPopularity.Max());
        // popularity breaks ties and fills lists for histories the graph cannot reach
        var tieBreak = (max > 0 ? max : 1f) * 1e-3f / popularityMax;
        var top = new TopN(k);
        for (var j = 0; j < scores.Length; j++)
            if (!excluded.Contains(j)) top.Offer(j, scores[j] + tieBreak * model.ItemPopularity[j]);
        return top.Drain().Select(x => x.Item).ToList();
    }
}
