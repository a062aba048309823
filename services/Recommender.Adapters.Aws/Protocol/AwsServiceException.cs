using System.Net;

namespace Recommender.Adapters.Aws.Protocol;

/// <summary>An error answer of an AWS service: its error code (the JSON "__type" without namespace), HTTP status and request id.</summary>
public sealed class AwsServiceException(string service, string errorCode, string message, HttpStatusCode status, string? requestId)
    : Exception($"{service} answered {(int)status} {errorCode}: {message} (request id {requestId ?? "none"})")
{
    public string Service { get; } = service;
    public string ErrorCode { get; } = errorCode;
    public string ServiceMessage { get; } = message;
    public HttpStatusCode Status { get; } = status;
    public string? RequestId { get; } = requestId;

    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "ThrottledException", "RequestThrottledException", "RequestThrottled",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
        "LimitExceededException", "SlowDown", "KMSThrottlingException", "TransactionInProgressException",
    };

    public bool IsThrottling => ThrottlingCodes.Contains(ErrorCode) || Status == HttpStatusCode.TooManyRequests;

    /// <summary>Worth another try: throttled, or the service failed (5xx); a 4xx otherwise is our mistake and stays one.</summary>
    public bool IsRetryable => IsThrottling || (int)Status >= 500;

    /// <summary>
    /// "com.amazonaws.kinesis.v20131202#ResourceNotFoundException" or the x-amzn-ErrorType form
    /// "ResourceNotFoundException:http://internal.amazon.com/..." become "ResourceNotFoundException".
    /// </summary>
    public static string ShortCode(string raw)
    {
        var code = raw;
        var hash = code.LastIndexOf('#');
        if (hash >= 0) code = code[(hash + 1)..];
        var colon = code.IndexOf(':');
        if (colon >= 0) code = code[..colon];
        return code.Trim();
    }
}
