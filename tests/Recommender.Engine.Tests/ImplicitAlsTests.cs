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

public sealed class SymmetricInverseTests
{
    [Fact]
    public void the_cholesky_inverse_of_a_gram_matrix_times_the_matrix_is_the_identity()
    {
        var random = new Random(11);
        var x = Matrix<double>.Build.Dense(40, 25, (_, _) => random.NextDouble() - 0.5);
        var a = x.TransposeThisAndMultiply(x) + 0.5 * Matrix<double>.Build.DenseIdentity(25);

        var inverse = SymmetricInverse.Invert(a.ToRowMajorArray(), 25, new ParallelOptions());

        var product = a * Matrix<double>.Build.DenseOfRowMajor(25, 25, inverse);
        for (var r = 0; r < 25; r++)
            for (var c = 0; c < 25; c++) product[r, c].ShouldBe(r == c ? 1.0 : 0.0, 1e-9);
    }
}

public sealed class EaseTests
{
    [Theory]
    [InlineData(30, 12)] // more users than items: the item-space inverse
    [InlineData(8, 20)]  // fewer users than items: through the Woodbury identity, as wide as the users
    public void the_item_weights_are_steck_s_closed_form(int users, int items)
    {
        var random = new Random(users);
        var rows = Enumerable.Range(0, users).Select(_ =>
        {
            var picked = Enumerable.Range(0, items).Where(_ => random.NextDouble() < 0.35).ToArray();
            return (picked, picked.Select(_ => 1f).ToArray());
        }).ToArray();
        var options = new TrainingOptions { Algorithm = Algorithm.Ease, Lambda = 3, Neighbors = items };

        var graph = EaseTrainer.Build(SparseRows.FromRows(rows), items, options);

        // B = I − P·diag(1/diag P), P = (XᵀX + λI)⁻¹, densely
        var x = Matrix<double>.Build.Dense(users, items);
        for (var u = 0; u < users; u++) foreach (var i in rows[u].picked) x[u, i] = 1;
        var p = (x.TransposeThisAndMultiply(x) + 3 * Matrix<double>.Build.DenseIdentity(items)).Inverse();
        for (var i = 0; i < items; i++)
            for (var j = 0; j < items; j++)
            {
                var expected = i == j ? 0 : -p[i, j] / p[j, j];
                // only positive weights are kept as neighbours
                graph.At(i, j).ShouldBe(expected > 0 ? (float)expected : 0f, 1e-4, $"B[{i}, {j}]");
            }
    }
}
