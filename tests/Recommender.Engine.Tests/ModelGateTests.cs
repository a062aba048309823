using Recommender.Engine.Hosting;

namespace Recommender.Engine.Tests;

public sealed class ModelGateTests
{
    private static Dictionary<string, double> Ndcg(double v) => new() { ["ndcg@10"] = v };

    [Fact]
    public void a_new_model_within_the_tolerance_is_kept()
    {
        ModelGate.Decide(Ndcg(0.096), Ndcg(0.100), "ndcg@10", 0.05).Keep.ShouldBeTrue();
    }

    [Fact]
    public void a_new_model_worse_than_the_tolerance_allows_is_discarded_and_the_reason_says_so()
    {
        var (keep, reason) = ModelGate.Decide(Ndcg(0.094), Ndcg(0.100), "ndcg@10", 0.05);
        keep.ShouldBeFalse();
        reason.ShouldContain("0.094 vs serving 0.1");
        reason.ShouldContain("the serving model stays");
    }

    [Fact]
    public void the_first_model_is_kept_when_nothing_serves()
    {
        ModelGate.Decide(Ndcg(0.01), new Dictionary<string, double>(), "ndcg@10", 0).Keep.ShouldBeTrue();
    }

    [Fact]
    public void a_model_without_the_gate_metric_is_not_kept()
    {
        ModelGate.Decide(new Dictionary<string, double> { ["coverage"] = 1 }, Ndcg(0.1), "ndcg@10", 0.05).Keep.ShouldBeFalse();
    }
}
