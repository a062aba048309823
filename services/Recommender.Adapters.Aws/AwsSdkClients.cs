using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Polly;
using Recommender.Adapters.Aws.Configuration;
using Recommender.Adapters.Aws.Protocol;

namespace Recommender.Adapters.Aws;

/// <summary>Builds the clients: official SDK ones for DynamoDB, S3 and SQS, our JSON-protocol one for Kinesis, Personalize and KMS.</summary>
internal sealed class AwsSdkClients(AwsOptions aws, AwsCredentialSource credentials, TimeProvider time) : IDisposable
{
    // One long-lived client for every JSON-protocol API; pooled connections are renewed so DNS changes are seen.
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = aws.RequestTimeout,
    };

    private readonly Lazy<ResiliencePipeline> _retry = new(() =>
        aws.MaxRetries == 0 ? ResiliencePipeline.Empty : AwsRetryPipeline.Create(aws.MaxRetries, aws.RetryBaseDelay));

    public AwsJsonClient JsonClient(AwsServiceEndpoint endpoint) => new(_http, endpoint, credentials, _retry.Value, time);

    /// <summary>For checks that must answer quickly and say "throttled" rather than wait out a backoff.</summary>
    public AwsJsonClient JsonClientWithoutRetries(AwsServiceEndpoint endpoint) => new(_http, endpoint, credentials, ResiliencePipeline.Empty, time);

    public void Dispose() => _http.Dispose();

    public IAmazonDynamoDB DynamoDb(string? serviceUrl)
    {
        var config = new AmazonDynamoDBConfig { MaxErrorRetry = aws.MaxRetries, RetryMode = RequestRetryMode.Standard, Timeout = aws.RequestTimeout };
        Place(config, serviceUrl);
        return new AmazonDynamoDBClient(credentials.Credentials, config);
    }

    public Amazon.SQS.IAmazonSQS Sqs(string? serviceUrl)
    {
        var config = new Amazon.SQS.AmazonSQSConfig { MaxErrorRetry = aws.MaxRetries, RetryMode = RequestRetryMode.Standard, Timeout = aws.RequestTimeout };
        Place(config, serviceUrl);
        return new Amazon.SQS.AmazonSQSClient(credentials.Credentials, config);
    }

    public IAmazonS3 S3(string? serviceUrl)
    {
        var config = new AmazonS3Config { MaxErrorRetry = aws.MaxRetries, RetryMode = RequestRetryMode.Standard, Timeout = aws.RequestTimeout };
        Place(config, serviceUrl);
        if (serviceUrl is not null)
        {
            // Local S3 peers answer on one host name and take plain bodies: path-style buckets, no trailing checksums.
            config.ForcePathStyle = true;
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
        }
        return new AmazonS3Client(credentials.Credentials, config);
    }

    private void Place(ClientConfig config, string? serviceUrl)
    {
        if (serviceUrl is null) config.RegionEndpoint = RegionEndpoint.GetBySystemName(aws.ResolvedRegion);
        else
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = aws.ResolvedRegion;
        }
    }
}
