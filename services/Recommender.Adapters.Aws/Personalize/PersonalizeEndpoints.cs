using Recommender.Adapters.Aws.Protocol;

namespace Recommender.Adapters.Aws.Personalize;

/// <summary>The three Personalize APIs: all signed as service "personalize", at their own endpoint prefixes.</summary>
internal static class PersonalizeEndpoints
{
    public const string SigningName = "personalize";
    public const string ControlPlaneTargetPrefix = "AmazonPersonalize";

    public static AwsServiceEndpoint ControlPlane(string region, string? serviceUrl) =>
        AwsServiceEndpoint.Resolve("Personalize", "personalize", region, SigningName, ControlPlaneTargetPrefix, serviceUrl);

    public static AwsServiceEndpoint Events(string region, string? serviceUrl) =>
        AwsServiceEndpoint.Resolve("Personalize Events", "personalize-events", region, SigningName, null, serviceUrl);

    public static AwsServiceEndpoint Runtime(string region, string? serviceUrl) =>
        AwsServiceEndpoint.Resolve("Personalize Runtime", "personalize-runtime", region, SigningName, null, serviceUrl);
}
