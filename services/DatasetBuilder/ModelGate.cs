using System.Globalization;
using DatasetBuilder.Runs;
using Recommender.Core.Builds;

namespace DatasetBuilder;

/// <summary>The one keep-or-discard rule of both modes: a new model serves unless its metric is worse than the serving one's by more than the tolerance (a fraction of it).</summary>
public static class ModelGate
{
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

    /// <summary>
    /// Decides and records the decision on <paramref name="run"/> (metrics, baseline, kept, the reason in its report): a kept
    /// model goes on to <paramref name="keptStep"/>, a discarded one ends the run, which succeeded (its datasets were published).
    /// </summary>
    public static (BuildRun Run, string Reason) Apply(BuildRun run, Dictionary<string, double> metrics, Dictionary<string, double> baseline,
        DatasetBuilderOptions options, string keptStep, DateTimeOffset now)
    {
        var (keep, reason) = Decide(metrics, baseline, options.GateMetric, options.Tolerance);
        var decided = run with { Metrics = metrics, Baseline = baseline, Kept = keep, Report = RunReport.Append(run.Report, reason) };
        return (keep
            ? decided with { Step = keptStep }
            : decided with { Step = RunSteps.Done, Status = RunStatus.Succeeded, FinishedAt = now }, reason);
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
