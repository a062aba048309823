namespace DatasetBuilder.Tests;

public sealed class PersonalizeMetricsTests
{
    [Fact]
    public void personalize_metric_names_read_as_the_engine_names_them()
    {
        var named = DatasetBuilder.Aws.PersonalizeMetrics.ToEngineNames(new Dictionary<string, double>
        {
            ["normalized_discounted_cumulative_gain_at_10"] = 0.1, ["precision_at_25"] = 0.2, ["mean_reciprocal_rank_at_25"] = 0.3, ["coverage"] = 0.4,
        });
        named.ShouldBe(new Dictionary<string, double> { ["ndcg@10"] = 0.1, ["precision@25"] = 0.2, ["mrr@25"] = 0.3, ["coverage"] = 0.4 });
    }
}
