using System.Globalization;

namespace Recommender.Engine.Hosting;

/// <summary>How a new model is judged against the serving one (the daily build's defaults): <see cref="Metric"/> of Personalize's protocol
/// on the same held-out check (<see cref="Evaluation.HeldOutCheck"/>), worse by at most <see cref="Tolerance"/>, a fraction of the serving
/// model's; <see cref="Seed"/> seeds the check, so a rerun checks the same way.</summary>
public sealed record GateRule
{
    public string Metric { get; init; } = "ndcg@10";
    public double Tolerance { get; init; } = 0.05;
    public int Seed { get; init; } = 42;
}

/// <summary>The one keep-or-discard rule: the background retrainer, the local daily build and the AWS daily build (on Personalize's
/// solution metrics) all decide with it.</summary>
public static class ModelGate
{
    public static (bool Keep, string Reason) Decide(IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double> serving, GateRule rule) =>
        Decide(candidate, serving, rule.Metric, rule.Tolerance);

    public static (bool Keep, string Reason) Decide(IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double> serving, string metric, double tolerance)
    {
        if (!candidate.TryGetValue(metric, out var next))
            return (false, $"the new model has no {metric}; keeping the serving one");
        if (!serving.TryGetValue(metric, out var current))
            return (true, $"nothing with a {metric} is serving; the new model ({metric} {F(next)}) serves");
        var floor = current * (1 - tolerance);
        return next >= floor
            ? (true, $"{metric} {F(next)} vs serving {F(current)}: within {tolerance:P0} tolerance (floor {F(floor)}); the new model serves")
            : (false, $"{metric} {F(next)} vs serving {F(current)}: worse than the {tolerance:P0} tolerance allows (floor {F(floor)}); the serving model stays");
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
