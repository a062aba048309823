using DatasetBuilder.Runs;
using Recommender.Core.Builds;

namespace DatasetBuilder;

/// <summary>Records a keep-or-discard decision (made by <see cref="Recommender.Engine.Hosting.ModelGate"/>) on a run, the same way in both modes.</summary>
public static class RunGate
{
    /// <summary>
    /// The run gets the metrics, the baseline, the decision and its reason (in its report). A kept model goes on to <paramref name="keptStep"/>,
    /// or ends the run when <paramref name="keptStep"/> is null (locally the model owner already swapped it in); a discarded one ends the
    /// run, which succeeded (its datasets were published).
    /// </summary>
    public static BuildRun Record(BuildRun run, Dictionary<string, double> metrics, Dictionary<string, double> baseline, bool keep, string reason,
        DateTimeOffset now, string? keptStep = null)
    {
        var decided = run with { Metrics = metrics, Baseline = baseline, Kept = keep, Report = RunReport.Append(run.Report, reason) };
        return keep && keptStep is not null
            ? decided with { Step = keptStep }
            : decided with { Step = RunSteps.Done, Status = RunStatus.Succeeded, FinishedAt = now };
    }
}
