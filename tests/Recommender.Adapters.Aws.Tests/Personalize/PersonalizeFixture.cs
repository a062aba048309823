using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Tests.Fakes;
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
        ["Aws:Personalize:RelatedItemsCampaignArn"] = FakePersonalize.SimsCampaignArn,
        ["Aws:Personalize:RankingCampaignArn"] = FakePersonalize.RankingCampaignArn,
        ["Aws:Personalize:FilterArn"] = FakePersonalize.FilterArn,
        ["Aws:Personalize:DatasetGroupArn"] = FakePersonalize.DatasetGroupArn,
        ["Aws:Personalize:RoleArn"] = "arn:aws:iam::111111111111:role/personalize-reads-datasets",
    };

    public async Task InitializeAsync()
    {
        Fake = await FakePersonalize.StartAsync();
        var settings = Settings();
        settings["Aws:Personalize:ServiceUrl"] = Fake.Url.ToString();
        settings["Aws:Region"] = FakePersonalize.Region;
        Services = AwsServices.Build(settings);
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
