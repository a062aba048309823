using System.Numerics.Tensors;

namespace Recommender.Engine.Model;

/// <summary>The implicit-ALS row solve (YᵀY + λI + Σ (cᵢ−1) yᵢyᵢᵀ) x = Σ cᵢ yᵢ by conjugate gradient (Takács, Pilászy, Tikk 2011),
/// never forming the per-row matrix: each step costs k² + 2·|row|·k.</summary>
internal static class ConjugateGradient
{
    public sealed class Scratch(int k)
    {
        public readonly float[] R = new float[k], P = new float[k], Ap = new float[k];
    }

    /// <summary>YᵀY + λI (k × k, row-major) for factors Y (n × k, row-major).</summary>
    public static float[] Gram(float[] factors, int k, float lambda)
    {
        var n = factors.Length / Math.Max(1, k);
        var workers = Environment.ProcessorCount;
        var parts = new float[workers][];
        Parallel.For(0, workers, part =>
        {
            var local = new float[k * k];
            for (var i = part; i < n; i += workers)
            {
                var y = factors.AsSpan(i * k, k);
                for (var a = 0; a < k; a++)
                    if (y[a] != 0) TensorPrimitives.MultiplyAdd(y, y[a], local.AsSpan(a * k, k), local.AsSpan(a * k, k));
            }
            parts[part] = local;
        });
        // summed in a fixed order, so the same factors always give the same Gram (and the same rankings)
        var gram = new float[k * k];
        foreach (var p in parts) TensorPrimitives.Add(gram, p, gram);
        for (var a = 0; a < k; a++) gram[a * k + a] += lambda;
        return gram;
    }

    /// <summary>Improves <paramref name="x"/> in place by at most <paramref name="steps"/> CG steps (warm start from its current value).</summary>
    public static void Solve(float[] gram, float[] factors, int k, ReadOnlySpan<int> items, ReadOnlySpan<float> confidences, Span<float> x, int steps, Scratch s)
    {
        Span<float> r = s.R, p = s.P, ap = s.Ap;
        // r = b − A x, with b = Σ cᵢ yᵢ
        Multiply(gram, factors, k, items, confidences, x, r);
        TensorPrimitives.Negate(r, r);
        for (var i = 0; i < items.Length; i++)
            if (confidences[i] > 0) TensorPrimitives.MultiplyAdd(factors.AsSpan(items[i] * k, k), confidences[i], r, r);
        r.CopyTo(p);
        var rsOld = TensorPrimitives.Dot(r, r);
        for (var step = 0; step < steps && rsOld > 1e-12f; step++)
        {
            Multiply(gram, factors, k, items, confidences, p, ap);
            var pAp = TensorPrimitives.Dot(p, ap);
            if (pAp <= 0) break;
            var alpha = rsOld / pAp;
            TensorPrimitives.MultiplyAdd(p, alpha, x, x);
            TensorPrimitives.MultiplyAdd(ap, -alpha, r, r);
            var rsNew = TensorPrimitives.Dot(r, r);
            // p = r + (rsNew/rsOld) p
            TensorPrimitives.MultiplyAdd(p, rsNew / rsOld, r, p);
            rsOld = rsNew;
        }
    }

    /// <summary>result = (G + Σ (cᵢ−1) yᵢyᵢᵀ) v.</summary>
    private static void Multiply(float[] gram, float[] factors, int k, ReadOnlySpan<int> items, ReadOnlySpan<float> confidences, ReadOnlySpan<float> v, Span<float> result)
    {
        for (var a = 0; a < k; a++) result[a] = TensorPrimitives.Dot(gram.AsSpan(a * k, k), v);
        for (var i = 0; i < items.Length; i++)
        {
            if (confidences[i] <= 0) continue;
            var y = factors.AsSpan(items[i] * k, k);
            TensorPrimitives.MultiplyAdd(y, (confidences[i] - 1) * TensorPrimitives.Dot(y, v), result, result);
        }
    }
}
