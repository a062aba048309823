using System.Globalization;
using DatasetBuilder.Csv;
using DatasetBuilder.Runs;
using DatasetBuilder.Staging;
using DatasetBuilder.Validation;
using Recommender.Core.Archive;
using Recommender.Core.Profiles;

namespace DatasetBuilder;

/// <summary>What to build: the whole archive or what came since the last run, under a run id (one per schedule day, so a second firing finds its run).</summary>
public sealed record BuildRequest(string? RunId = null, bool SinceLast = true, string Trigger = "manual");

public sealed class BuildBusyException(string runId) : Exception($"run {runId} is being built by another process; try again when its lease ends");

/// <summary>
/// The daily build: read the archive into the builder database (de-duplicated by event_id), write the three CSVs,
/// validate them against Personalize's requirements, then hand them to the mode's publisher. Every step is recorded,
/// a run resumes where it stopped, and a finished run is never redone.
/// </summary>
public sealed class DatasetBuild(
    BuilderDatabase database, RunLedger ledger, IEventArchive archive, IProfileStore profiles,
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
            var runId = request.RunId ?? NewRunId(request.Trigger);
            foreach (var interrupted in ledger.Unfinished().Where(r => r.RunId != runId))
            {
                progress?.Report(new BuildProgress("resume", $"run {interrupted.RunId} stopped at step {interrupted.Step}; finishing it first"));
                await ContinueAsync(interrupted, progress, cancellationToken);
            }
            var now = time.GetUtcNow();
            var run = ledger.Create(new BuildRun
            {
                RunId = runId,
                Trigger = request.Trigger,
                Mode = publisher.Mode,
                SinceHour = request.SinceLast ? ledger.LastRead()?.Watermark : null,
                Watermark = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero),
                StartedAt = now,
            });
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
            foreach (var interrupted in ledger.Unfinished())
            {
                progress?.Report(new BuildProgress("resume", $"run {interrupted.RunId} resumes at step {interrupted.Step}"));
                resumed.Add(await ContinueAsync(interrupted, progress, cancellationToken));
            }
            return resumed;
        }
        finally { _oneAtATime.Release(); }
    }

    public static string NewRunId(string trigger, DateTimeOffset? at = null) =>
        $"{trigger}-{(at ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";

    /// <summary>The run id of the scheduled build of one day: the same whichever time the timer fires that day.</summary>
    public static string ScheduledRunId(DateOnly day) => $"daily-{day:yyyy-MM-dd}";

    private async Task<BuildRun> ContinueAsync(BuildRun run, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        if (run.Mode != publisher.Mode)
            throw new InvalidOperationException($"run {run.RunId} was started in {run.Mode} mode; resume it in that mode");
        if (!ledger.TryClaim(run.RunId, _owner, options.Lease)) throw new BuildBusyException(run.RunId);
        try
        {
            var folder = Path.Combine(options.BuildsDirectory, run.RunId);
            if (run.Step == RunSteps.Read) run = await ReadAsync(run, progress, cancellationToken);
            if (run.Step == RunSteps.Write) run = await WriteAndValidateAsync(run, folder, progress, cancellationToken);
            if (!run.IsFinished)
            {
                ledger.TryClaim(run.RunId, _owner, options.Lease);
                run = await publisher.ContinueAsync(run, folder, progress, cancellationToken);
            }
            if (run.IsFinished && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            return run;
        }
        catch (Exception e) when (e is not OperationCanceledException and not BuildBusyException)
        {
            // a failure stays resumable: the step is kept, only the report says what went wrong
            ledger.Save(run with { Report = RunReport.Append(run.Report, $"step {run.Step} failed: {e.Message}") });
            throw;
        }
        finally { ledger.Release(run.RunId, _owner); }
    }

    private async Task<BuildRun> ReadAsync(BuildRun run, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new BuildProgress(RunSteps.Read, run.SinceHour is { } since ? $"reading archive partitions from {since:yyyy-MM-dd HH}:00 UTC" : "reading the whole archive"));
        var counts = await new ArchiveIngest(database).RunAsync(archive, run.SinceHour, run.RunId, progress, cancellationToken);
        progress?.Report(new BuildProgress(RunSteps.Read, $"{counts.Read:N0} events read: {counts.New:N0} new, {counts.Duplicates:N0} already seen"));
        var next = new Dictionary<string, long>(run.Counts, StringComparer.Ordinal)
        {
            ["events_read"] = counts.Read,
            ["events_new"] = counts.New,
            ["duplicates"] = counts.Duplicates,
        };
        return ledger.Save(run with { Counts = next, Step = RunSteps.Write });
    }

    private async Task<BuildRun> WriteAndValidateAsync(BuildRun run, string folder, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        var incremental = run.Mode == BuildModes.Aws && options.Aws.ImportMode == "INCREMENTAL" ? run.RunId : null;
        var counts = await new DatasetFiles(database, profiles).WriteAsync(folder, incremental, progress, cancellationToken);
        var report = new DatasetValidator(database, options.Limits).Validate(folder, counts, incremental);
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
            return ledger.Save(run with { Counts = next, Report = report.ToText(), Status = RunStatus.Invalid, Step = RunSteps.Done, FinishedAt = time.GetUtcNow() });
        }
        return ledger.Save(run with { Counts = next, Report = report.ToText(), Step = publisher.FirstStep });
    }
}
