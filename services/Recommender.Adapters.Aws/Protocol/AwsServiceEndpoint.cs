namespace Recommender.Adapters.Aws.Protocol;

/// <summary>Where one AWS API lives and how its requests are signed.</summary>
/// <param name="BaseUri">The regional endpoint, or the override for a local peer.</param>
/// <param name="SigningName">SigV4 service name: "kinesis", "personalize" (also for personalize-events and -runtime).</param>
/// <param name="TargetPrefix">JSON 1.1 protocol X-Amz-Target prefix ("Kinesis_20131202"); null for REST-JSON APIs.</param>
internal sealed record AwsServiceEndpoint(string ServiceName, Uri BaseUri, string Region, string SigningName, string? TargetPrefix)
{
    /// <summary>https://{endpointPrefix}.{region}.amazonaws.com (".amazonaws.com.cn" in the China regions), unless overridden.</summary>
    public static AwsServiceEndpoint Resolve(string serviceName, string endpointPrefix, string region, string signingName, string? targetPrefix, string? serviceUrl)
    {
        var uri = string.IsNullOrWhiteSpace(serviceUrl)
            ? new Uri($"https://{endpointPrefix}.{region}.{(region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com")}/")
            : new Uri(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/");
        return new AwsServiceEndpoint(serviceName, uri, region, signingName, targetPrefix);
    }
}
