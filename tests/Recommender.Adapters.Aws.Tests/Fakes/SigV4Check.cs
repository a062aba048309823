using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Recommender.Adapters.Aws.Protocol;
using Recommender.Adapters.Aws.Tests.Peers;

namespace Recommender.Adapters.Aws.Tests.Fakes;

/// <summary>
/// What AWS checks of a signed request before anything else: an Authorization header of the SigV4 form
/// whose credential scope names the service and region and the day of X-Amz-Date, a date within 15
/// minutes, host and x-amz-date among the signed headers, and a signature that matches the request as sent.
/// Returns the AWS error code to answer with, or null when the request passes.
/// </summary>
public static partial class SigV4Check
{
    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, SignedHeaders=(?<headers>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationForm();

    public static async Task<(string Code, string Message)?> VerifyAsync(HttpRequest request, byte[] body, string service, string region,
        Amazon.Runtime.AWSCredentials? known = null)
    {
        var authorization = request.Headers.Authorization.ToString();
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (authorization.Length == 0) return ("MissingAuthenticationTokenException", "Missing Authentication Token");
        var match = AuthorizationForm().Match(authorization);
        if (!match.Success) return ("IncompleteSignatureException", $"Authorization header is not SigV4: {authorization}");
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
            return ("IncompleteSignatureException", "X-Amz-Date is missing or malformed");
        if (Math.Abs((DateTimeOffset.UtcNow - at).TotalMinutes) > 15) return ("InvalidSignatureException", "Signature expired");
        if (match.Groups["date"].Value != amzDate[..8]) return ("InvalidSignatureException", "credential date is not the X-Amz-Date day");
        if (match.Groups["service"].Value != service) return ("InvalidSignatureException", $"credential should be scoped to correct service: '{service}'");
        if (match.Groups["region"].Value != region) return ("InvalidSignatureException", $"credential should be scoped to a valid region: '{region}'");
        var signed = match.Groups["headers"].Value.Split(';');
        if (!signed.Contains("host") || !signed.Contains("x-amz-date")) return ("InvalidSignatureException", "host and x-amz-date must be signed");
        var knownKey = await (known ?? AwsServices.TestCredentials).GetCredentialsAsync();
        if (match.Groups["key"].Value != knownKey.AccessKey) return ("UnrecognizedClientException", "The security token included in the request is invalid");

        var headers = signed.Select(name => KeyValuePair.Create(name, name == "host" ? request.Host.Value! : request.Headers[name].ToString())).ToList();
        var uri = new Uri($"http://{request.Host.Value}{request.Path}{request.QueryString}");
        var secret = knownKey.SecretKey;
        var expected = SigV4Signer.Sign(new SigV4Signer.Request(request.Method, uri, headers, SigV4Signer.HashHex(body)),
            new SigV4Signer.Credentials(match.Groups["key"].Value, secret, null), region, service, amzDate);
        return expected.Authorization == authorization
            ? null
            : ("InvalidSignatureException", "The request signature we calculated does not match the signature you provided");
    }
}
