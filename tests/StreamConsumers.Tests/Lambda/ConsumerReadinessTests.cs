using System.Net;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Recommender.Contracts;

namespace StreamConsumers.Tests.Lambda;

/// <summary>
/// /readyz of each consumer function as deployed (Aws mode, the environment of consumer-environment.json): one entry per AWS
/// dependency its role declares in datasets/deployment/readiness.json, each a control-plane call to the local peers.
/// </summary>
public sealed class ConsumerReadinessTests(ConsumerSinks sinks) : IClassFixture<ConsumerSinks>
{
    // every probe asks AWS, so a resource removed in the test shows at once
    private static readonly Dictionary<string, string> Uncached = new() { ["Aws__Readiness__CacheFor"] = "00:00:00" };

    [Theory]
    [InlineData("hot-path")]
    [InlineData("profile-aggregator")]
    [InlineData("archive")]
    public async Task each_consumer_function_is_ready_and_lists_every_aws_dependency_its_role_declares(string consumer)
    {
        await using var function = await sinks.StartFunctionAsync(consumer, Uncached);

        var (status, report) = await ReadyzAsync(function);

        status.ShouldBe(HttpStatusCode.OK, $"{report}\n{function.Output}");
        report["status"]!.GetValue<string>().ShouldBe("Healthy", report.ToJsonString());
        Checks(report).Where(c => c.Name.StartsWith("aws:", StringComparison.Ordinal)).Select(c => c.Name)
            .ShouldBe(Declared(consumer).Select(d => "aws:" + d), report.ToJsonString());
        Checks(report).ShouldAllBe(c => c.Status == "Healthy");
    }

    [Fact]
    public async Task a_consumer_whose_catalog_table_is_gone_is_unhealthy_naming_the_table_and_the_failing_action()
    {
        var catalog = TestEvents.Unique("readiness-catalog");
        await sinks.Dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = catalog,
            AttributeDefinitions = [new AttributeDefinition("track_id", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("track_id", KeyType.HASH)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        });
        await using var function = await sinks.StartFunctionAsync("profile-aggregator",
            new Dictionary<string, string>(Uncached) { ["Aws__DynamoDb__CatalogTableName"] = catalog });
        (await ReadyzAsync(function)).Status.ShouldBe(HttpStatusCode.OK, function.Output);

        await sinks.Dynamo.DeleteTableAsync(catalog);
        await Eventually.UntilAsync(async () => !(await sinks.Dynamo.ListTablesAsync()).TableNames.Contains(catalog), "dynalite has deleted the table");

        var (status, report) = await ReadyzAsync(function);
        status.ShouldBe(HttpStatusCode.ServiceUnavailable, report.ToJsonString());
        report["status"]!.GetValue<string>().ShouldBe("Unhealthy");
        var failed = Checks(report).Single(c => c.Status != "Healthy");
        failed.Name.ShouldBe("aws:catalog-table");
        failed.Description.ShouldContain(catalog);
        failed.Description.ShouldContain("dynamodb:DescribeTable");
        failed.Description.ShouldContain("ResourceNotFoundException");
        // AWS's own message is left out: it can quote the caller's identity
        failed.Description.ShouldNotContain("S3RVER");
        Checks(report).Single(c => c.Name == "aws:profile-table").Status.ShouldBe("Healthy");
    }

    private static async Task<(HttpStatusCode Status, JsonNode Report)> ReadyzAsync(ConsumerFunction function)
    {
        using var response = await function.GetAsync("/readyz");
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static List<(string Name, string Status, string Description)> Checks(JsonNode report) =>
        report["checks"]!.AsArray().Select(c => (c!["name"]!.GetValue<string>(), c["status"]!.GetValue<string>(),
            c["description"]?.GetValue<string>() ?? "")).ToList();

    /// <summary>What readiness.json declares for the role, read here from the file itself.</summary>
    private static IEnumerable<string> Declared(string role)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Recommender.sln")))
                return JsonNode.Parse(File.ReadAllText(Path.Combine(dir.FullName, "datasets", "deployment", "readiness.json")))!["services"]![role]!
                    .AsArray().Select(d => d!.GetValue<string>()).ToList();
        throw new InvalidOperationException("repository root not found");
    }
}
