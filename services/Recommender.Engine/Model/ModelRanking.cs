using System.Numerics.Tensors;
using Recommender.Engine.Serving;

namespace Recommender.Engine.Model;

/// <summary>Ranks every item of a model for a history with the serving formula (item graph fold-in, then genre taste for
/// played and for cold items, each part scaled to 0..1); used offline by evaluate and batch-recommend.</summary>
public static class ModelRanking
{
    /// <summary>Fold-in weight of a history entry with confidence c: log(1 + c), so heavy repeats do not drown everything else.</summary>
    public static float FoldInWeight(double confidence) => (float)Math.Log(1 + Math.Max(0, confidence));

    /// <summary>The top <paramref name="k"/> item indices, best first, excluding <paramref name="excluded"/>; <paramref name="scratch"/> is a reusable row of ItemCount floats.</summary>
    public static List<int> Top(RecommenderModel model, int[] items, float[] confidences, IReadOnlySet<int> excluded, int k, float[] scratch,
        float contentWeight, float explorationWeight)
    {
        var scores = scratch.AsSpan(0, model.ItemCount);
        scores.Clear();
        var weights = new float[items.Length];
        for (var i = 0; i < items.Length; i++) weights[i] = FoldInWeight(confidences[i]);
        model.Accumulate(items, weights, scores);
        var everywhere = TensorPrimitives.Max(scores.Length == 0 ? [0f] : scores) <= 0;
        ScaleToUnit(scores);
        var reached = model.Factors is null ? null : new bool[scores.Length];
        if (model.Factors is { } factors)
        {
            for (var j = 0; j < scores.Length; j++) reached![j] = scores[j] > 0;
            BlendFactors(factors, items, confidences, scores);
        }
        if (contentWeight > 0 || explorationWeight > 0)
        {
            var content = new float[model.ItemCount];
            var best = model.Genres.Accumulate(items, weights, content, UserScorer.TasteTerms);
            if (best > 0)
                for (var j = 0; j < content.Length; j++)
                    // as in serving: with a collaborative signal, taste refines what it reached plus cold items
                    if (content[j] > 0 && (everywhere || (reached is null ? scores[j] > 0 : reached[j]) || model.ItemPopularity[j] == 0))
                        scores[j] += (model.ItemPopularity[j] > 0 ? contentWeight : explorationWeight) * content[j] / best;
        }
        // popularity breaks ties and fills lists for histories the graph cannot reach
        var tieBreak = 1e-3f / Math.Max(1f, TensorPrimitives.Max(model.ItemPopularity.Length == 0 ? [0f] : model.ItemPopularity));
        var top = new TopN(k);
        for (var j = 0; j < scores.Length; j++)
            if (!excluded.Contains(j)) top.Offer(j, scores[j] + tieBreak * model.ItemPopularity[j]);
        return top.Drain().Select(x => x.Item).ToList();
    }

    /// <summary>scores = (1 − w)·graph + w·factor scores min-max scaled to 0..1, the user's factor folded in from the history.</summary>
    public static void BlendFactors(FactorModel factors, ReadOnlySpan<int> items, ReadOnlySpan<float> confidences, Span<float> scores)
    {
        var user = factors.FoldIn(items, confidences);
        var raw = new float[scores.Length];
        factors.Score(user, raw);
        var min = TensorPrimitives.Min(raw);
        var range = TensorPrimitives.Max(raw) - min;
        var w = factors.Weight;
        for (var j = 0; j < scores.Length; j++)
            scores[j] = (1 - w) * scores[j] + (range > 0 ? w * (raw[j] - min) / range : 0);
    }

    private static void ScaleToUnit(Span<float> scores)
    {
        if (scores.Length == 0) return;
        var max = TensorPrimitives.Max(scores);
        if (max > 0) TensorPrimitives.Divide(scores, max, scores);
    }
}
