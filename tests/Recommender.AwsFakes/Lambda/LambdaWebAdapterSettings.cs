namespace Recommender.AwsFakes.Lambda;

/// <summary>
/// The Lambda Web Adapter's settings, read from the function's environment with the adapter's documented defaults
/// (awslabs/aws-lambda-web-adapter, docs/guide/src/configuration/environment-variables.md and readiness-check.md).
/// </summary>
public sealed record LambdaWebAdapterSettings(
    int Port,
    int ReadinessCheckPort,
    string ReadinessCheckPath,
    bool ReadinessCheckOverTcp,
    StatusCodeList HealthyStatus,
    string PassThroughPath,
    StatusCodeList? ErrorStatusCodes)
{
    public static LambdaWebAdapterSettings From(IReadOnlyDictionary<string, string> environment)
    {
        string? Get(string key) => environment.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
        // AWS_LWA_PORT, else PORT, else 8080
        var port = int.Parse(Get("AWS_LWA_PORT") ?? Get("PORT") ?? "8080", System.Globalization.CultureInfo.InvariantCulture);
        return new LambdaWebAdapterSettings(
            port,
            Get("AWS_LWA_READINESS_CHECK_PORT") is { } readinessPort ? int.Parse(readinessPort, System.Globalization.CultureInfo.InvariantCulture) : port,
            Get("AWS_LWA_READINESS_CHECK_PATH") ?? "/",
            string.Equals(Get("AWS_LWA_READINESS_CHECK_PROTOCOL"), "tcp", StringComparison.OrdinalIgnoreCase),
            StatusCodeList.Parse(Get("AWS_LWA_READINESS_CHECK_HEALTHY_STATUS") ?? "100-499"),
            Get("AWS_LWA_PASS_THROUGH_PATH") ?? "/events",
            // off unless set: without it every status reaches Lambda as a successful invocation
            Get("AWS_LWA_ERROR_STATUS_CODES") is { } codes ? StatusCodeList.Parse(codes) : null);
    }
}
