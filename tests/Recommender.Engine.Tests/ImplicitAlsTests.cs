using MathNet.Numerics.LinearAlgebra;
using Recommender.Engine.Evaluation;
using Recommender.Engine.Model;
using Recommender.Engine.Training;

namespace Recommender.Engine.Tests;

public sealed class ImplicitAlsTests
{
    // two taste groups: users 0..29 listen to items 0..9, users 30..59 to items 10..19, each to 6 random items of their block
    private static SparseRows PlantedBlocks()
    {
        var random = new Random(7);
        var rows = new (int[], float[])[60];
        for (var u = 0; u < 60; u++)
        {
            var block = u < 30 ? 0 : 10;
            var items = Enumerable.Range(block, 10).OrderBy(_ => random.Next()).Take(6).ToArray();
            rows[u] = (items, items.Select(_ => (float)random.Next(1, 50)).ToArray());
        }
        return SparseRows.FromRows(rows);
    }

    private static FactorModel Train(int factors) =>
        IalsTrainer.Build(PlantedBlocks(), 20, new TrainingOptions { Factors = factors, FactorRegularization = 1, FactorIterations = 10, FactorWeight = 1 });

    [Fact]
    public void folding_in_a_users_items_ranks_the_rest_of_their_block_first()
    {
        // two blocks are a rank-2 structure; more dimensions would also fit each user's random picks within a block
        var factors = Train(2);

        foreach (var (history, block) in new[] { (new[] { 0, 3, 5 }, 0), (new[] { 12, 17 }, 10) })
        {
            var user = factors.FoldIn(history, history.Select(_ => 5f).ToArray());
            var scores = new float[20];
            factors.Score(user, scores);
            var top = Enumerable.Range(0, 20).Except(history).OrderByDescending(j => scores[j]).Take(10 - history.Length);
            top.ShouldAllBe(j => j >= block && j < block + 10);
        }
    }

    [Fact]
    public void the_fold_in_solves_the_implicit_als_normal_equations()
    {
        var factors = Train(8);
        int[] items = [1, 2, 14];
        float[] weights = [3, 40, 1];

        var x = factors.FoldIn(items, weights);

        // (YᵀY + λI + Σ (cᵢ−1) yᵢyᵢᵀ) x = Σ cᵢ yᵢ, solved densely
        var k = factors.Count;
        var y = Matrix<double>.Build.Dense(20, k, (i, a) => factors.ItemFactors[i * k + a]);
        var a = y.TransposeThisAndMultiply(y) + factors.Regularization * Matrix<double>.Build.DenseIdentity(k);
        var b = Vector<double>.Build.Dense(k);
        for (var i = 0; i < items.Length; i++)
        {
            var yi = y.Row(items[i]);
            var c = factors.Confidence(weights[i]);
            a += (c - 1) * yi.OuterProduct(yi);
            b += c * yi;
        }
        var exact = a.Solve(b);
        for (var d = 0; d < k; d++) ((double)x[d]).ShouldBe(exact[d], 1e-3);
    }

    [Fact]
    public void the_default_model_carries_factors_and_ranks_with_them()
    {
        var rows = PlantedBlocks();
        var matrix = new InteractionMatrix
        {
            UserIds = Enumerable.Range(0, 60).Select(u => $"u{u}").ToArray(),
            ItemIds = Enumerable.Range(0, 20).Select(i => $"i{i}").ToArray(),
            Rows = rows,
        };

        var model = ModelTrainer.Train(matrix, null, new TrainingOptions { Factors = 8 });
        using var ranking = new ServedRanking(model, new EngineOptions());
        ranking.Seed("newcomer", [("i11", 5f), ("i13", 5f)], DateTimeOffset.UtcNow);
        var top = ranking.Top("newcomer", 5);

        model.Factors.ShouldNotBeNull();
        model.Algorithm.ShouldBe("Rp3Beta+iALS");
        top.Select(id => int.Parse(id.Substring(1))).ShouldAllBe(i => i >= 10);
        top.ShouldNotContain("i11");
    }
}
