using System.Numerics.Tensors;
using Recommender.Engine.Model;
using Recommender.Engine.Serving;

namespace Recommender.Engine.Tests;

public class FactorPoolTests
{
    private static FactorModel Factors(int items, int k)
    {
        var random = new Random(3);
        var values = new float[items * k];
        for (var i = 0; i < values.Length; i++) values[i] = (float)random.NextDouble() - 0.5f;
        return new FactorModel { Count = k, ItemFactors = values, Regularization = 1, Alpha = 1, Epsilon = 1, Weight = 0.5f };
    }

    [Fact]
    public void a_catalog_larger_than_the_pool_keeps_its_most_popular_tracks()
    {
        var factors = Factors(items: 10, k: 4);
        float[] popularity = [5, 1, 9, 0, 7, 3, 8, 2, 6, 4];

        var pool = FactorPool.Build(factors, popularity, size: 4);

        pool.Items.ShouldBe([2, 6, 4, 8]);
        pool.Position[2].ShouldBe(0);
        pool.Position[8].ShouldBe(3);
        pool.Position[3].ShouldBe(-1);
        pool.Position.Count(p => p >= 0).ShouldBe(4);
    }

    [Fact]
    public void a_catalog_within_the_pool_is_scanned_whole_with_the_scores_of_its_factors()
    {
        var factors = Factors(items: 6, k: 8);
        var pool = FactorPool.Build(factors, [1, 2, 3, 4, 5, 6]);
        float[] user = [0.3f, -0.1f, 0.5f, 0.2f, -0.4f, 0.1f, 0f, 0.7f];
        var scores = new float[pool.Items.Length];

        pool.Score(user, scores);

        pool.Items.Order().ShouldBe(Enumerable.Range(0, 6));
        for (var p = 0; p < pool.Items.Length; p++)
            scores[p].ShouldBe(TensorPrimitives.Dot(factors.Item(pool.Items[p]), user), tolerance: 1e-6);
    }
}
