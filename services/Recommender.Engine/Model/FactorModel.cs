using System.Numerics.Tensors;

namespace Recommender.Engine.Model;

/// <summary>Implicit-ALS item factors (Hu, Koren, Volinsky 2008) with what a fold-in needs: a user's factor is solved from their items
/// with the item factors fixed, so a new user or a user's newest events count without a retrain.</summary>
public sealed class FactorModel
{
    /// <summary>Latent dimensions k.</summary>
    public required int Count { get; init; }
    /// <summary>Items × k, row-major.</summary>
    public required float[] ItemFactors { get; init; }
    public required float Regularization { get; init; }
    /// <summary>Confidence c = 1 + Alpha·log(1 + weight/Epsilon).</summary>
    public required float Alpha { get; init; }
    public required float Epsilon { get; init; }
    /// <summary>Share of the factor scores in the blend with the item graph (0..1).</summary>
    public required float Weight { get; init; }

    private float[]? _gram;
    /// <summary>YᵀY + λI, computed once per model.</summary>
    public float[] Gram => _gram ??= ConjugateGradient.Gram(ItemFactors, Count, Regularization);

    public int ItemCount => ItemFactors.Length / Math.Max(1, Count);

    /// <summary>The same factors blended with another weight (the search tries blends without retraining).</summary>
    public FactorModel WithWeight(float weight) => new()
    {
        Count = Count, ItemFactors = ItemFactors, Regularization = Regularization, Alpha = Alpha, Epsilon = Epsilon, Weight = weight,
    };

    public float Confidence(float weight) => 1 + Alpha * MathF.Log(1 + Math.Max(0, weight) / Epsilon);

    public ReadOnlySpan<float> Item(int item) => ItemFactors.AsSpan(item * Count, Count);

    /// <summary>The user factor for a history (items with non-negative weights): the exact ALS user step with the item factors fixed.</summary>
    public float[] FoldIn(ReadOnlySpan<int> items, ReadOnlySpan<float> weights)
    {
        var x = new float[Count];
        var confidences = new float[items.Length];
        for (var i = 0; i < items.Length; i++) confidences[i] = items[i] < ItemCount ? Confidence(weights[i]) : 0;
        ConjugateGradient.Solve(Gram, ItemFactors, Count, items, confidences, x, Math.Min(Count, 64), new ConjugateGradient.Scratch(Count));
        return x;
    }

    /// <summary>Writes every item's score (dot product with <paramref name="user"/>) into <paramref name="scores"/>.</summary>
    public void Score(ReadOnlySpan<float> user, Span<float> scores)
    {
        for (var j = 0; j < ItemCount && j < scores.Length; j++) scores[j] = TensorPrimitives.Dot(Item(j), user);
    }
}
