using DatasetBuilder.Hosting;
using DatasetBuilder.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DatasetBuilder.Tests.Aws;

/// <summary>The AWS flow on s3rver (S3 from npm) and a Personalize control-plane fake: upload, import, training, metrics, campaign update.</summary>
public sealed class AwsBuildTests : IAsyncLifetime
{
    private const string Bucket = "recommender-datasets";
    private readonly TempDirectory _dir = new();
    private NodePeer _s3 = null!;
    private FakePersonalizeControlPlane _personalize = null!;
    private bool _bucketCreated;

    public async Task InitializeAsync()
    {
        _s3 = await NodePeer.StartS3rverAsync();
        _personalize = await FakePersonalizeControlPlane.StartAsync(_s3.Url);
    }

    public async Task DisposeAsync()
    {
        await _personalize.DisposeAsync();
        await _s3.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<ServiceProvider> ComposeAsync(string importMode = "FULL", bool bootstrap = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Recommender:DataDirectory"] = _dir.Path,
            ["Recommender:Mode"] = "Aws",
            ["Aws:Region"] = FakePersonalizeControlPlane.Region,
            ["Aws:RetryBaseDelay"] = "00:00:00.010",
            ["Aws:CreateMissingResources"] = "true",
            ["Aws:S3:ServiceUrl"] = _s3.Url.ToString(),
            ["Aws:S3:DatasetsBucket"] = Bucket,
            ["Aws:DynamoDb:ServiceUrl"] = "http://127.0.0.1:9",
            ["Aws:Personalize:ServiceUrl"] = _personalize.Url.ToString(),
            ["Aws:Personalize:DatasetGroupArn"] = FakePersonalizeControlPlane.DatasetGroupArn,
            ["Aws:Personalize:RoleArn"] = FakePersonalizeControlPlane.RoleArn,
            ["Aws:Personalize:CampaignArn"] = FakePersonalizeControlPlane.CampaignArn,
            ["DatasetBuilder:Aws:InteractionsDatasetArn"] = FakePersonalizeControlPlane.InteractionsDatasetArn,
            ["DatasetBuilder:Aws:UsersDatasetArn"] = FakePersonalizeControlPlane.UsersDatasetArn,
            ["DatasetBuilder:Aws:ItemsDatasetArn"] = FakePersonalizeControlPlane.ItemsDatasetArn,
            ["DatasetBuilder:Aws:SolutionArn"] = FakePersonalizeControlPlane.SolutionArn,
            ["DatasetBuilder:Aws:ImportMode"] = importMode,
            ["DatasetBuilder:Aws:PollInitialDelay"] = "00:00:00.005",
            ["DatasetBuilder:Aws:PollMaxDelay"] = "00:00:00.020",
        };
        if (bootstrap)
        {
            settings["DatasetBuilder:Aws:FilterArn"] = FakePersonalizeControlPlane.FilterArn;
            settings["DatasetBuilder:Aws:RelatedItemsSolutionArn"] = FakePersonalizeControlPlane.RelatedItemsSolutionArn;
            settings["DatasetBuilder:Aws:RelatedItemsCampaignArn"] = FakePersonalizeControlPlane.RelatedItemsCampaignArn;
        }
        var services = StandaloneBuilder.Compose(settings, services =>
        {
            // s3rver checks signatures against its one key pair; the Personalize fake checks the signature's shape
            services.AddSingleton<Amazon.Runtime.AWSCredentials>(new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"));
            services.AddSingleton<Recommender.Core.Profiles.IProfileStore>(new NoProfiles());
        });
        // the first composition creates the bucket (Aws:CreateMissingResources, as a host's start does)
        if (!_bucketCreated)
        {
            foreach (var hosted in services.GetServices<IHostedService>()) await hosted.StartAsync(CancellationToken.None);
            _bucketCreated = true;
        }
        return services;
    }

    [Fact]
    public async Task on_a_first_deployment_the_builder_creates_the_campaigns_and_filter_and_a_second_run_updates_them()
    {
        await _personalize.DisposeAsync();
        _personalize = await FakePersonalizeControlPlane.StartAsync(_s3.Url, campaignExists: false);
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(3_000));
        await using var services = await ComposeAsync(bootstrap: true);
        var build = services.GetRequiredService<DatasetBuild>();

        var first = await build.RunAsync(new BuildRequest("daily-2026-11-21"), null, CancellationToken.None);

        first.Status.ShouldBe(RunStatus.Succeeded, first.Report);
        first.Kept.ShouldBe(true);
        first.Baseline.ShouldBeEmpty();
        _personalize.Calls["CreateCampaign"].ShouldBe(1);
        _personalize.Calls.ContainsKey("UpdateCampaign").ShouldBeFalse();
        _personalize.Campaigns[FakePersonalizeControlPlane.CampaignArn].ShouldBe(first.Aws.SolutionVersionArn);
        _personalize.Filters[FakePersonalizeControlPlane.FilterArn].ShouldBe(Recommender.Adapters.Aws.Personalize.PersonalizeFilters.ExcludeExpression);
        // no SIMS version existed: its training starts, and the campaign waits for it
        _personalize.Campaigns.ContainsKey(FakePersonalizeControlPlane.RelatedItemsCampaignArn).ShouldBeFalse();
        _personalize.Calls["CreateSolutionVersion"].ShouldBe(2);
        first.Report!.ShouldContain("for the related-items campaign");

        await Archives.WriteAsync(_dir.Path, Archives.Simulate(1_500, seed: 9, prefix: "later-"));
        var second = await build.RunAsync(new BuildRequest("daily-2026-11-22", SinceLast: false), null, CancellationToken.None);

        second.Status.ShouldBe(RunStatus.Succeeded, second.Report);
        second.Kept.ShouldBe(true);
        _personalize.Calls["CreateCampaign"].ShouldBe(2);
        _personalize.Calls["UpdateCampaign"].ShouldBe(1);
        _personalize.CampaignVersion.ShouldBe(second.Aws.SolutionVersionArn);
        _personalize.Campaigns[FakePersonalizeControlPlane.RelatedItemsCampaignArn].ShouldStartWith(FakePersonalizeControlPlane.RelatedItemsSolutionArn + "/");
        _personalize.Calls["CreateFilter"].ShouldBe(1);
        _personalize.Calls["CreateSolutionVersion"].ShouldBe(3);
    }

    [Fact]
    public async Task a_build_imports_trains_reads_metrics_and_moves_the_campaign()
    {
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(3_000));
        await using var services = await ComposeAsync();

        var run = await services.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("daily-2026-11-21"), null, CancellationToken.None);

        run.Status.ShouldBe(RunStatus.Succeeded, run.Report);
        run.Aws.Uploaded[Csv.DatasetFiles.InteractionsFile].ShouldBe($"s3://{Bucket}/datasets/daily-2026-11-21/interactions.csv");
        _personalize.ImportJobs.Select(j => j["datasetArn"]!.GetValue<string>()).Order().ShouldBe(
            new[] { FakePersonalizeControlPlane.InteractionsDatasetArn, FakePersonalizeControlPlane.UsersDatasetArn, FakePersonalizeControlPlane.ItemsDatasetArn }.Order());
        _personalize.Calls["CreateSolutionVersion"].ShouldBe(1);
        run.Metrics["ndcg@10"].ShouldBe(0.12, 1e-9);
        run.Baseline["ndcg@10"].ShouldBe(0.10, 1e-9);
        run.Kept.ShouldBe(true);
        _personalize.CampaignVersion.ShouldBe(run.Aws.SolutionVersionArn);
        run.Aws.PreviousSolutionVersionArn.ShouldBe(FakePersonalizeControlPlane.InitialVersionArn);
    }

    [Fact]
    public async Task a_worse_solution_version_leaves_the_campaign_where_it_was()
    {
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(3_000));
        _personalize.NewVersionMetrics = FakePersonalizeControlPlane.Named(0.08);
        await using var services = await ComposeAsync();

        var run = await services.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("r1"), null, CancellationToken.None);

        run.Status.ShouldBe(RunStatus.Succeeded);
        run.Kept.ShouldBe(false);
        run.Report.ShouldNotBeNull().ShouldContain("the serving model stays");
        _personalize.Calls.ContainsKey("UpdateCampaign").ShouldBeFalse();
        _personalize.CampaignVersion.ShouldBe(FakePersonalizeControlPlane.InitialVersionArn);
    }

    [Theory]
    [InlineData(RunSteps.Import)]
    [InlineData(RunSteps.WaitImport)]
    [InlineData(RunSteps.CreateSolutionVersion)]
    [InlineData(RunSteps.WaitTraining)]
    [InlineData(RunSteps.UpdateCampaign)]
    public async Task a_run_killed_between_steps_resumes_without_creating_anything_twice(string killedAt)
    {
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(3_000));
        await using (var first = await ComposeAsync())
        {
            using var kill = new CancellationTokenSource();
            var ledger = first.GetRequiredService<RunLedger>();
            // a crash right after the run recorded reaching the step: the next step never starts
            ledger.Saved += r => { if (r.Step == killedAt) kill.Cancel(); };
            await Should.ThrowAsync<OperationCanceledException>(() =>
                first.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("r1"), null, kill.Token));
            var stopped = ledger.Get("r1")!;
            stopped.Step.ShouldBe(killedAt);
            stopped.IsFinished.ShouldBeFalse();
        }
        await using var second = await ComposeAsync();

        var run = await second.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("r1"), null, CancellationToken.None);

        (run.Status + ": " + run.Report).ShouldStartWith(RunStatus.Succeeded);
        _personalize.Calls["CreateDatasetImportJob"].ShouldBe(3);
        _personalize.Calls["CreateSolutionVersion"].ShouldBe(1);
        _personalize.Calls["UpdateCampaign"].ShouldBe(1);
        _personalize.CampaignVersion.ShouldBe(run.Aws.SolutionVersionArn);
    }

    [Fact]
    public async Task an_import_job_created_just_before_a_crash_is_found_by_its_name_not_created_again()
    {
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(3_000));
        await using (var first = await ComposeAsync())
        {
            using var kill = new CancellationTokenSource();
            var ledger = first.GetRequiredService<RunLedger>();
            ledger.Saved += r => { if (r.Aws.ImportJobs.Count == 1) kill.Cancel(); };
            await Should.ThrowAsync<OperationCanceledException>(() =>
                first.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("r1"), null, kill.Token));
            // the crash came after Personalize created the job but before its ARN was saved
            var stopped = ledger.Get("r1")!;
            ledger.Save(stopped with { Aws = stopped.Aws with { ImportJobs = new(StringComparer.Ordinal) } });
        }
        await using var second = await ComposeAsync();

        var run = await second.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("r1"), null, CancellationToken.None);

        (run.Status + ": " + run.Report).ShouldStartWith(RunStatus.Succeeded);
        _personalize.Calls["CreateDatasetImportJob"].ShouldBe(3);
        run.Aws.ImportJobs[Csv.DatasetFiles.InteractionsFile].ShouldBe("arn:aws:personalize:us-east-1:111111111111:dataset-import-job/r1-interactions");
    }

    [Fact]
    public async Task the_schedule_firing_twice_builds_once()
    {
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(3_000));
        await using var services = await ComposeAsync();
        var build = services.GetRequiredService<DatasetBuild>();
        var day = DatasetBuild.ScheduledRunId(new DateOnly(2026, 11, 21));

        var runs = await Task.WhenAll(
            build.RunAsync(new BuildRequest(day, Trigger: "schedule"), null, CancellationToken.None),
            build.RunAsync(new BuildRequest(day, Trigger: "schedule"), null, CancellationToken.None));

        runs.ShouldAllBe(r => r.Status == RunStatus.Succeeded);
        _personalize.Calls["CreateSolutionVersion"].ShouldBe(1);
        _personalize.Calls["UpdateCampaign"].ShouldBe(1);
        services.GetRequiredService<RunLedger>().Recent(10).Count.ShouldBe(1);
    }

    [Fact]
    public async Task an_incremental_import_carries_only_new_interactions()
    {
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(3_000));
        await using var services = await ComposeAsync("INCREMENTAL");
        var build = services.GetRequiredService<DatasetBuild>();
        await build.RunAsync(new BuildRequest("r1"), null, CancellationToken.None);
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(1_500, seed: 9, prefix: "later-"));

        var second = await build.RunAsync(new BuildRequest("r2", SinceLast: false), null, CancellationToken.None);

        second.Status.ShouldBe(RunStatus.Succeeded, second.Report);
        second.Counts["interactions"].ShouldBe(1_500);
        _personalize.ImportJobs.Where(j => j["datasetArn"]!.GetValue<string>() == FakePersonalizeControlPlane.InteractionsDatasetArn)
            .Select(j => j["importMode"]!.GetValue<string>()).ShouldBe(["INCREMENTAL", "INCREMENTAL"]);
    }

    /// <summary>No profile store on this test's AWS side (DynamoDB is not what is under test): USERS falls back to the archive's counts.</summary>
    private sealed class NoProfiles : Recommender.Core.Profiles.IProfileStore
    {
        public Task<int> ApplyAsync(IReadOnlyList<Recommender.Core.Events.PlaybackEvent> events, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<Recommender.Core.Profiles.UserProfile?> GetAsync(string userId, CancellationToken cancellationToken) => Task.FromResult<Recommender.Core.Profiles.UserProfile?>(null);
    }
}
