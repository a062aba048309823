using System.Net;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Contracts;

namespace Ingestion.Api.Tests;

/// <summary>
/// The ingestion API in Mode=Aws on kinesalite: /readyz describes the one AWS dependency datasets/deployment/readiness.json
/// declares for it, the event stream (Kinesis DescribeStreamSummary).
/// </summary>
public sealed class AwsReadinessTests : IAsyncLifetime
{
    private NodePeer _kinesalite = null!;
    private NodePeer _dynalite = null!;
    private readonly List<IDisposable> _factories = [];

    public async Task InitializeAsync()
    {
        _kinesalite = await NodePeer.StartAsync("kinesalite");
        // the stream's checkpoint table, created beside the stream at start
        _dynalite = await NodePeer.StartAsync("dynalite");
    }

    public async Task DisposeAsync()
    {
        foreach (var factory in _factories) factory.Dispose();
        await _kinesalite.DisposeAsync();
        await _dynalite.DisposeAsync();
    }

    [Fact]
    public async Task on_aws_readyz_is_healthy_and_lists_the_event_stream_it_described()
    {
        var stream = Recommender.Contracts.TestEvents.Unique("ready-events");
        using var client = OnKinesalite(stream, createMissing: true).CreateClient();

        using var response = await client.GetAsync("/readyz");
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        response.StatusCode.ShouldBe(HttpStatusCode.OK, report.ToJsonString());
        report["status"]!.GetValue<string>().ShouldBe("Healthy");
        var check = report["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "aws:event-stream")!;
        check["status"]!.GetValue<string>().ShouldBe("Healthy");
        check["description"]!.GetValue<string>().ShouldBe($"event-stream ({stream}): ACTIVE");
    }

    [Fact]
    public async Task on_aws_readyz_is_unhealthy_naming_the_stream_when_it_does_not_exist()
    {
        var stream = Recommender.Contracts.TestEvents.Unique("missing-events");
        using var client = OnKinesalite(stream, createMissing: false).CreateClient();

        using var response = await client.GetAsync("/readyz");
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, report.ToJsonString());
        var check = report["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "aws:event-stream")!;
        check["status"]!.GetValue<string>().ShouldBe("Unhealthy");
        check["description"]!.GetValue<string>().ShouldBe($"event-stream ({stream}): kinesis:DescribeStreamSummary answered 400 ResourceNotFoundException");
    }

    private WebApplicationFactory<Program> OnKinesalite(string stream, bool createMissing)
    {
        var factory = new IngestionApiFactory();
        _factories.Add(factory);
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Recommender:Mode"] = "Aws",
            ["Aws:Region"] = "us-east-1",
            ["Aws:CreateMissingResources"] = createMissing ? "true" : "false",
            ["Aws:Kinesis:ServiceUrl"] = _kinesalite.Url.ToString(),
            ["Aws:Kinesis:StreamName"] = stream,
            ["Aws:Kinesis:ShardCount"] = "1",
            ["Aws:DynamoDb:ServiceUrl"] = _dynalite.Url.ToString(),
        }) factory.Settings[key] = value;
        // the peers take any key; Lambda's role credentials in the deployment
        var onAws = factory.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.AddSingleton<AWSCredentials>(new BasicAWSCredentials("readiness-test", "readiness-test"))));
        _factories.Add(onAws);
        return onAws;
    }
}
