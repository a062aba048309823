using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Recommender.AwsFakes.Personalize;
using Recommender.Core.Builds;

namespace DatasetBuilder.Tests.Aws;

/// <summary>
/// A build on AWS outlives the process that started it: killed between any two steps, in the same container or in a new
/// one whose /tmp is empty (a Lambda cold start), it resumes from the run ledger in DynamoDB without creating anything twice.
/// </summary>
public sealed class AwsResumeTests : IAsyncLifetime
{
    private AwsPeers _peers = null!;

    public async Task InitializeAsync() => _peers = await AwsPeers.StartAsync();

    public async Task DisposeAsync() => await _peers.DisposeAsync();

    /// <summary>Runs "r1" until the ledger records <paramref name="stop"/>, then stops as a crash would: the next step never starts.</summary>
    private async Task<BuildRun> KillAsync(Func<BuildRun, bool> stop)
    {
        await using var first = await _peers.ComposeAsync();
        using var kill = new CancellationTokenSource();
        var ledger = first.GetRequiredService<RunLedger>();
        ledger.Saved += r => { if (stop(r)) kill.Cancel(); };
        await Should.ThrowAsync<OperationCanceledException>(() =>
            first.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("r1"), null, kill.Token));
        var stopped = (await ledger.GetAsync("r1", CancellationToken.None)).ShouldNotBeNull();
        stopped.IsFinished.ShouldBeFalse();
        return stopped;
    }

    [Theory]
    [InlineData(RunSteps.Write, false)]
    [InlineData(RunSteps.Publish, false)]
    [InlineData(RunSteps.Import, false)]
    [InlineData(RunSteps.WaitImport, false)]
    [InlineData(RunSteps.CreateSolutionVersion, false)]
    [InlineData(RunSteps.WaitTraining, false)]
    [InlineData(RunSteps.UpdateCampaign, false)]
    [InlineData(RunSteps.Write, true)]
    [InlineData(RunSteps.Publish, true)]
    [InlineData(RunSteps.Import, true)]
    [InlineData(RunSteps.WaitImport, true)]
    [InlineData(RunSteps.CreateSolutionVersion, true)]
    [InlineData(RunSteps.WaitTraining, true)]
    [InlineData(RunSteps.UpdateCampaign, true)]
    public async Task a_run_killed_between_steps_resumes_without_creating_anything_twice(string killedAt, bool newContainer)
    {
        await Archives.WriteAsync(_peers.Data.Path, Archives.Simulate(3_000));
        (await KillAsync(r => r.Step == killedAt)).Step.ShouldBe(killedAt);
        if (newContainer) _peers.LoseContainerFiles();
        await using var second = await _peers.ComposeAsync();

        var run = await second.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("r1"), null, CancellationToken.None);

        (run.Status + ": " + run.Report).ShouldStartWith(RunStatus.Succeeded);
        run.Counts["interactions"].ShouldBe(3_000);
        var personalize = _peers.Personalize;
        personalize.Calls["CreateDatasetImportJob"].ShouldBe(3);
        personalize.Calls["CreateSolutionVersion"].ShouldBe(1);
        personalize.Calls["UpdateCampaign"].ShouldBe(1);
        personalize.CampaignVersion.ShouldBe(run.Aws.SolutionVersionArn);
        (await second.GetRequiredService<RunLedger>().RecentAsync(10, CancellationToken.None)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task an_import_job_created_just_before_a_crash_is_found_by_its_name_not_created_again()
    {
        await Archives.WriteAsync(_peers.Data.Path, Archives.Simulate(3_000));
        var stopped = await KillAsync(r => r.Aws.ImportJobs.Count == 1);
        // the crash came after Personalize created the job but before its ARN was saved
        await using (var services = await _peers.ComposeAsync())
            await services.GetRequiredService<RunLedger>().SaveAsync(stopped with { Aws = stopped.Aws with { ImportJobs = new(StringComparer.Ordinal) } }, CancellationToken.None);
        _peers.LoseContainerFiles();
        await using var second = await _peers.ComposeAsync();

        var run = await second.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("r1"), null, CancellationToken.None);

        (run.Status + ": " + run.Report).ShouldStartWith(RunStatus.Succeeded);
        _peers.Personalize.Calls["CreateDatasetImportJob"].ShouldBe(3);
        run.Aws.ImportJobs[Csv.DatasetFiles.InteractionsFile].ShouldBe("arn:aws:personalize:us-east-1:111111111111:dataset-import-job/r1-interactions");
    }

    [Fact]
    public async Task a_solution_version_whose_create_answer_was_lost_is_adopted_by_the_runs_name()
    {
        await Archives.WriteAsync(_peers.Data.Path, Archives.Simulate(3_000));
        _peers.Personalize.LoseNextAnswer("CreateSolutionVersion");
        // the lost answer makes the client time out and send the create again, which Personalize refuses as a duplicate name
        await using var services = await _peers.ComposeAsync(settings: new() { ["Aws:RequestTimeout"] = "00:00:03" });

        var run = await services.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("r1"), null, CancellationToken.None);

        (run.Status + ": " + run.Report).ShouldStartWith(RunStatus.Succeeded);
        var versions = _peers.Personalize.VersionsOf(FakePersonalize.SolutionArn);
        versions.Count.ShouldBe(2, "the initial version and the one this run made");
        run.Aws.SolutionVersionArn.ShouldBe(versions[^1]);
        _peers.Personalize.CampaignVersion.ShouldBe(versions[^1]);
    }

    [Fact]
    public async Task a_process_whose_lease_ran_out_and_was_taken_over_stops_before_publishing()
    {
        await Archives.WriteAsync(_peers.Data.Path, Archives.Simulate(3_000));
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var services = await _peers.ComposeAsync(more: s => s.AddSingleton<TimeProvider>(clock));
        var ledger = services.GetRequiredService<RunLedger>();
        var lease = services.GetRequiredService<DatasetBuilderOptions>().Lease;
        var takenOver = false;
        ledger.Saved += r =>
        {
            if (r.Step != RunSteps.Publish || takenOver) return;
            // this process stalls past its lease; the next resume tick takes the run
            clock.Advance(lease + TimeSpan.FromSeconds(1));
            takenOver = ledger.TryClaimAsync(r.RunId, "the-resume-tick", lease, CancellationToken.None).GetAwaiter().GetResult();
        };

        await Should.ThrowAsync<BuildBusyException>(() =>
            services.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("r1"), null, CancellationToken.None));

        takenOver.ShouldBeTrue();
        _peers.Personalize.Calls.ContainsKey("CreateDatasetImportJob").ShouldBeFalse();
        (await ledger.GetAsync("r1", CancellationToken.None))!.Step.ShouldBe(RunSteps.Publish);
    }

    [Fact]
    public async Task after_a_new_container_an_incremental_build_reads_only_what_came_after_the_ledgers_watermark()
    {
        // r1's events sit in an earlier partition than the hour r1 started (its watermark), where the later ones arrive. The
        // data folder's lake is partitioned by day, so "earlier" is the day before: 3 hours back was the same day from 03:00 UTC
        await Archives.WriteAsync(_peers.Data.Path, Archives.Simulate(3_000), time: new ManualClock(DateTimeOffset.UtcNow.AddDays(-1)));
        BuildRun first;
        await using (var services = await _peers.ComposeAsync("INCREMENTAL"))
            first = await services.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("r1"), null, CancellationToken.None);
        first.Status.ShouldBe(RunStatus.Succeeded, first.Report);
        await Archives.WriteAsync(_peers.Data.Path, Archives.Simulate(1_500, seed: 9, prefix: "later-"));
        _peers.LoseContainerFiles();
        await using var second = await _peers.ComposeAsync("INCREMENTAL");

        var run = await second.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("r2"), null, CancellationToken.None);

        // the empty staging file does not send it back to the start of the archive: Personalize holds what r1 imported
        run.Status.ShouldBe(RunStatus.Succeeded, run.Report);
        run.SinceHour.ShouldBe(first.Watermark);
        run.Counts["events_read"].ShouldBe(1_500);
        run.Counts["interactions"].ShouldBe(1_500);
        run.Aws.ImportMode.ShouldBe("INCREMENTAL");
        run.Aws.PartialCatalogs.ShouldBeTrue();
        // USERS and ITEMS of an increment hold only what it saw: upserted, never replacing the datasets
        foreach (var dataset in new[] { FakePersonalize.InteractionsDatasetArn, FakePersonalize.UsersDatasetArn, FakePersonalize.ItemsDatasetArn })
            _peers.Personalize.ImportJobs.Where(j => j["datasetArn"]!.GetValue<string>() == dataset)
                .Select(j => j["importMode"]!.GetValue<string>()).ShouldBe(["FULL", "INCREMENTAL"], dataset);
    }

    [Fact]
    public async Task a_full_build_after_a_new_container_still_reads_the_whole_archive()
    {
        await Archives.WriteAsync(_peers.Data.Path, Archives.Simulate(3_000), time: new ManualClock(DateTimeOffset.UtcNow.AddDays(-1)));
        await using (var services = await _peers.ComposeAsync())
            (await services.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("r1"), null, CancellationToken.None)).Status.ShouldBe(RunStatus.Succeeded);
        await Archives.WriteAsync(_peers.Data.Path, Archives.Simulate(1_500, seed: 9, prefix: "later-"));
        _peers.LoseContainerFiles();
        await using var second = await _peers.ComposeAsync();

        var run = await second.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("r2"), null, CancellationToken.None);

        // FULL replaces the datasets, so it needs every event: what INCREMENTAL (the deployed setting) avoids
        run.Status.ShouldBe(RunStatus.Succeeded, run.Report);
        run.SinceHour.ShouldBeNull();
        run.Counts["interactions"].ShouldBe(4_500);
        run.Aws.ImportMode.ShouldBe("FULL");
    }

    [Fact]
    public async Task while_personalize_trains_the_schedule_answers_waiting_and_a_later_resume_tick_finishes_the_run()
    {
        await Archives.WriteAsync(_peers.Data.Path, Archives.Simulate(3_000));
        _peers.Personalize.HoldTraining = true;
        // Training takes hours: each describe of the held training lets half an hour pass, so the builder's wait times out
        // there and only there, however slowly this machine answers the imports and the campaign update.
        var clock = new SkippingClock();
        _peers.Personalize.TrainingHeld = () => clock.Skip(TimeSpan.FromMinutes(30));
        _peers.Personalize.Clock = clock;
        var settings = _peers.Settings();
        settings["DatasetBuilder:Aws:WaitTimeout"] = "02:00:00";
        await using var factory = new WebApplicationFactory<DatasetBuilder.Program>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings) b.UseSetting(key, value);
            b.ConfigureServices(s =>
            {
                AwsPeers.TestServices(s);
                s.AddSingleton<TimeProvider>(clock);
            });
        });
        using var client = factory.CreateClient();
        var runId = $"daily-{clock.GetUtcNow():yyyy-MM-dd}";

        var (status, waiting) = await PostAsync(client, """{"action":"build"}""");

        status.ShouldBe(HttpStatusCode.OK);
        waiting.GetProperty("outcome").GetString().ShouldBe("waiting");
        var ledger = factory.Services.GetRequiredService<RunLedger>();
        var paused = (await ledger.GetAsync(runId, CancellationToken.None)).ShouldNotBeNull();
        paused.Step.ShouldBe(RunSteps.WaitTraining);
        paused.IsFinished.ShouldBeFalse();
        paused.Report.ShouldNotBeNull().ShouldContain("still CREATE IN_PROGRESS");
        (await PostAsync(client, """{"action":"resume"}""")).Body.GetProperty("outcome").GetString().ShouldBe("waiting");

        _peers.Personalize.HoldTraining = false;
        var (_, resumed) = await PostAsync(client, """{"action":"resume"}""");

        resumed.GetProperty("outcome").GetString().ShouldBe("resumed");
        resumed.GetProperty("runs")[0].GetProperty("run_id").GetString().ShouldBe(runId);
        resumed.GetProperty("runs")[0].GetProperty("status").GetString().ShouldBe(RunStatus.Succeeded);
        _peers.Personalize.Calls["CreateSolutionVersion"].ShouldBe(1);
        _peers.Personalize.CampaignVersion.ShouldBe((await ledger.GetAsync(runId, CancellationToken.None))!.Aws.SolutionVersionArn);
    }

    /// <summary>The real clock plus the time a test lets pass at once; timers (the builder's poll delays) run on the real clock.</summary>
    private sealed class SkippingClock : TimeProvider
    {
        private long _skippedTicks;

        public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _skippedTicks));

        public void Skip(TimeSpan by) => Interlocked.Add(ref _skippedTicks, by.Ticks);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string json)
    {
        using var response = await client.PostAsync("/events", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }
}
