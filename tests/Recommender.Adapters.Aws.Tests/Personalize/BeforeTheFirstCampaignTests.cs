using Microsoft.Extensions.DependencyInjection;
using Recommender.Core.Recommendations;

namespace Recommender.Adapters.Aws.Tests.Personalize;

/// <summary>Right after `pulumi up`: the campaigns do not exist until the dataset builder's first successful run.</summary>
public sealed class BeforeTheFirstCampaignTests : PersonalizeTestBase
{
    protected override bool Deployed => false;

    [Fact]
    public async Task recommendations_before_the_first_campaign_say_not_ready_and_when_to_come_back()
    {
        var recommender = Services.GetRequiredService<IRecommender>();

        var notReady = await Should.ThrowAsync<RecommenderNotReadyException>(() =>
            recommender.RecommendAsync(new RecommendationQuery { UserId = "listener", NumResults = 5 }, default));

        notReady.Message.ShouldContain("no recommendation model is deployed yet");
        notReady.RetryAfter.ShouldBeGreaterThan(TimeSpan.Zero);
    }
}
