using DatasetBuilder.Csv;
using DatasetBuilder.Runs;
using Recommender.Adapters.Aws.Personalize;
using Recommender.Adapters.Aws.Protocol;
using Recommender.Core.Builds;
using Recommender.Core.Datasets;
using Recommender.Engine.Hosting;

namespace DatasetBuilder.Aws;

/// <summary>
/// AWS mode: upload the files to S3 under the run's prefix, import them into the Personalize datasets, train a new
/// solution version, read its metrics and move the campaign to it when <see cref="ModelGate"/> (the engine's rule) keeps it. What each step
/// creates is recorded before the next starts; a resumed run describes what exists instead of creating it again.
/// </summary>
public sealed class AwsRunPublisher(IDatasetStore store, PersonalizeControlPlane personalize, RunLedger ledger, DatasetBuilderOptions options, TimeProvider time) : IRunPublisher
{
    private readonly PersonalizeBootstrap _bootstrap = new(personalize, options.Aws);
    private AwsBuildOptions Aws => options.Aws;

    public string Mode => BuildModes.Aws;
    public string FirstStep => RunSteps.Publish;

    public async Task<BuildRun> ContinueAsync(BuildRun run, string folder, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        while (run.Step != RunSteps.Done)
        {
            cancellationToken.ThrowIfCancellationRequested();
            run = run.Step switch
            {
                RunSteps.Publish => await UploadAsync(run, folder, progress, cancellationToken),
                RunSteps.Import => await ImportAsync(run, progress, cancellationToken),
                RunSteps.WaitImport => await WaitImportsAsync(run, progress, cancellationToken),
                RunSteps.CreateSolutionVersion => await CreateSolutionVersionAsync(run, progress, cancellationToken),
                RunSteps.WaitTraining => await WaitTrainingAsync(run, progress, cancellationToken),
                RunSteps.Metrics => await CompareMetricsAsync(run, progress, cancellationToken),
                RunSteps.UpdateCampaign => await UpdateCampaignAsync(run, progress, cancellationToken),
                _ => throw new InvalidOperationException($"run {run.RunId} is at step \"{run.Step}\", which aws mode does not have"),
            };
        }
        return run;
    }

    private IEnumerable<(string File, string DatasetArn)> Datasets()
    {
        yield return (DatasetFiles.InteractionsFile, Aws.InteractionsDatasetArn!);
        if (!string.IsNullOrWhiteSpace(Aws.UsersDatasetArn)) yield return (DatasetFiles.UsersFile, Aws.UsersDatasetArn);
        if (!string.IsNullOrWhiteSpace(Aws.ItemsDatasetArn)) yield return (DatasetFiles.ItemsFile, Aws.ItemsDatasetArn);
    }

    private async Task<BuildRun> UploadAsync(BuildRun run, string folder, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        var uploaded = new Dictionary<string, string>(run.Aws.Uploaded, StringComparer.Ordinal);
        foreach (var (file, _) in Datasets())
        {
            await using var content = File.OpenRead(Path.Combine(folder, file));
            uploaded[file] = await store.PutAsync(run.RunId, file, content, cancellationToken);
            progress?.Report(new BuildProgress(RunSteps.Publish, $"{file} → {uploaded[file]}"));
        }
        return await ledger.SaveAsync(run with { Step = RunSteps.Import, Aws = run.Aws with { Uploaded = uploaded, ImportMode = run.Aws.ImportMode ?? Aws.ImportMode } }, cancellationToken);
    }

    private async Task<BuildRun> ImportAsync(BuildRun run, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        foreach (var (file, datasetArn) in Datasets())
        {
            if (run.Aws.ImportJobs.ContainsKey(file)) continue;
            var jobName = JobName(run.RunId, file);
            // USERS and ITEMS files are whole catalogs, unless the run read only an increment into an empty staging file
            var mode = file == DatasetFiles.InteractionsFile || run.Aws.PartialCatalogs ? run.Aws.ImportMode ?? Aws.ImportMode : "FULL";
            string arn;
            try
            {
                arn = await personalize.CreateDatasetImportJobAsync(jobName, datasetArn, run.Aws.Uploaded[file], mode, cancellationToken);
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ResourceAlreadyExistsException")
            {
                // created before a crash that came before we saved its ARN: job names are unique, so the ARN follows from the name
                arn = $"{ArnPrefix(personalize.DatasetGroupArn)}:dataset-import-job/{jobName}";
            }
            progress?.Report(new BuildProgress(RunSteps.Import, $"{file}: {mode} import job {arn}"));
            var jobs = new Dictionary<string, string>(run.Aws.ImportJobs, StringComparer.Ordinal) { [file] = arn };
            run = await ledger.SaveAsync(run with { Aws = run.Aws with { ImportJobs = jobs } }, cancellationToken);
        }
        return await ledger.SaveAsync(run with { Step = RunSteps.WaitImport }, cancellationToken);
    }

    private async Task<BuildRun> WaitImportsAsync(BuildRun run, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        foreach (var (file, arn) in run.Aws.ImportJobs)
        {
            var status = await WaitAsync($"import of {file}", async ct =>
            {
                var job = await personalize.DescribeDatasetImportJobAsync(arn, ct);
                return (job.Status, job.FailureReason);
            }, progress, cancellationToken);
            if (status is not null) return await FailAsync(run, $"the import of {file} ({arn}) failed: {status}", cancellationToken);
        }
        return await ledger.SaveAsync(run with { Step = RunSteps.CreateSolutionVersion }, cancellationToken);
    }

    /// <summary>
    /// Trains this run's version of the solution and, when a related-items solution is configured, of that one too: the
    /// related-items campaign serves only a version trained by a run whose model the gate kept. Automatic training is
    /// turned off first (the API's default is on): it would train ungated versions every 7 days at training-hour prices.
    /// </summary>
    private async Task<BuildRun> CreateSolutionVersionAsync(BuildRun run, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        foreach (var line in await _bootstrap.TurnOffAutomaticTrainingAsync(cancellationToken))
        {
            progress?.Report(new BuildProgress(RunSteps.CreateSolutionVersion, line));
            run = run with { Report = RunReport.Append(run.Report, line) };
        }
        if (run.Aws.SolutionVersionArn is null)
        {
            var arn = await CreateVersionAsync(Aws.SolutionArn!, run.RunId, progress, cancellationToken);
            run = await ledger.SaveAsync(run with { Aws = run.Aws with { SolutionVersionArn = arn } }, cancellationToken);
        }
        if (Aws.RelatedItemsSolutionArn is { Length: > 0 } sims && run.Aws.RelatedItemsSolutionVersionArn is null)
        {
            var arn = await CreateVersionAsync(sims, run.RunId, progress, cancellationToken);
            run = run with { Aws = run.Aws with { RelatedItemsSolutionVersionArn = arn } };
        }
        return await ledger.SaveAsync(run with { Step = RunSteps.WaitTraining }, cancellationToken);
    }

    /// <summary>A FULL training under the run's name; a version a lost answer already created under that name is adopted.</summary>
    private async Task<string> CreateVersionAsync(string solutionArn, string runId, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        string arn;
        try
        {
            arn = await personalize.CreateSolutionVersionAsync(solutionArn, "FULL", runId, cancellationToken);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceAlreadyExistsException")
        {
            // a create whose answer was lost (timed out, or a crash before the ARN was saved) made the version: the run's name finds it
            arn = (await personalize.FindSolutionVersionAsync(solutionArn, runId, cancellationToken))?.SolutionVersionArn
                  ?? throw new InvalidOperationException($"Personalize says a solution version named {runId} exists, but none of {solutionArn}'s versions has that name", e);
            progress?.Report(new BuildProgress(RunSteps.CreateSolutionVersion, $"adopting {arn}, created under this run's name by an earlier attempt"));
            return arn;
        }
        progress?.Report(new BuildProgress(RunSteps.CreateSolutionVersion, $"training solution version {arn}"));
        return arn;
    }

    private async Task<BuildRun> WaitTrainingAsync(BuildRun run, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        var failure = await WaitForVersionAsync("training", run.Aws.SolutionVersionArn!, progress, cancellationToken);
        if (failure is not null) return await FailAsync(run, $"training {run.Aws.SolutionVersionArn} failed: {failure}", cancellationToken);
        if (run.Aws.RelatedItemsSolutionVersionArn is { } related
            && await WaitForVersionAsync("related-items training", related, progress, cancellationToken) is { } relatedFailure)
        {
            // the related-items campaign keeps what it serves; the run's main model is still judged
            run = run with
            {
                Report = RunReport.Append(run.Report, $"related-items training {related} failed: {relatedFailure}; that campaign stays as it is"),
                Aws = run.Aws with { RelatedItemsSolutionVersionArn = null },
            };
        }
        return await ledger.SaveAsync(run with { Step = RunSteps.Metrics }, cancellationToken);
    }

    private Task<string?> WaitForVersionAsync(string what, string versionArn, IProgress<BuildProgress>? progress, CancellationToken cancellationToken) =>
        WaitAsync(what, async ct =>
        {
            var version = await personalize.DescribeSolutionVersionAsync(versionArn, ct);
            return (version.Status, version.FailureReason);
        }, progress, cancellationToken);

    private async Task<BuildRun> CompareMetricsAsync(BuildRun run, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        var metrics = PersonalizeMetrics.ToEngineNames(await personalize.GetSolutionMetricsAsync(run.Aws.SolutionVersionArn!, cancellationToken));
        // no campaign yet (a first deployment): nothing serves, so the first trained version is kept
        var serving = (await _bootstrap.FindCampaignAsync(CampaignArn, cancellationToken))?.SolutionVersionArn;
        var baseline = serving is null || serving == run.Aws.SolutionVersionArn
            ? new Dictionary<string, double>(StringComparer.Ordinal)
            : PersonalizeMetrics.ToEngineNames(await personalize.GetSolutionMetricsAsync(serving, cancellationToken));
        var (keep, reason) = ModelGate.Decide(metrics, baseline, options.GateMetric, options.Tolerance);
        var decided = RunGate.Record(run with { Aws = run.Aws with { PreviousSolutionVersionArn = serving } },
            metrics, baseline, keep, reason, time.GetUtcNow(), RunSteps.UpdateCampaign);
        progress?.Report(new BuildProgress(RunSteps.Metrics, reason));
        return await ledger.SaveAsync(decided, cancellationToken);
    }

    /// <summary>The kept model serves: the campaign moves to the run's version, and the related-items campaign to the run's related-items version.</summary>
    private async Task<BuildRun> UpdateCampaignAsync(BuildRun run, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        var target = run.Aws.SolutionVersionArn!;
        if (await MoveCampaignAsync(CampaignArn, target, progress, cancellationToken) is { } failure)
            return await FailAsync(run, $"the campaign update to {target} failed: {failure}", cancellationToken);
        var report = run.Report;
        if (run.Aws.RelatedItemsSolutionVersionArn is { } related && Aws.RelatedItemsCampaignArn is { Length: > 0 } relatedCampaign)
        {
            var line = await MoveCampaignAsync(relatedCampaign, related, progress, cancellationToken) is { } relatedFailure
                ? $"the related-items campaign update to {related} failed: {relatedFailure}; it serves what it did"
                : $"related-items campaign {relatedCampaign} serves {related}";
            progress?.Report(new BuildProgress(RunSteps.UpdateCampaign, line));
            report = RunReport.Append(report, line);
        }
        foreach (var line in await _bootstrap.EnsureExtrasAsync(cancellationToken))
        {
            progress?.Report(new BuildProgress(RunSteps.UpdateCampaign, line));
            report = RunReport.Append(report, line);
        }
        return await ledger.SaveAsync(run with { Report = report, Step = RunSteps.Done, Status = RunStatus.Succeeded, FinishedAt = time.GetUtcNow() }, cancellationToken);
    }

    /// <summary>Creates the campaign on <paramref name="target"/> or moves it there, and waits until it serves it; returns why it failed, or null.</summary>
    private async Task<string?> MoveCampaignAsync(string campaignArn, string target, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        var campaign = await _bootstrap.FindCampaignAsync(campaignArn, cancellationToken);
        // a resumed run may find its update already made or under way
        var asked = campaign is not null && (campaign.SolutionVersionArn == target || campaign.LatestCampaignUpdate?.SolutionVersionArn == target);
        if (campaign is null)
        {
            await _bootstrap.CreateCampaignAsync(campaignArn, target, cancellationToken);
            progress?.Report(new BuildProgress(RunSteps.UpdateCampaign, $"campaign {campaignArn} created on {target}"));
        }
        else if (!asked)
        {
            await personalize.UpdateCampaignAsync(campaignArn, target, null, cancellationToken);
            progress?.Report(new BuildProgress(RunSteps.UpdateCampaign, $"campaign {campaignArn} moving to {target}"));
        }
        return await WaitAsync("campaign update", async ct =>
        {
            var c = await personalize.DescribeCampaignAsync(campaignArn, ct);
            var update = c.LatestCampaignUpdate;
            if (update is not null && update.SolutionVersionArn == target) return (update.Status ?? c.Status, update.FailureReason);
            return (c.SolutionVersionArn == target ? c.Status : "UPDATE PENDING", c.FailureReason);
        }, progress, cancellationToken);
    }

    private string CampaignArn => Aws.CampaignArn!;

    /// <summary>Polls with doubling delays until ACTIVE (returns null) or a FAILED status (returns the reason).</summary>
    private async Task<string?> WaitAsync(string what, Func<CancellationToken, Task<(string Status, string? Reason)>> describe,
        IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        var delay = Aws.PollInitialDelay;
        var deadline = time.GetUtcNow() + Aws.WaitTimeout;
        string? last = null;
        while (true)
        {
            var (status, reason) = await describe(cancellationToken);
            if (status == "ACTIVE") return null;
            if (status.Contains("FAILED", StringComparison.Ordinal)) return $"{status}: {reason ?? "no reason given"}";
            if (status != last) progress?.Report(new BuildProgress("wait", $"{what}: {status}"));
            last = status;
            if (time.GetUtcNow() > deadline) throw new TimeoutException($"{what} still {status} after {Aws.WaitTimeout}; the run resumes from here next time");
            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Aws.PollMaxDelay.Ticks));
        }
    }

    private Task<BuildRun> FailAsync(BuildRun run, string why, CancellationToken cancellationToken) =>
        ledger.SaveAsync(run with { Status = RunStatus.Failed, Step = RunSteps.Done, FinishedAt = time.GetUtcNow(), Report = RunReport.Append(run.Report, why) }, cancellationToken);

    internal static string JobName(string runId, string file) => $"{runId}-{Path.GetFileNameWithoutExtension(file)}";

    /// <summary>"arn:aws:personalize:us-east-1:123456789012" from any ARN of the account and region.</summary>
    internal static string ArnPrefix(string arn) => string.Join(':', arn.Split(':').Take(5));
}
