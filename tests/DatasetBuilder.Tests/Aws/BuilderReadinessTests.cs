using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DatasetBuilder.Tests.Aws;

/// <summary>
/// The builder's function in Mode=Aws on dynalite and s3rver: /readyz describes its run ledger's table and its datasets
/// bucket, the two dependencies datasets/deployment/readiness.json declares for "dataset-builder".
/// </summary>
public sealed class BuilderReadinessTests : IAsyncLifetime
{
    private AwsPeers _peers = null!;

    public async Task InitializeAsync() => _peers = await AwsPeers.StartAsync();

    public async Task DisposeAsync() => await _peers.DisposeAsync();

    [Fact]
    public async Task on_aws_the_builder_is_ready_listing_its_runs_table_and_its_datasets_bucket()
    {
        // the host's start creates both (Aws:CreateMissingResources)
        await using var factory = Builder(_peers.Settings());

        var (status, checks) = await ReadyzAsync(factory);

        status.ShouldBe(HttpStatusCode.OK, string.Join("\n", checks));
        checks.Keys.Order().ShouldBe(["aws:datasets-bucket", "aws:runs-table"]);
        checks["aws:runs-table"].ShouldBe(("Healthy", $"runs-table ({AwsPeers.RunsTable}): ACTIVE"));
        checks["aws:datasets-bucket"].ShouldBe(("Healthy", $"datasets-bucket ({AwsPeers.Bucket}): exists"));
    }

    [Fact]
    public async Task a_runs_table_and_a_datasets_bucket_that_do_not_exist_are_unhealthy_naming_each()
    {
        var settings = _peers.Settings();
        settings["Aws:CreateMissingResources"] = "false";
        settings["DatasetBuilder:Aws:RunsTableName"] = "missing-runs";
        settings["Aws:S3:DatasetsBucket"] = "missing-datasets";
        await using var factory = Builder(settings);

        var (status, checks) = await ReadyzAsync(factory);

        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        checks["aws:runs-table"].ShouldBe(("Unhealthy", "runs-table (missing-runs): dynamodb:DescribeTable answered 400 ResourceNotFoundException"));
        checks["aws:datasets-bucket"].Status.ShouldBe("Unhealthy");
        checks["aws:datasets-bucket"].Description.ShouldStartWith("datasets-bucket (missing-datasets): s3:ListBucket answered 404");
    }

    private static WebApplicationFactory<DatasetBuilder.Program> Builder(Dictionary<string, string?> settings) =>
        new WebApplicationFactory<DatasetBuilder.Program>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings) b.UseSetting(key, value);
            b.ConfigureServices(AwsPeers.TestServices);
        });

    private static async Task<(HttpStatusCode Status, Dictionary<string, (string Status, string Description)> Checks)> ReadyzAsync(
        WebApplicationFactory<DatasetBuilder.Program> factory)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/readyz");
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (response.StatusCode, report["checks"]!.AsArray().Where(c => c!["name"]!.GetValue<string>().StartsWith("aws:", StringComparison.Ordinal))
            .ToDictionary(c => c!["name"]!.GetValue<string>(), c => (c!["status"]!.GetValue<string>(), c["description"]?.GetValue<string>() ?? "")));
    }
}
