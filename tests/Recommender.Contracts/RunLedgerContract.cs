using Recommender.Core.Builds;

namespace Recommender.Contracts;

/// <summary>What every run ledger must do, whatever keeps it: each store's test class runs these against its own.</summary>
public abstract class RunLedgerContract
{
    protected static readonly DateTimeOffset Start = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);
    protected readonly ManualClock Clock = new(Start);

    protected abstract Task<RunLedger> LedgerAsync();

    private static BuildRun NewRun(string id, DateTimeOffset startedAt, string mode = BuildModes.Aws) => new()
    {
        RunId = id, Trigger = "schedule", Mode = mode, Watermark = startedAt, StartedAt = startedAt, SinceHour = startedAt.AddDays(-1),
    };

    [Fact]
    public async Task a_saved_run_reads_back_whole()
    {
        var ledger = await LedgerAsync();
        var run = await ledger.CreateAsync(NewRun("daily-2026-11-21", Start), CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(5));
        var saved = await ledger.SaveAsync(run with
        {
            Step = RunSteps.Metrics,
            Counts = new(StringComparer.Ordinal) { ["interactions"] = 1_234_567 },
            Metrics = new(StringComparer.Ordinal) { ["ndcg@10"] = 0.2146 },
            Baseline = new(StringComparer.Ordinal) { ["ndcg@10"] = 0.2 },
            Kept = true,
            ModelVersion = 3,
            Report = "line one\nline two",
            Aws = new AwsRunState
            {
                ImportMode = "INCREMENTAL",
                Uploaded = new(StringComparer.Ordinal) { ["interactions.csv"] = "s3://b/datasets/r/interactions.csv" },
                ImportJobs = new(StringComparer.Ordinal) { ["interactions.csv"] = "arn:job" },
                SolutionVersionArn = "arn:version",
            },
        }, CancellationToken.None);

        var read = (await ledger.GetAsync("daily-2026-11-21", CancellationToken.None)).ShouldNotBeNull();

        read.UpdatedAt.ShouldBe(Start.AddMinutes(5));
        read.Step.ShouldBe(RunSteps.Metrics);
        read.SinceHour.ShouldBe(Start.AddDays(-1));
        read.Counts["interactions"].ShouldBe(1_234_567);
        read.Metrics["ndcg@10"].ShouldBe(0.2146);
        read.Baseline["ndcg@10"].ShouldBe(0.2);
        read.Kept.ShouldBe(true);
        read.ModelVersion.ShouldBe(3);
        read.Report.ShouldBe("line one\nline two");
        read.Aws.ImportMode.ShouldBe("INCREMENTAL");
        read.Aws.Uploaded.ShouldBe(saved.Aws.Uploaded);
        read.Aws.ImportJobs.ShouldBe(saved.Aws.ImportJobs);
        read.Aws.SolutionVersionArn.ShouldBe("arn:version");
        (await ledger.GetAsync("daily-2026-11-22", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task creating_a_run_twice_keeps_the_first_and_returns_it()
    {
        var ledger = await LedgerAsync();
        var first = await ledger.CreateAsync(NewRun("daily-2026-11-21", Start), CancellationToken.None);
        await ledger.SaveAsync(first with { Step = RunSteps.Import }, CancellationToken.None);

        var second = await ledger.CreateAsync(NewRun("daily-2026-11-21", Start.AddHours(1)) with { Trigger = "manual" }, CancellationToken.None);

        second.Step.ShouldBe(RunSteps.Import);
        second.Trigger.ShouldBe("schedule");
        second.StartedAt.ShouldBe(Start);
        (await ledger.RecentAsync(10, CancellationToken.None)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task saving_a_run_never_created_fails()
    {
        var ledger = await LedgerAsync();

        await Should.ThrowAsync<InvalidOperationException>(() => ledger.SaveAsync(NewRun("ghost", Start), CancellationToken.None));
        (await ledger.GetAsync("ghost", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task one_owner_at_a_time_holds_a_run_until_it_releases_it_or_the_lease_runs_out()
    {
        var ledger = await LedgerAsync();
        await ledger.CreateAsync(NewRun("r1", Start), CancellationToken.None);
        var lease = TimeSpan.FromMinutes(10);

        (await ledger.TryClaimAsync("r1", "a", lease, CancellationToken.None)).ShouldBeTrue();
        (await ledger.TryClaimAsync("r1", "b", lease, CancellationToken.None)).ShouldBeFalse();
        (await ledger.TryClaimAsync("r1", "a", lease, CancellationToken.None)).ShouldBeTrue("the holder renews its own lease");
        await ledger.ReleaseAsync("r1", "b", CancellationToken.None);
        (await ledger.TryClaimAsync("r1", "b", lease, CancellationToken.None)).ShouldBeFalse("a release by another owner releases nothing");

        await ledger.ReleaseAsync("r1", "a", CancellationToken.None);
        (await ledger.TryClaimAsync("r1", "b", lease, CancellationToken.None)).ShouldBeTrue();

        Clock.Advance(lease + TimeSpan.FromSeconds(1));
        (await ledger.TryClaimAsync("r1", "c", lease, CancellationToken.None)).ShouldBeTrue("b crashed: its lease ran out");
        (await ledger.TryClaimAsync("r1", "b", lease, CancellationToken.None)).ShouldBeFalse();
        (await ledger.TryClaimAsync("missing", "a", lease, CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public async Task saving_keeps_the_lease_and_claiming_keeps_the_state()
    {
        var ledger = await LedgerAsync();
        var run = await ledger.CreateAsync(NewRun("r1", Start), CancellationToken.None);
        (await ledger.TryClaimAsync("r1", "a", TimeSpan.FromMinutes(10), CancellationToken.None)).ShouldBeTrue();

        await ledger.SaveAsync(run with { Step = RunSteps.WaitTraining }, CancellationToken.None);
        (await ledger.TryClaimAsync("r1", "b", TimeSpan.FromMinutes(10), CancellationToken.None)).ShouldBeFalse();
        (await ledger.TryClaimAsync("r1", "a", TimeSpan.FromMinutes(10), CancellationToken.None)).ShouldBeTrue();

        (await ledger.GetAsync("r1", CancellationToken.None))!.Step.ShouldBe(RunSteps.WaitTraining);
    }

    [Fact]
    public async Task the_queries_find_recent_unfinished_and_last_kept_runs()
    {
        var ledger = await LedgerAsync();
        var old = await ledger.CreateAsync(NewRun("daily-2026-11-19", Start.AddDays(-2)), CancellationToken.None);
        var kept = await ledger.CreateAsync(NewRun("daily-2026-11-20", Start.AddDays(-1)), CancellationToken.None);
        var local = await ledger.CreateAsync(NewRun("manual-20261120T1200Z", Start.AddDays(-1).AddHours(9), BuildModes.Local), CancellationToken.None);
        await ledger.CreateAsync(NewRun("daily-2026-11-21", Start), CancellationToken.None);
        await ledger.SaveAsync(old with { Status = RunStatus.Succeeded, Step = RunSteps.Done, Kept = true, FinishedAt = Start.AddDays(-2).AddHours(2) }, CancellationToken.None);
        await ledger.SaveAsync(kept with { Status = RunStatus.Succeeded, Step = RunSteps.Done, Kept = true, FinishedAt = Start.AddDays(-1).AddHours(2) }, CancellationToken.None);
        await ledger.SaveAsync(local with { Status = RunStatus.Succeeded, Step = RunSteps.Done, Kept = true, FinishedAt = Start.AddDays(-1).AddHours(10) }, CancellationToken.None);

        (await ledger.RecentAsync(2, CancellationToken.None)).Select(r => r.RunId).ShouldBe(["daily-2026-11-21", "manual-20261120T1200Z"]);
        (await ledger.UnfinishedAsync(CancellationToken.None)).Select(r => r.RunId).ShouldBe(["daily-2026-11-21"]);
        (await ledger.LastKeptAsync(BuildModes.Aws, CancellationToken.None))!.RunId.ShouldBe("daily-2026-11-20");
        (await ledger.LastKeptAsync(BuildModes.Local, CancellationToken.None))!.RunId.ShouldBe("manual-20261120T1200Z");
    }

    [Fact]
    public async Task every_save_is_announced_after_it_is_stored()
    {
        var ledger = await LedgerAsync();
        var run = await ledger.CreateAsync(NewRun("r1", Start), CancellationToken.None);
        var seen = new List<string>();
        ledger.Saved += r => seen.Add(ledger.GetAsync(r.RunId, CancellationToken.None).GetAwaiter().GetResult()!.Step);

        await ledger.SaveAsync(run with { Step = RunSteps.Write }, CancellationToken.None);
        await ledger.SaveAsync(run with { Step = RunSteps.Publish }, CancellationToken.None);

        seen.ShouldBe([RunSteps.Write, RunSteps.Publish]);
    }
}
