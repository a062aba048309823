using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Personalize;
using Recommender.Adapters.Aws.Protocol;
using Recommender.AwsFakes.Personalize;

namespace Recommender.Adapters.Aws.Tests.Personalize;

public sealed class PersonalizeControlPlaneTests : PersonalizeTestBase
{
    private PersonalizeControlPlane ControlPlane => Services.GetRequiredService<PersonalizeControlPlane>();

    [Fact]
    public async Task the_daily_retraining_round_runs_import_train_measure_and_deploy()
    {
        var job = await ControlPlane.CreateDatasetImportJobAsync("interactions-2026-11-21", FakePersonalize.InteractionsDatasetArn,
            "s3://recommender-datasets/datasets/2026-11-21/interactions.csv", "FULL", default);
        (await ControlPlane.DescribeDatasetImportJobAsync(job, default)).Status.ShouldBe("CREATE IN_PROGRESS");
        (await ControlPlane.DescribeDatasetImportJobAsync(job, default)).Status.ShouldBe("ACTIVE");

        var version = await ControlPlane.CreateSolutionVersionAsync(FakePersonalize.SolutionArn, "FULL", null, default);
        await Should.ThrowAsync<AwsServiceException>(() => ControlPlane.GetSolutionMetricsAsync(version, default));
        for (var poll = 0; (await ControlPlane.DescribeSolutionVersionAsync(version, default)).Status != "ACTIVE"; poll++) poll.ShouldBeLessThan(5);
        var metrics = await ControlPlane.GetSolutionMetricsAsync(version, default);
        metrics.Keys.ShouldContain("normalized_discounted_cumulative_gain_at_10");

        (await ControlPlane.UpdateCampaignAsync(FakePersonalize.CampaignArn, version, null, default)).ShouldBe(FakePersonalize.CampaignArn);
        var campaign = await ControlPlane.DescribeCampaignAsync(FakePersonalize.CampaignArn, default);
        campaign.LatestCampaignUpdate!.SolutionVersionArn.ShouldBe(version);
        campaign.LatestCampaignUpdate.Status.ShouldBe("UPDATE IN_PROGRESS");
        (await ControlPlane.DescribeCampaignAsync(FakePersonalize.CampaignArn, default)).LatestCampaignUpdate!.Status.ShouldBe("ACTIVE");
    }

    [Fact]
    public async Task a_campaign_is_created_on_an_active_version_once_and_a_filter_is_described_after_creation()
    {
        var version = await ControlPlane.CreateSolutionVersionAsync(FakePersonalize.RelatedItemsSolutionArn, "FULL", null, default);
        (await Should.ThrowAsync<AwsServiceException>(() => ControlPlane.CreateCampaignAsync("related-items", version, null, default))).ErrorCode.ShouldBe("ResourceInUseException");
        while ((await ControlPlane.DescribeSolutionVersionAsync(version, default)).Status != "ACTIVE") { }
        (await ControlPlane.ListSolutionVersionsAsync(FakePersonalize.RelatedItemsSolutionArn, default))
            .ShouldContain(v => v.SolutionVersionArn == version && v.Status == "ACTIVE");

        var campaign = await ControlPlane.CreateCampaignAsync("similar-tracks", version, 1, default);

        campaign.ShouldEndWith(":campaign/similar-tracks");
        var described = await ControlPlane.DescribeCampaignAsync(campaign, default);
        described.SolutionVersionArn.ShouldBe(version);
        described.Status.ShouldBe("CREATE IN_PROGRESS");
        (await Should.ThrowAsync<AwsServiceException>(() => ControlPlane.CreateCampaignAsync("similar-tracks", version, null, default))).ErrorCode.ShouldBe("ResourceAlreadyExistsException");
        (await Should.ThrowAsync<AwsServiceException>(() => ControlPlane.DescribeFilterAsync("arn:aws:personalize:us-east-1:111111111111:filter/more-exclusions", default))).ErrorCode.ShouldBe("ResourceNotFoundException");
        var filter = await ControlPlane.CreateFilterAsync("more-exclusions", PersonalizeFilters.ExcludeExpression, default);
        (await ControlPlane.DescribeFilterAsync(filter, default)).FilterExpression.ShouldBe(PersonalizeFilters.ExcludeExpression);
    }

    [Fact]
    public async Task the_event_tracker_is_created_once_and_listed()
    {
        (await ControlPlane.ListEventTrackersAsync(default)).ShouldBeEmpty();
        var created = await ControlPlane.CreateEventTrackerAsync("music-tracker", default);
        created.TrackingId.ShouldBe(FakePersonalize.TrackingId);
        (await ControlPlane.ListEventTrackersAsync(default)).Single().EventTrackerArn.ShouldBe(created.EventTrackerArn);
        (await Should.ThrowAsync<AwsServiceException>(() => ControlPlane.CreateEventTrackerAsync("again", default)))
            .ErrorCode.ShouldBe("ResourceAlreadyExistsException");
    }

    [Fact]
    public async Task the_standard_filter_is_accepted_and_a_bad_import_location_is_invalid_input()
    {
        (await ControlPlane.CreateFilterAsync("exclude", PersonalizeFilters.ExcludeExpression, default)).ShouldStartWith("arn:aws:personalize:");
        // the model's limits: dataLocation must match (s3|http|https)://.+, a dataset ARN arn:...:personalize:...
        var refused = await Should.ThrowAsync<AwsServiceException>(() => ControlPlane.CreateDatasetImportJobAsync("j", "arn:d", "/tmp/file.csv", "FULL", default));
        refused.ErrorCode.ShouldBe("InvalidInputException");
        refused.ServiceMessage.ShouldContain("2 validation errors detected");
    }

    [Fact]
    public async Task solution_versions_are_read_across_pages_with_their_epoch_second_creation_times()
    {
        Fake.MaxPageSize = 2;
        var created = new List<string>();
        for (var i = 0; i < 4; i++) created.Add(await ControlPlane.CreateSolutionVersionAsync(FakePersonalize.SolutionArn, "FULL", $"v{i}", default));

        var versions = await ControlPlane.ListSolutionVersionsAsync(FakePersonalize.SolutionArn, default);

        // the initial version and the four new ones, in three pages; Personalize sends creationDateTime as epoch seconds
        versions.Select(v => v.SolutionVersionArn).ShouldBe(Fake.VersionsOf(FakePersonalize.SolutionArn));
        versions.Skip(1).Select(v => v.SolutionVersionArn).ShouldBe(created);
        versions.ShouldAllBe(v => v.CreationDateTime != null);
        versions.Select(v => v.CreationDateTime).ShouldBeInOrder();
        versions[^1].CreationDateTime!.Value.ShouldBe(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        (await ControlPlane.DescribeSolutionVersionAsync(created[0], default)).CreationDateTime.ShouldBe(versions[1].CreationDateTime);
    }
}
