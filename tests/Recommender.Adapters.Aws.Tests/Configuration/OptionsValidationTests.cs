using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.Core.Datasets;
using Recommender.Core.Recommendations;

namespace Recommender.Adapters.Aws.Tests.Configuration;

public sealed class OptionsValidationTests
{
    /// <summary>Starts a real host over AddAwsAdapters, as a service's Program does.</summary>
    private static async Task<Exception?> StartHostAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<Amazon.Runtime.AWSCredentials>(AwsServices.TestCredentials);
        builder.Services.AddAwsAdapters(builder.Configuration);
        using var host = builder.Build();
        try
        {
            await host.StartAsync();
            await host.StopAsync();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    [Fact]
    public async Task a_configured_stream_without_a_name_stops_the_start_naming_the_setting()
    {
        var e = await StartHostAsync(new() { ["Aws:Region"] = "eu-west-1", ["Aws:Kinesis:ShardCount"] = "2" });

        e.ShouldBeOfType<OptionsValidationException>().Message.ShouldContain("Aws:Kinesis:StreamName is required");
    }

    [Fact]
    public async Task every_problem_is_listed_at_once()
    {
        var e = await StartHostAsync(new()
        {
            ["Aws:Region"] = "eu-west-1",
            ["Aws:ServiceUrl"] = "not a url",
            ["Aws:DynamoDb:AppliedEventWindow"] = "1",
        });

        var failures = (e as OptionsValidationException ?? (e as AggregateException)?.InnerExceptions.OfType<OptionsValidationException>().First()).ShouldNotBeNull();
        var all = e is AggregateException a ? string.Join("\n", a.InnerExceptions.Select(x => x.Message)) : failures.Message;
        all.ShouldContain("Aws:ServiceUrl must be an absolute http(s) URL");
        all.ShouldContain("Aws:DynamoDb:TableName is required");
        all.ShouldContain("Aws:DynamoDb:AppliedEventWindow must be 10 to 5000");
    }

    [Fact]
    public async Task a_missing_region_is_named_when_the_environment_has_none_either()
    {
        if (Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } || Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") is { Length: > 0 })
            return; // the environment supplies a region here, which is what the rule allows

        var e = await StartHostAsync(new() { ["Aws:Kinesis:StreamName"] = "events" });

        e.ShouldBeOfType<OptionsValidationException>().Message.ShouldContain("Aws:Region is required");
    }

    [Fact]
    public async Task a_complete_configuration_starts()
    {
        (await StartHostAsync(new()
        {
            ["Aws:Region"] = "eu-west-1",
            ["Aws:Kinesis:StreamName"] = "events",
            ["Aws:DynamoDb:TableName"] = "profiles",
            ["Aws:S3:DatasetsBucket"] = "datasets",
        })).ShouldBeNull();
    }

    [Fact]
    public void a_personalize_part_without_its_settings_fails_when_first_used_naming_them()
    {
        using var services = AwsServices.Build(new() { ["Aws:Personalize:CampaignArn"] = "arn:aws:personalize:us-east-1:1:campaign/c" });

        Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IInteractionTracker>())
            .Message.ShouldContain("Aws:Personalize:TrackingId is required");
        Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IRecommender>())
            .Message.ShouldContain("Aws:Personalize:RelatedItemsCampaignArn is required");
        var controlPlane = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<Aws.Personalize.PersonalizeControlPlane>());
        controlPlane.Message.ShouldContain("Aws:Personalize:DatasetGroupArn is required");
        controlPlane.Message.ShouldContain("Aws:Personalize:RoleArn is required");
    }

    [Fact]
    public void an_unconfigured_adapter_fails_when_first_used_naming_its_setting()
    {
        using var services = AwsServices.Build(new());

        Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IDatasetStore>())
            .Message.ShouldContain("Aws:S3:DatasetsBucket is required");
    }
}
