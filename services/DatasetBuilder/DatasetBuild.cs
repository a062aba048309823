using System.Globalization;
using DatasetBuilder.Csv;
using DatasetBuilder.Runs;
using DatasetBuilder.Staging;
using DatasetBuilder.Validation;
using Recommender.Core.Archive;
using Recommender.Core.Builds;
using Recommender.Core.Catalog;
using Recommender.Core.Profiles;

namespace DatasetBuilder;

/// <summary>What to build: the whole archive or what came since the last run, under a run id (one per schedule day, so a second firing finds its run).</summary>
public sealed record BuildRequest(string? RunId = null, bool SinceLast = true, string Trigger = "manual");

public sealed class BuildBusyException(string runId) : Exception($"run {runId} is being built by another process; try again when its lease ends");

/// <summary>
/// The daily build: read the archive into the builder database (de-duplicated by (user_id, event_id)), add the track catalog
/// to the items, write the three CSVs,
/// validate them against Personalize's requirements, then hand them to the mode's publisher. Every step is recorded,
/// a run resumes where it stopped, and a finished run is never redone.
/// </summary>
public sealed class DatasetBuild(
    BuilderDatabase database, RunLedger ledger, IEventArchive archive, IProfileStore profiles, ITrackCatalog catalog,
    IRunPublisher publisher, DatasetBuilderOptions options, TimeProvider time)
{
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Finishes any interrupted run first, then builds the requested one; returns the requested run as recorded.</summary>
    public async Task<BuildRun> RunAsync(BuildRequest request, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var runId = request.RunId ?? NewRunId(request.Trigger, time.GetUtcNow());
            foreach (var interrupted in (await ledger.UnfinishedAsync(cancellationToken)).Where(r => r.RunId != runId))
            {
                progress?.Report(new BuildProgress("resume", $"run {interrupted.RunId} stopped at step {interrupted.Step}; finishing it first"));
                await ContinueAsync(interrupted, progress, cancellationToken);
            }
            var now = time.GetUtcNow();
            var run = await ledger.CreateAsync(new BuildRun
            {
                RunId = runId,
                Trigger = request.Trigger,
                Mode = publisher.Mode,
                SinceHour = request.SinceLast ? database.LastReadWatermark() ?? await LedgerWatermarkAsync(cancellationToken) : null,
                Watermark = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero),
                StartedAt = now,
            }, cancellationToken);
            if (run.IsFinished)
            {
                progress?.Report(new BuildProgress("done", $"run {run.RunId} already finished ({run.Status}); nothing to do"));
                return run;
            }
            if (run.Step != RunSteps.Read) progress?.Report(new BuildProgress("resume", $"run {run.RunId} resumes at step {run.Step}"));
            return await ContinueAsync(run, progress, cancellationToken);
        }
        finally { _oneAtATime.Release(); }
    }

    /// <summary>Continues every interrupted run (oldest first) and starts none; returns them as recorded, empty when none was in progress.</summary>
    public async Task<IReadOnlyList<BuildRun>> ResumeAsync(IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var resumed = new List<BuildRun>();
            foreach (var interrupted in await ledger.UnfinishedAsync(cancellationToken))
            {
                progress?.Report(new BuildProgress("resume", $"run {interrupted.RunId} resumes at step {interrupted.Step}"));
                resumed.Add(await ContinueAsync(interrupted, progress, cancellationToken));
            }
            return resumed;
        }
        finally { _oneAtATime.Release(); }
    }

    /// <summary>
    /// Where an INCREMENTAL aws build with an empty staging file starts reading: the watermark of the last run that published,
    /// since Personalize's datasets hold everything before it. Null otherwise (the whole archive is read).
    /// </summary>
    private async Task<DateTimeOffset?> LedgerWatermarkAsync(CancellationToken cancellationToken) =>
        ReadsFromLedger ? (await ledger.LastPublishedAsync(BuildModes.Aws, cancellationToken))?.Watermark : null;

    private bool ReadsFromLedger => publisher.Mode == BuildModes.Aws && options.Aws.ImportMode == "INCREMENTAL";

    public static string NewRunId(string trigger, DateTimeOffset at) =>
        $"{trigger}-{at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";

    /// <summary>The run id of the scheduled build of one day: the same whichever time the timer fires that day.</summary>
    public static string ScheduledRunId(DateOnly day) => $"daily-{day:yyyy-MM-dd}";

    private async Task<BuildRun> ContinueAsync(BuildRun run, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        if (run.Mode != publisher.Mode)
            throw new InvalidOperationException($"run {run.RunId} was started in {run.Mode} mode; resume it in that mode");
        if (!await ledger.TryClaimAsync(run.RunId, _owner, options.Lease, cancellationToken)) throw new BuildBusyException(run.RunId);
        try
        {
            var folder = Path.Combine(options.BuildsDirectory, run.RunId);
            run = await StepBackOverLostFilesAsync(run, folder, progress, cancellationToken);
            if (run.Step == RunSteps.Read) run = await ReadAsync(run, progress, cancellationToken);
            if (run.Step == RunSteps.Write) run = await WriteAndValidateAsync(run, folder, progress, cancellationToken);
            if (!run.IsFinished)
            {
                // renew the lease for the publishing steps; lost means another process took the run over (our lease ran out)
                if (!await ledger.TryClaimAsync(run.RunId, _owner, options.Lease, cancellationToken)) throw new BuildBusyException(run.RunId);
                run = await publisher.ContinueAsync(run, folder, progress, cancellationToken);
            }
            if (run.IsFinished && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            return run;
        }
        catch (Exception e) when (e is not OperationCanceledException and not BuildBusyException)
        {
            // a failure stays resumable: the step is kept, only the report says what went wrong. The publisher saved its
            // steps as it went, so the ledger's copy is newer than ours.
            var latest = await ledger.GetAsync(run.RunId, CancellationToken.None) ?? run;
            var what = e is TimeoutException ? "is still waiting" : "failed";
            await ledger.SaveAsync(latest with { Report = RunReport.Append(latest.Report, $"step {latest.Step} {what}: {e.Message}") }, CancellationToken.None);
            throw;
        }
        finally { await ledger.ReleaseAsync(run.RunId, _owner, CancellationToken.None); }
    }

    /// <summary>
    /// The ledger may outlive the builder's own files (on AWS they are in a Lambda container's /tmp): a run whose CSVs are
    /// gone writes them again, and one whose read is not in this staging file reads the archive again.
    /// </summary>
    private async Task<BuildRun> StepBackOverLostFilesAsync(BuildRun run, string folder, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        if (run.Step == publisher.FirstStep && !DatasetFiles.All.All(f => File.Exists(Path.Combine(folder, f))))
        {
            progress?.Report(new BuildProgress("resume", $"run {run.RunId}: its dataset files are gone; writing them again"));
            run = await ledger.SaveAsync(run with { Step = RunSteps.Write }, cancellationToken);
        }
        if (run.Step == RunSteps.Write && !database.HasRead(run.RunId))
        {
            progress?.Report(new BuildProgress("resume", $"run {run.RunId}: the staging file does not hold its read; reading the archive again"));
            run = await ledger.SaveAsync(run with { Step = RunSteps.Read }, cancellationToken);
        }
        return run;
    }

    private async Task<BuildRun> ReadAsync(BuildRun run, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        // "since last" holds while the staging file has every event before that hour, or (INCREMENTAL on aws) while Personalize's
        // datasets do: an empty file (a new Lambda container) then reads from the ledger's watermark instead of the whole archive
        var staged = database.LastReadWatermark();
        var fromLedger = staged is null && run.SinceHour is not null && ReadsFromLedger;
        var sinceHour = run.SinceHour is { } hour && (staged >= hour || fromLedger) ? hour : (DateTimeOffset?)null;
        // an increment is this run's new rows: what a staging file that held the earlier reads tells apart, or all a ledger-started read saw
        var importMode = run.Mode != BuildModes.Aws ? null : options.Aws.ImportMode == "INCREMENTAL" && (staged is not null || fromLedger) ? "INCREMENTAL" : "FULL";
        progress?.Report(new BuildProgress(RunSteps.Read, sinceHour is { } since ? $"reading archive partitions from {since:yyyy-MM-dd HH}:00 UTC" : "reading the whole archive"));
        var counts = await new ArchiveIngest(database).RunAsync(archive, sinceHour, run.RunId, progress, cancellationToken);
        database.RecordRead(run.RunId, run.Watermark);
        progress?.Report(new BuildProgress(RunSteps.Read, $"{counts.Read:N0} events read: {counts.New:N0} new, {counts.Duplicates:N0} already seen"));
        var next = new Dictionary<string, long>(run.Counts, StringComparer.Ordinal)
        {
            ["events_read"] = counts.Read,
            ["events_new"] = counts.New,
            ["duplicates"] = counts.Duplicates,
        };
        return await ledger.SaveAsync(run with
        {
            SinceHour = sinceHour, Counts = next, Step = RunSteps.Write, Aws = run.Aws with { ImportMode = importMode, PartialCatalogs = fromLedger },
        }, cancellationToken);
    }

    private async Task<BuildRun> WriteAndValidateAsync(BuildRun run, string folder, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        var incremental = run.Aws.ImportMode == "INCREMENTAL" ? run.RunId : null;
        var published = incremental is null ? [] : await ledger.PublishedRunIdsAsync(cancellationToken);
        var fromCatalog = await new CatalogItems(database).MergeAsync(catalog, time.GetUtcNow(), cancellationToken);
        progress?.Report(new BuildProgress("write", $"{fromCatalog:N0} catalog tracks in ITEMS, played or not"));
        var counts = await new DatasetFiles(database, profiles).WriteAsync(folder, incremental, published, progress, cancellationToken);
        var report = new DatasetValidator(database, options.Limits).Validate(folder, counts, incremental, wholeDataset: !run.Aws.PartialCatalogs);
        progress?.Report(new BuildProgress("validate", report.ToText()));
        var next = new Dictionary<string, long>(run.Counts, StringComparer.Ordinal)
        {
            ["interactions"] = counts.Interactions,
            ["users"] = counts.Users,
            ["items"] = counts.Items,
        };
        if (!report.Passed)
        {
            Directory.Delete(folder, recursive: true);
            return await ledger.SaveAsync(run with { Counts = next, Report = report.ToText(), Status = RunStatus.Invalid, Step = RunSteps.Done, FinishedAt = time.GetUtcNow() }, cancellationToken);
        }
        return await ledger.SaveAsync(run with { Counts = next, Report = report.ToText(), Step = publisher.FirstStep }, cancellationToken);
    }
}
