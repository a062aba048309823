using Microsoft.Extensions.DependencyInjection;
using Recommender.AwsFakes.Personalize;
using Recommender.Adapters.Aws.Tests.Peers;

namespace Recommender.Adapters.Aws.Tests.Personalize;

/// <summary>A fresh Personalize fake per test class, and the adapters pointed at it.</summary>
public abstract class PersonalizeTestBase : IAsyncLifetime
{
    protected FakePersonalize Fake { get; private set; } = null!;
    protected ServiceProvider Services { get; private set; } = null!;

    protected virtual Dictionary<string, string?> Settings() => new()
    {
        ["Aws:Personalize:TrackingId"] = FakePersonalize.TrackingId,
        ["Aws:Personalize:CampaignArn"] = FakePersonalize.CampaignArn,
        ["Aws:Personalize:RelatedItemsCampaignArn"] = FakePersonalize.RelatedItemsCampaignArn,
        ["Aws:Personalize:RankingCampaignArn"] = FakePersonalize.RankingCampaignArn,
        ["Aws:Personalize:FilterArn"] = FakePersonalize.FilterArn,
        ["Aws:Personalize:DatasetGroupArn"] = FakePersonalize.DatasetGroupArn,
        ["Aws:Personalize:RoleArn"] = FakePersonalize.RoleArn,
    };

    /// <summary>False: Personalize as right after `pulumi up`, before the builder created the campaigns and filters.</summary>
    protected virtual bool Deployed => true;

    public async Task InitializeAsync()
    {
        Fake = await FakePersonalize.StartAsync(new FakePersonalizeOptions(AwsServices.TestCredentials, Deployed: Deployed));
        var settings = Settings();
        settings["Aws:Personalize:ServiceUrl"] = Fake.Url.ToString();
        settings["Aws:Region"] = FakePersonalize.Region;
        Services = AwsServices.Build(settings);
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Fake.DisposeAsync();
        Fake.ModelViolations.ShouldBeEmpty("the fake answered off AWS's model");
    }
}
