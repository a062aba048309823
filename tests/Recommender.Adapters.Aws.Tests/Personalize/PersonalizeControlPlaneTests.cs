using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Personalize;
using Recommender.Adapters.Aws.Protocol;

namespace Recommender.Adapters.Aws.Tests.Personalize;

public sealed class PersonalizeControlPlaneTests : PersonalizeTestBase
{
    private PersonalizeControlPlane ControlPlane => Services.GetRequiredService<PersonalizeControlPlane>();

    [Fact]
    public async Task the_daily_retraining_round_runs_import_train_measure_and_deploy()
    {
        var job = await ControlPlane.CreateDatasetImportJobAsync("interactions-2026-11-21", "arn:aws:personalize:us-east-1:111111111111:dataset/music/INTERACTIONS",
            "s3://recommender-datasets/datasets/2026-11-21/interactions.csv", "FULL", default);
        (await ControlPlane.DescribeDatasetImportJobAsync(job, default)).Status.ShouldBe("CREATE IN_PROGRESS");
        (await ControlPlane.DescribeDatasetImportJobAsync(job, default)).Status.ShouldBe("ACTIVE");

        var version = await ControlPlane.CreateSolutionVersionAsync("arn:aws:personalize:us-east-1:111111111111:solution/music", "FULL", null, default);
        await Should.ThrowAsync<AwsServiceException>(() => ControlPlane.GetSolutionMetricsAsync(version, default));
        for (var poll = 0; (await ControlPlane.DescribeSolutionVersionAsync(version, default)).Status != "ACTIVE"; poll++) poll.ShouldBeLessThan(5);
        var metrics = await ControlPlane.GetSolutionMetricsAsync(version, default);
        metrics.Keys.ShouldContain("normalized_discounted_cumulative_gain_at_10");

        (await ControlPlane.UpdateCampaignAsync(Fakes.FakePersonalize.CampaignArn, version, null, default)).ShouldBe(Fakes.FakePersonalize.CampaignArn);
        var campaign = await ControlPlane.DescribeCampaignAsync(Fakes.FakePersonalize.CampaignArn, default);
        campaign.LatestCampaignUpdate!.SolutionVersionArn.ShouldBe(version);
        campaign.LatestCampaignUpdate.Status.ShouldBe("ACTIVE");
    }

    [Fact]
    public async Task a_campaign_is_created_on_an_active_version_once_and_a_filter_is_described_after_creation()
    {
        var version = await ControlPlane.CreateSolutionVersionAsync("arn:aws:personalize:us-east-1:111111111111:solution/sims", "FULL", null, default);
        (await Should.ThrowAsync<AwsServiceException>(() => ControlPlane.CreateCampaignAsync("related-items", version, null, default))).ErrorCode.ShouldBe("ResourceInUseException");
        while ((await ControlPlane.DescribeSolutionVersionAsync(version, default)).Status != "ACTIVE") { }
        (await ControlPlane.ListSolutionVersionsAsync("arn:aws:personalize:us-east-1:111111111111:solution/sims", default))
            .ShouldContain(v => v.SolutionVersionArn == version && v.Status == "ACTIVE");

        var campaign = await ControlPlane.CreateCampaignAsync("related-items", version, 1, default);

        campaign.ShouldEndWith(":campaign/related-items");
        var described = await ControlPlane.DescribeCampaignAsync(campaign, default);
        described.SolutionVersionArn.ShouldBe(version);
        described.Status.ShouldBe("CREATE PENDING");
        (await Should.ThrowAsync<AwsServiceException>(() => ControlPlane.CreateCampaignAsync("related-items", version, null, default))).ErrorCode.ShouldBe("ResourceAlreadyExistsException");
        (await Should.ThrowAsync<AwsServiceException>(() => ControlPlane.DescribeFilterAsync("arn:aws:personalize:us-east-1:111111111111:filter/exclusions", default))).ErrorCode.ShouldBe("ResourceNotFoundException");
        var filter = await ControlPlane.CreateFilterAsync("exclusions", PersonalizeFilters.ExcludeExpression, default);
        (await ControlPlane.DescribeFilterAsync(filter, default)).FilterExpression.ShouldBe(PersonalizeFilters.ExcludeExpression);
    }

    [Fact]
    public async Task the_event_tracker_is_created_once_and_listed()
    {
        (await ControlPlane.ListEventTrackersAsync(default)).ShouldBeEmpty();
        var created = await ControlPlane.CreateEventTrackerAsync("music-tracker", default);
        created.TrackingId.ShouldBe(Fakes.FakePersonalize.TrackingId);
        (await ControlPlane.ListEventTrackersAsync(default)).Single().EventTrackerArn.ShouldBe(created.EventTrackerArn);
        (await Should.ThrowAsync<AwsServiceException>(() => ControlPlane.CreateEventTrackerAsync("again", default)))
            .ErrorCode.ShouldBe("ResourceAlreadyExistsException");
    }

    [Fact]
    public async Task the_standard_filter_is_accepted_and_a_bad_import_location_is_invalid_input()
    {
        (await ControlPlane.CreateFilterAsync("exclude", PersonalizeFilters.ExcludeExpression, default)).ShouldStartWith("arn:aws:personalize:");
        (await Should.ThrowAsync<AwsServiceException>(() => ControlPlane.CreateDatasetImportJobAsync("j", "arn:d", "/tmp/file.csv", "FULL", default)))
            .ErrorCode.ShouldBe("InvalidInputException");
    }
}
