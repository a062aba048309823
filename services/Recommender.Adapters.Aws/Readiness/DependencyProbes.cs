using Amazon.DynamoDBv2;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recommender.Adapters.Aws.Athena;
using Recommender.Adapters.Aws.Configuration;
using Recommender.Adapters.Aws.Kinesis;
using Recommender.Adapters.Aws.Kms;
using Recommender.Adapters.Aws.Personalize;

namespace Recommender.Adapters.Aws.Readiness;

/// <summary>What one control-plane call said of a resource: whether it can serve, and its status as AWS names it.</summary>
internal sealed record DependencyState(bool Usable, string Status);

/// <summary>
/// The one cheap control-plane call per kind of dependency, on the exact resource. Statuses that still serve count as usable:
/// a Kinesis stream or DynamoDB table UPDATING, a Personalize campaign ACTIVE while an update rolls out; an Athena workgroup only ENABLED, a KMS key only Enabled.
/// </summary>
internal sealed class DependencyProbes(IServiceProvider services)
{
    private static readonly string[] ServingStreamOrTable = ["ACTIVE", "UPDATING"];

    public Task<DependencyState> ProbeAsync(AwsDependency dependency, string resource, CancellationToken ct) => dependency.Operation switch
    {
        "DescribeStreamSummary" => DescribeStreamAsync(resource, ct),
        "DescribeTable" => DescribeTableAsync(resource, ct),
        "HeadBucket" => HeadBucketAsync(resource, ct),
        "DescribeCampaign" => DescribeCampaignAsync(resource, ct),
        "DescribeEventTracker" => DescribeEventTrackerAsync(resource, ct),
        "GetWorkGroup" => GetWorkGroupAsync(resource, ct),
        "DescribeKey" => DescribeKeyAsync(resource, ct),
        _ => throw new InvalidOperationException($"no readiness check does {dependency.Operation} ({dependency.Name})"),
    };

    private AwsOptions Aws => services.GetRequiredService<IOptions<AwsOptions>>().Value;
    private AwsSdkClients Clients => services.GetRequiredService<AwsSdkClients>();

    private async Task<DependencyState> DescribeStreamAsync(string stream, CancellationToken ct)
    {
        var url = Aws.ServiceUrlFor(services.GetRequiredService<IOptions<KinesisOptions>>().Value.ServiceUrl);
        var kinesis = new KinesisApi(Clients.JsonClientWithoutRetries(KinesisApi.Endpoint(Aws.ResolvedRegion, url)));
        var status = (await kinesis.DescribeStreamSummaryAsync(new DescribeStreamSummaryRequest(stream), ct).ConfigureAwait(false)).StreamDescriptionSummary.StreamStatus;
        return new DependencyState(ServingStreamOrTable.Contains(status), status);
    }

    private async Task<DependencyState> DescribeTableAsync(string table, CancellationToken ct)
    {
        var status = (await services.GetRequiredService<IAmazonDynamoDB>().DescribeTableAsync(table, ct).ConfigureAwait(false)).Table.TableStatus.Value;
        return new DependencyState(ServingStreamOrTable.Contains(status), status);
    }

    private async Task<DependencyState> HeadBucketAsync(string bucket, CancellationToken ct)
    {
        using var s3 = Clients.S3(Aws.ServiceUrlFor(services.GetRequiredService<IOptions<S3Options>>().Value.ServiceUrl));
        await s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, ct).ConfigureAwait(false);
        return new DependencyState(true, "exists");
    }

    private async Task<DependencyState> DescribeCampaignAsync(string campaignArn, CancellationToken ct)
    {
        var campaign = (await Personalize().CallAsync("DescribeCampaign", new DescribeCampaignRequest(campaignArn),
            PersonalizeJsonContext.Default.DescribeCampaignRequest, PersonalizeJsonContext.Default.DescribeCampaignResponse, ct).ConfigureAwait(false)).Campaign;
        return new DependencyState(campaign.Status == "ACTIVE", campaign.Status);
    }

    private async Task<DependencyState> DescribeEventTrackerAsync(string trackerArn, CancellationToken ct)
    {
        var status = (await Personalize().CallAsync("DescribeEventTracker", new DescribeEventTrackerRequest(trackerArn),
            PersonalizeJsonContext.Default.DescribeEventTrackerRequest, PersonalizeJsonContext.Default.DescribeEventTrackerResponse, ct).ConfigureAwait(false)).EventTracker.Status ?? "unknown";
        return new DependencyState(status == "ACTIVE", status);
    }

    private async Task<DependencyState> GetWorkGroupAsync(string workGroup, CancellationToken ct)
    {
        var url = Aws.ServiceUrlFor(services.GetRequiredService<IOptions<AthenaOptions>>().Value.ServiceUrl);
        var state = await AthenaAnalyticsEngine.WorkGroupStateAsync(Clients.JsonClientWithoutRetries(AthenaAnalyticsEngine.Endpoint(Aws.ResolvedRegion, url)),
            workGroup, ct).ConfigureAwait(false);
        return new DependencyState(state == "ENABLED", state);
    }

    private async Task<DependencyState> DescribeKeyAsync(string keyId, CancellationToken ct)
    {
        var url = Aws.ServiceUrlFor(services.GetRequiredService<IOptions<KmsOptions>>().Value.ServiceUrl);
        var kms = new KmsApi(Clients.JsonClientWithoutRetries(KmsApi.Endpoint(Aws.ResolvedRegion, url)));
        var state = (await kms.DescribeKeyAsync(new DescribeKeyRequest(keyId), ct).ConfigureAwait(false)).KeyMetadata?.KeyState ?? "unknown";
        return new DependencyState(state == "Enabled", state);
    }

    private Protocol.AwsJsonClient Personalize() => Clients.JsonClientWithoutRetries(PersonalizeEndpoints.ControlPlane(Aws.ResolvedRegion,
        Aws.ServiceUrlFor(services.GetRequiredService<IOptions<PersonalizeOptions>>().Value.ServiceUrl)));
}
