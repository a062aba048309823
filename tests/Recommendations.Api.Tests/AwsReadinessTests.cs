using System.Net;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Recommender.AwsFakes.Athena;
using Recommender.AwsFakes.Personalize;
using Recommender.Contracts;

namespace Recommendations.Api.Tests;

/// <summary>
/// The recommendations API in Mode=Aws on dynalite and the Personalize and Athena fakes: /readyz describes the two campaigns,
/// the two tables and the reports' Athena workgroup datasets/deployment/readiness.json declares for it, each with its own entry.
/// </summary>
public sealed class AwsReadinessTests : IAsyncLifetime
{
    private static readonly BasicAWSCredentials Role = new("readiness-test", "readiness-test-secret");
    private const string WorkGroup = "ready-reports";
    private NodePeer _dynalite = null!;
    private FakeAthena _athena = null!;

    public async Task InitializeAsync()
    {
        _dynalite = await NodePeer.StartAsync("dynalite");
        // /readyz runs no report: a query reaching the engine fails the test
        _athena = await FakeAthena.StartAsync(new FakeAthenaOptions(Role, WorkGroup, "ready_archive",
            (sql, _) => throw new InvalidOperationException($"readiness ran a query: {sql}")));
    }

    public async Task DisposeAsync()
    {
        await _athena.DisposeAsync();
        await _dynalite.DisposeAsync();
    }

    [Fact]
    public async Task on_aws_readyz_is_healthy_and_lists_both_campaigns_both_tables_and_the_reports_workgroup()
    {
        await using var personalize = await FakePersonalize.StartAsync(new FakePersonalizeOptions(Role));
        using var factory = new OnAws(Settings(personalize));

        var (status, checks) = await ReadyzAsync(factory);

        status.ShouldBe(HttpStatusCode.OK, string.Join("\n", checks));
        checks.Keys.Order().ShouldBe(["aws:athena-workgroup", "aws:catalog-table", "aws:profile-table", "aws:recommendations-campaign", "aws:related-items-campaign"]);
        checks.Values.ShouldAllBe(c => c.Status == "Healthy");
        checks["aws:recommendations-campaign"].Description.ShouldBe($"recommendations-campaign ({FakePersonalize.CampaignArn}): ACTIVE");
        checks["aws:athena-workgroup"].Description.ShouldBe($"athena-workgroup ({WorkGroup}): ENABLED");
        _athena.Endpoint.Refused.ShouldBeEmpty();
        _athena.Endpoint.ModelViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_reports_workgroup_athena_does_not_know_is_unhealthy_naming_it()
    {
        await using var personalize = await FakePersonalize.StartAsync(new FakePersonalizeOptions(Role));
        var settings = Settings(personalize);
        settings["Aws:Athena:WorkGroup"] = "deleted-reports";
        using var factory = new OnAws(settings);

        var (status, checks) = await ReadyzAsync(factory);

        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        checks["aws:athena-workgroup"].Status.ShouldBe("Unhealthy");
        checks["aws:athena-workgroup"].Description.ShouldBe("athena-workgroup (deleted-reports): athena:GetWorkGroup answered 400 InvalidRequestException");
        checks["aws:recommendations-campaign"].Status.ShouldBe("Healthy");
    }

    [Fact]
    public async Task before_the_first_campaign_exists_readyz_is_unhealthy_naming_each_missing_campaign()
    {
        // as `pulumi up` leaves it: the builder's first run creates the campaigns
        await using var personalize = await FakePersonalize.StartAsync(new FakePersonalizeOptions(Role, Deployed: false));
        using var factory = new OnAws(Settings(personalize));

        var (status, checks) = await ReadyzAsync(factory);

        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        checks["aws:recommendations-campaign"].Status.ShouldBe("Unhealthy");
        checks["aws:recommendations-campaign"].Description.ShouldBe(
            $"recommendations-campaign ({FakePersonalize.CampaignArn}): personalize:DescribeCampaign answered 400 ResourceNotFoundException");
        checks["aws:related-items-campaign"].Status.ShouldBe("Unhealthy");
        checks["aws:profile-table"].Status.ShouldBe("Healthy");
    }

    [Fact]
    public async Task a_throttled_describe_is_degraded_and_answered_from_the_cache_until_it_expires()
    {
        await using var personalize = await FakePersonalize.StartAsync(new FakePersonalizeOptions(Role));
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var factory = new OnAws(Settings(personalize), clock);
        (await ReadyzAsync(factory)).Status.ShouldBe(HttpStatusCode.OK);
        var describes = personalize.Calls.GetValueOrDefault("DescribeCampaign");

        personalize.ThrottleNext(2);
        // within the cache's 30 s: no call reaches Personalize, so nothing is throttled yet
        (await ReadyzAsync(factory)).Checks.Values.ShouldAllBe(c => c.Status == "Healthy");
        personalize.Calls.GetValueOrDefault("DescribeCampaign").ShouldBe(describes);

        clock.Advance(TimeSpan.FromSeconds(31));
        var (status, checks) = await ReadyzAsync(factory);
        status.ShouldBe(HttpStatusCode.OK, "Degraded still serves");
        checks["aws:recommendations-campaign"].Status.ShouldBe("Degraded");
        checks["aws:recommendations-campaign"].Description.ShouldContain("ThrottlingException");
    }

    private Dictionary<string, string?> Settings(FakePersonalize personalize) => new()
    {
        ["Recommender:Mode"] = "Aws",
        ["Aws:Region"] = FakePersonalize.Region,
        ["Aws:CreateMissingResources"] = "true",
        ["Aws:DynamoDb:ServiceUrl"] = _dynalite.Url.ToString(),
        ["Aws:DynamoDb:TableName"] = TestEvents.Unique("ready-profiles"),
        ["Aws:DynamoDb:CatalogTableName"] = TestEvents.Unique("ready-catalog"),
        ["Aws:Personalize:ServiceUrl"] = personalize.Url.ToString(),
        ["Aws:Personalize:CampaignArn"] = FakePersonalize.CampaignArn,
        ["Aws:Personalize:RelatedItemsCampaignArn"] = FakePersonalize.RelatedItemsCampaignArn,
        ["Aws:Athena:ServiceUrl"] = _athena.Url.ToString(),
        ["Aws:Athena:WorkGroup"] = WorkGroup,
        ["Aws:Athena:Database"] = "ready_archive",
        ["Recommender:DataDirectory"] = Path.Combine(Path.GetTempPath(), "recommendations-readiness", Guid.NewGuid().ToString("N")),
    };

    private static async Task<(HttpStatusCode Status, Dictionary<string, (string Status, string Description)> Checks)> ReadyzAsync(OnAws factory)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/readyz");
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (response.StatusCode, report["checks"]!.AsArray().ToDictionary(c => c!["name"]!.GetValue<string>(),
            c => (c!["status"]!.GetValue<string>(), c["description"]?.GetValue<string>() ?? "")));
    }

    /// <summary>The real app with these settings, the role's credentials, and optionally a clock the test moves.</summary>
    private sealed class OnAws(Dictionary<string, string?> settings, TimeProvider? clock = null) : WebApplicationFactory<Program>
    {
        protected override IHost CreateHost(IHostBuilder builder)
        {
            builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(settings));
            return base.CreateHost(builder);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<AWSCredentials>(Role);
            if (clock is not null) services.AddSingleton(clock);
        });
    }
}
