using System.Numerics.Tensors;
using Recommender.Engine.Evaluation;
using Recommender.Engine.Model;
using Recommender.Engine.Serving;
using Recommender.Engine.Training;

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

    [Theory]
    [InlineData(20)] // the whole catalog in the pool
    [InlineData(10)] // only the popular block in the pool: the listener's block is all tail
    public void tail_tracks_outside_the_pool_that_the_graph_reaches_are_ranked_by_their_own_factors(int poolSize)
    {
        // two taste blocks; block 0 (items 0..9) has twice the listeners, so a pool of 10 holds exactly block 0
        var random = new Random(7);
        var rows = new (int[], float[])[60];
        for (var u = 0; u < 60; u++)
        {
            var block = u < 40 ? 0 : 10;
            var items = Enumerable.Range(block, 10).OrderBy(_ => random.Next()).Take(6).Order().ToArray();
            rows[u] = (items, items.Select(_ => (float)random.Next(1, 50)).ToArray());
        }
        var matrix = new InteractionMatrix
        {
            UserIds = Enumerable.Range(0, 60).Select(u => $"u{u}").ToArray(),
            ItemIds = Enumerable.Range(0, 20).Select(i => $"i{i}").ToArray(),
            Rows = SparseRows.FromRows(rows),
        };
        // factors only (weight 1): the graph proposes the block's tracks, their factor scores alone rank them
        var model = ModelTrainer.Train(matrix, null, new TrainingOptions { Factors = 2, FactorRegularization = 1, FactorIterations = 10, FactorWeight = 1 });
        using var ranking = new ServedRanking(model, new EngineOptions { FactorPoolSize = poolSize, ContentWeight = 0, ExplorationWeight = 0 });
        ranking.Seed("tail listener", [("i11", 5f), ("i13", 5f)], DateTimeOffset.UtcNow);

        var top = ranking.Top("tail listener", 5);

        // a tail track without a factor score would rank below every pooled track of the other block
        top.Select(id => int.Parse(id.Substring(1))).ShouldAllBe(i => i >= 10, string.Join(", ", top));
    }
}
