using Recommender.Engine.Model;

namespace Recommender.Engine.Training;

/// <summary>Implicit ALS (Hu, Koren, Volinsky 2008) with conjugate-gradient row solves (Takács et al. 2011), on all cores.
/// Confidence c = 1 + α·log(1 + weight/ε) for every observed pair, preference 1; unobserved pairs count with confidence 1, preference 0.</summary>
internal static class IalsTrainer
{
    private const int CgSteps = 3;

    public static FactorModel Build(SparseRows userItems, int itemCount, TrainingOptions options)
    {
        var k = options.Factors;
        var itemUsers = userItems.Transpose(itemCount);
        var confidence = (float c) => 1 + (float)options.FactorAlpha * MathF.Log(1 + Math.Max(0, c) / (float)options.FactorEpsilon);
        var userConf = Map(userItems.Values, confidence);
        var itemConf = Map(itemUsers.Values, confidence);
        var random = new Random(options.Seed);
        var scale = 0.1f / MathF.Sqrt(k);
        var items = new float[itemCount * k];
        for (var i = 0; i < items.Length; i++) items[i] = (float)(random.NextDouble() - 0.5) * scale;
        var users = new float[userItems.RowCount * k];
        var lambda = (float)options.FactorRegularization;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads > 0 ? options.Threads : Environment.ProcessorCount };
        for (var iteration = 0; iteration < options.FactorIterations; iteration++)
        {
            SolveRows(userItems, userConf, items, users, k, lambda, parallel);
            SolveRows(itemUsers, itemConf, users, items, k, lambda, parallel);
        }
        return new FactorModel
        {
            Count = k, ItemFactors = items, Regularization = lambda, Alpha = (float)options.FactorAlpha,
            Epsilon = (float)options.FactorEpsilon, Weight = (float)options.FactorWeight,
        };
    }

    private static float[] Map(float[] values, Func<float, float> f)
    {
        var result = new float[values.Length];
        for (var i = 0; i < values.Length; i++) result[i] = f(values[i]);
        return result;
    }

    private static void SolveRows(SparseRows rows, float[] confidences, float[] fixedFactors, float[] target, int k, float lambda, ParallelOptions parallel)
    {
        var gram = ConjugateGradient.Gram(fixedFactors, k, lambda);
        Parallel.For(0, rows.RowCount, parallel, () => new ConjugateGradient.Scratch(k), (r, _, scratch) =>
        {
            var start = rows.Offsets[r];
            var length = rows.Offsets[r + 1] - start;
            ConjugateGradient.Solve(gram, fixedFactors, k, rows.Indices.AsSpan(start, length), confidences.AsSpan(start, length),
                target.AsSpan(r * k, k), CgSteps, scratch);
            return scratch;
        }, _ => { });
    }
}
