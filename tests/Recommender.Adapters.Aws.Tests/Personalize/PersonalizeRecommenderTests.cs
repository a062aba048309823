using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Protocol;
using Recommender.AwsFakes.Personalize;
using Recommender.Core.Recommendations;

namespace Recommender.Adapters.Aws.Tests.Personalize;

public sealed class PersonalizeRecommenderTests : PersonalizeTestBase
{
    private IRecommender Recommender => Services.GetRequiredService<IRecommender>();

    [Fact]
    public async Task recommendations_come_from_the_user_campaign_with_the_filter_and_hour_context()
    {
        var hourBefore = DateTimeOffset.UtcNow.Hour.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var list = await Recommender.RecommendAsync(new RecommendationQuery
        {
            UserId = "listener",
            NumResults = 5,
            Filters = new RecommendationFilters { ExcludePlayed = true, ExcludeGenres = ["polka"] },
        }, default);

        list.Items.Select(i => i.TrackId).ShouldBe(Fake.Catalog.Take(5));
        list.RecommendationId.ShouldStartWith("RID-");
        var sent = Fake.RuntimeCalls.Single();
        sent["campaignArn"]!.GetValue<string>().ShouldBe(FakePersonalize.CampaignArn);
        sent["numResults"]!.GetValue<int>().ShouldBe(5);
        sent["filterArn"]!.GetValue<string>().ShouldBe(FakePersonalize.FilterArn);
        sent["filterValues"]!["EXCLUDED_EVENT_TYPES"]!.GetValue<string>().ShouldBe("\"play\",\"complete\",\"skip\"");
        sent["filterValues"]!["EXCLUDED_GENRES"]!.GetValue<string>().ShouldBe("\"polka\"");
        var hourAfter = DateTimeOffset.UtcNow.Hour.ToString(System.Globalization.CultureInfo.InvariantCulture);
        sent["context"]!["HOUR_OF_DAY"]!.GetValue<string>().ShouldBeOneOf(hourBefore, hourAfter);
    }

    [Theory]
    [InlineData(true, false, "-genres")]
    [InlineData(false, true, "-artists")]
    [InlineData(true, true, "-genres-artists")]
    public async Task included_genres_and_artists_use_the_include_filter_with_their_parameters(bool genres, bool artists, string suffix)
    {
        await Recommender.RecommendAsync(new RecommendationQuery
        {
            UserId = "listener",
            Filters = new RecommendationFilters { IncludeGenres = genres ? ["jazz", "soul"] : [], IncludeArtists = artists ? ["Miles Davis"] : [], ExcludeSkipped = true },
        }, default);

        // the fake refuses an INCLUDE filter without a value for each of its parameters, as Personalize does
        var sent = Fake.RuntimeCalls.Single();
        sent["filterArn"]!.GetValue<string>().ShouldBe(FakePersonalize.FilterArn + suffix);
        sent["filterValues"]!["EXCLUDED_EVENT_TYPES"]!.GetValue<string>().ShouldBe("\"play\",\"complete\",\"skip\"");
        if (genres) sent["filterValues"]!["GENRES"]!.GetValue<string>().ShouldBe("\"jazz\",\"soul\"");
        if (artists) sent["filterValues"]!["ARTISTS"]!.GetValue<string>().ShouldBe("\"Miles Davis\"");
    }

    [Fact]
    public async Task an_absent_user_is_asked_for_as_an_anonymous_one_and_more_than_500_results_are_capped()
    {
        await Recommender.RecommendAsync(new RecommendationQuery { UserId = null, NumResults = 900, Filters = new() { ExcludePlayed = false } }, default);

        var sent = Fake.RuntimeCalls.Single();
        sent["userId"]!.GetValue<string>().ShouldBe("anonymous");
        sent["numResults"]!.GetValue<int>().ShouldBe(500);
        sent["filterArn"].ShouldBeNull();
    }

    [Fact]
    public async Task related_tracks_come_from_the_sims_campaign_and_an_unknown_track_has_none()
    {
        (await Recommender.RelatedAsync("track-1", 10, false, default))!.Items.Select(i => i.TrackId).ShouldBe(["track-2", "track-3"]);
        Fake.RuntimeCalls.First()["campaignArn"]!.GetValue<string>().ShouldBe(FakePersonalize.RelatedItemsCampaignArn);
        (await Recommender.RelatedAsync("track-unknown", 10, false, default)).ShouldBeNull();
    }

    [Fact]
    public async Task ranking_uses_the_ranking_campaign()
    {
        var ranked = await Recommender.RankAsync("listener", ["track-9", "elsewhere", "track-2"], default);

        ranked.Items.Select(i => i.TrackId).ShouldBe(["track-2", "track-9", "elsewhere"]);
        Fake.RuntimeCalls.Single()["inputList"]!.AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task an_unknown_campaign_is_not_ready_with_personalizes_resource_not_found_inside()
    {
        await using var services = Peers.AwsServices.Build(new()
        {
            ["Aws:Personalize:ServiceUrl"] = Fake.Url.ToString(),
            ["Aws:Personalize:CampaignArn"] = "arn:aws:personalize:us-east-1:111111111111:campaign/gone",
            ["Aws:Personalize:RelatedItemsCampaignArn"] = FakePersonalize.RelatedItemsCampaignArn,
        });

        var notReady = await Should.ThrowAsync<RecommenderNotReadyException>(
            () => services.GetRequiredService<IRecommender>().RecommendAsync(new RecommendationQuery { UserId = "u" }, default));
        var e = notReady.InnerException.ShouldBeOfType<AwsServiceException>();
        e.ErrorCode.ShouldBe("ResourceNotFoundException");
        e.Status.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }
}

/// <summary>Without a ranking campaign the user's recommendations order the list.</summary>
public sealed class PersonalizeRankingWithoutRankingCampaignTests : PersonalizeTestBase
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings.Remove("Aws:Personalize:RankingCampaignArn");
        return settings;
    }

    [Fact]
    public async Task ranking_orders_by_the_users_recommendations_and_keeps_unknown_tracks_last()
    {
        var ranked = await Services.GetRequiredService<IRecommender>().RankAsync("listener", ["unknown-a", "track-7", "track-3"], default);

        ranked.Items.Select(i => i.TrackId).ShouldBe(["track-3", "track-7", "unknown-a"]);
        Fake.RuntimeCalls.Single()["campaignArn"]!.GetValue<string>().ShouldBe(FakePersonalize.CampaignArn);
    }
}
