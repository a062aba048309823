using Recommender.Engine.Evaluation;

namespace Recommender.Engine.Tests;

public class MetricTests
{
    // ranked 10, 20, 30, 40 against truth {20, 40}: hits at ranks 2 and 4
    private static readonly int[] Ranked = [10, 20, 30, 40];
    private static readonly HashSet<int> Truth = [20, 40];

    [Fact]
    public void recall_and_precision_count_hits_within_k()
    {
        RankingMetrics.Recall(Ranked, Truth, 2).ShouldBe(0.5);
        RankingMetrics.Recall(Ranked, Truth, 4).ShouldBe(1.0);
        RankingMetrics.Precision(Ranked, Truth, 2).ShouldBe(0.5);
        RankingMetrics.Precision(Ranked, Truth, 4).ShouldBe(0.5);
        RankingMetrics.Precision(Ranked, Truth, 10).ShouldBe(0.2);
    }

    [Fact]
    public void ndcg_divides_by_the_ideal_of_min_truth_and_k()
    {
        // DCG@2 = 1/log2(3) = 0.63093; IDCG@2 = 1 + 1/log2(3) = 1.63093
        RankingMetrics.Ndcg(Ranked, Truth, 2).ShouldBe(0.386853, 1e-6);
        // DCG@4 = 0.63093 + 1/log2(5) = 1.06161; IDCG over min(2, 4) = 2 positions
        RankingMetrics.Ndcg(Ranked, Truth, 4).ShouldBe(0.650921, 1e-6);
        // k = 1: no hit at rank 1
        RankingMetrics.Ndcg(Ranked, Truth, 1).ShouldBe(0);
    }

    [Fact]
    public void reciprocal_rank_is_of_the_first_hit_within_k()
    {
        RankingMetrics.ReciprocalRank(Ranked, Truth, 25).ShouldBe(0.5);
        RankingMetrics.ReciprocalRank(Ranked, Truth, 1).ShouldBe(0);
    }

    [Theory]
    [InlineData(10, 8, 1)]
    [InlineData(5, 3, 1)]
    [InlineData(2, 1, 0)]
    [InlineData(1, 1, 0)]
    [InlineData(25, 21, 2)]
    public void the_random_split_counts_like_recbole(int n, int train, int valid)
    {
        Splits.Counts(n).ShouldBe((train, valid));
    }
}
