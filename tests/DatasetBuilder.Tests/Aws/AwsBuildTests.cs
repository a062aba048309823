using DatasetBuilder.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Personalize;
using Recommender.AwsFakes.Personalize;
using Recommender.Core.Builds;

namespace DatasetBuilder.Tests.Aws;

/// <summary>The AWS flow on s3rver and dynalite (from npm) and a Personalize control-plane fake: upload, import, training, metrics, campaign update.</summary>
public sealed class AwsBuildTests : IAsyncLifetime
{
    private AwsPeers _peers = null!;
    private string DataPath => _peers.Data.Path;

    public async Task InitializeAsync() => _peers = await AwsPeers.StartAsync();

    public async Task DisposeAsync() => await _peers.DisposeAsync();

    private Task<ServiceProvider> ComposeAsync(string importMode = "FULL", bool bootstrap = false) => _peers.ComposeAsync(importMode, bootstrap);

    [Fact]
    public async Task on_a_first_deployment_the_builder_creates_the_campaigns_and_filter_and_a_second_run_updates_them()
    {
        await _peers.RestartPersonalizeAsync(campaignExists: false);
        await Archives.WriteAsync(DataPath, Archives.Simulate(3_000));
        await using var services = await ComposeAsync(bootstrap: true);
        var build = services.GetRequiredService<DatasetBuild>();

        var first = await build.RunAsync(new BuildRequest("daily-2026-11-21"), null, CancellationToken.None);

        first.Status.ShouldBe(RunStatus.Succeeded, first.Report);
        first.Kept.ShouldBe(true);
        first.Baseline.ShouldBeEmpty();
        // each run trains both solutions; the first one creates both campaigns on them, and the filter
        _peers.Personalize.Calls["CreateSolutionVersion"].ShouldBe(2);
        _peers.Personalize.Calls["CreateCampaign"].ShouldBe(2);
        _peers.Personalize.Calls.ContainsKey("UpdateCampaign").ShouldBeFalse();
        _peers.Personalize.Campaigns[FakePersonalize.CampaignArn].ShouldBe(first.Aws.SolutionVersionArn);
        _peers.Personalize.Campaigns[FakePersonalize.RelatedItemsCampaignArn].ShouldBe(first.Aws.RelatedItemsSolutionVersionArn);
        _peers.Personalize.Filters.ShouldBe(PersonalizeFilters.All(FakePersonalize.FilterArn).ToDictionary(f => f.Arn, f => f.Expression), ignoreOrder: true);

        await Archives.WriteAsync(DataPath, Archives.Simulate(1_500, seed: 9, prefix: "later-"));
        var second = await build.RunAsync(new BuildRequest("daily-2026-11-22", SinceLast: false), null, CancellationToken.None);

        second.Status.ShouldBe(RunStatus.Succeeded, second.Report);
        second.Kept.ShouldBe(true);
        _peers.Personalize.Calls["CreateSolutionVersion"].ShouldBe(4);
        _peers.Personalize.Calls["CreateCampaign"].ShouldBe(2);
        _peers.Personalize.Calls["UpdateCampaign"].ShouldBe(2);
        _peers.Personalize.CampaignVersion.ShouldBe(second.Aws.SolutionVersionArn);
        _peers.Personalize.Campaigns[FakePersonalize.RelatedItemsCampaignArn].ShouldBe(second.Aws.RelatedItemsSolutionVersionArn);
        _peers.Personalize.Calls["CreateFilter"].ShouldBe(4);
    }

    [Fact]
    public async Task the_related_items_campaign_moves_only_with_a_model_the_gate_kept()
    {
        await _peers.RestartPersonalizeAsync(campaignExists: false);
        await Archives.WriteAsync(DataPath, Archives.Simulate(3_000));
        await using var services = await ComposeAsync(bootstrap: true);
        var build = services.GetRequiredService<DatasetBuild>();
        var kept = await build.RunAsync(new BuildRequest("r1"), null, CancellationToken.None);
        _peers.Personalize.NewVersionMetrics = FakePersonalize.Named(0.05);

        var discarded = await build.RunAsync(new BuildRequest("r2", SinceLast: false), null, CancellationToken.None);

        discarded.Kept.ShouldBe(false, discarded.Report);
        discarded.Aws.RelatedItemsSolutionVersionArn.ShouldNotBeNull().ShouldNotBe(kept.Aws.RelatedItemsSolutionVersionArn);
        _peers.Personalize.Campaigns[FakePersonalize.RelatedItemsCampaignArn].ShouldBe(kept.Aws.RelatedItemsSolutionVersionArn);
        _peers.Personalize.CampaignVersion.ShouldBe(kept.Aws.SolutionVersionArn);
    }

    [Fact]
    public async Task automatic_training_is_turned_off_so_only_gated_versions_are_trained()
    {
        await _peers.RestartPersonalizeAsync(campaignExists: false);
        await Archives.WriteAsync(DataPath, Archives.Simulate(3_000));
        _peers.Personalize.AutomaticTraining(FakePersonalize.SolutionArn).ShouldBeTrue("a new solution trains itself by default");
        await using var services = await ComposeAsync(bootstrap: true);

        var run = await services.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("r1"), null, CancellationToken.None);

        run.Status.ShouldBe(RunStatus.Succeeded, run.Report);
        _peers.Personalize.AutomaticTraining(FakePersonalize.SolutionArn).ShouldBeFalse();
        _peers.Personalize.AutomaticTraining(FakePersonalize.RelatedItemsSolutionArn).ShouldBeFalse();
        run.Report.ShouldNotBeNull().ShouldContain("automatic training of " + FakePersonalize.SolutionArn + " turned off");
    }

    [Fact]
    public async Task a_build_imports_trains_reads_metrics_and_moves_the_campaign()
    {
        await Archives.WriteAsync(DataPath, Archives.Simulate(3_000));
        await using var services = await ComposeAsync();

        var run = await services.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("daily-2026-11-21"), null, CancellationToken.None);

        run.Status.ShouldBe(RunStatus.Succeeded, run.Report);
        run.Aws.Uploaded[Csv.DatasetFiles.InteractionsFile].ShouldBe($"s3://{AwsPeers.Bucket}/datasets/daily-2026-11-21/interactions.csv");
        _peers.Personalize.ImportJobs.Select(j => j["datasetArn"]!.GetValue<string>()).Order().ShouldBe(
            new[] { FakePersonalize.InteractionsDatasetArn, FakePersonalize.UsersDatasetArn, FakePersonalize.ItemsDatasetArn }.Order());
        _peers.Personalize.Calls["CreateSolutionVersion"].ShouldBe(1);
        run.Metrics["ndcg@10"].ShouldBe(0.12, 1e-9);
        run.Baseline["ndcg@10"].ShouldBe(0.10, 1e-9);
        run.Kept.ShouldBe(true);
        _peers.Personalize.CampaignVersion.ShouldBe(run.Aws.SolutionVersionArn);
        run.Aws.PreviousSolutionVersionArn.ShouldBe(FakePersonalize.InitialVersionArn);
    }

    [Fact]
    public async Task a_worse_solution_version_leaves_the_campaign_where_it_was()
    {
        await Archives.WriteAsync(DataPath, Archives.Simulate(3_000));
        _peers.Personalize.NewVersionMetrics = FakePersonalize.Named(0.08);
        await using var services = await ComposeAsync();

        var run = await services.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest("r1"), null, CancellationToken.None);

        run.Status.ShouldBe(RunStatus.Succeeded);
        run.Kept.ShouldBe(false);
        run.Report.ShouldNotBeNull().ShouldContain("the serving model stays");
        _peers.Personalize.Calls.ContainsKey("UpdateCampaign").ShouldBeFalse();
        _peers.Personalize.CampaignVersion.ShouldBe(FakePersonalize.InitialVersionArn);
    }

    [Fact]
    public async Task the_schedule_firing_twice_builds_once()
    {
        await Archives.WriteAsync(DataPath, Archives.Simulate(3_000));
        await using var services = await ComposeAsync();
        var build = services.GetRequiredService<DatasetBuild>();
        var day = DatasetBuild.ScheduledRunId(new DateOnly(2026, 11, 21));

        var runs = await Task.WhenAll(
            build.RunAsync(new BuildRequest(day, Trigger: "schedule"), null, CancellationToken.None),
            build.RunAsync(new BuildRequest(day, Trigger: "schedule"), null, CancellationToken.None));

        runs.ShouldAllBe(r => r.Status == RunStatus.Succeeded);
        _peers.Personalize.Calls["CreateSolutionVersion"].ShouldBe(1);
        _peers.Personalize.Calls["UpdateCampaign"].ShouldBe(1);
        (await services.GetRequiredService<RunLedger>().RecentAsync(10, CancellationToken.None)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task an_incremental_import_carries_only_new_interactions()
    {
        await Archives.WriteAsync(DataPath, Archives.Simulate(3_000));
        await using var services = await ComposeAsync("INCREMENTAL");
        var build = services.GetRequiredService<DatasetBuild>();
        await build.RunAsync(new BuildRequest("r1"), null, CancellationToken.None);
        await Archives.WriteAsync(DataPath, Archives.Simulate(1_500, seed: 9, prefix: "later-"));

        var second = await build.RunAsync(new BuildRequest("r2", SinceLast: false), null, CancellationToken.None);

        second.Status.ShouldBe(RunStatus.Succeeded, second.Report);
        second.Counts["interactions"].ShouldBe(1_500);
        _peers.Personalize.ImportJobs.Where(j => j["datasetArn"]!.GetValue<string>() == FakePersonalize.InteractionsDatasetArn)
            .Select(j => j["importMode"]!.GetValue<string>()).ShouldBe(["FULL", "INCREMENTAL"], "the first import has nothing to add to");
    }
}
