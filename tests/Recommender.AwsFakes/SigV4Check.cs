using System.Text.RegularExpressions;
using Amazon.Runtime;
using Microsoft.AspNetCore.Http;
using Recommender.Adapters.Aws.Protocol;

namespace Recommender.AwsFakes;

/// <summary>
/// What AWS checks of a signed request before anything else: an Authorization header of the SigV4 form whose credential
/// scope names the service and region and the day of X-Amz-Date, a date within 15 minutes of the service's clock, host and
/// x-amz-date among the signed headers (and the session token, when one is sent), a known access key, and a signature that
/// matches the request as sent. Our signer computes the expected signature; SigV4KnownAnswerTests prove it equals AWS's own.
/// </summary>
public static partial class SigV4Check
{
    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, SignedHeaders=(?<headers>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationForm();

    /// <summary>The AWS error code and message to answer with, or null when the request passes.</summary>
    public static async Task<AwsFault?> VerifyAsync(HttpRequest request, byte[] body, string service, string region, AWSCredentials known, TimeProvider clock)
    {
        var authorization = request.Headers.Authorization.ToString();
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (authorization.Length == 0) return Refused("MissingAuthenticationTokenException", "Missing Authentication Token");
        var match = AuthorizationForm().Match(authorization);
        if (!match.Success) return Refused("IncompleteSignatureException", $"Authorization header is not SigV4: {authorization}");
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
            return Refused("IncompleteSignatureException", "X-Amz-Date is missing or malformed");
        if (Math.Abs((clock.GetUtcNow() - at).TotalMinutes) > 15) return Refused("InvalidSignatureException", "Signature expired");
        if (match.Groups["date"].Value != amzDate[..8]) return Refused("InvalidSignatureException", "credential date is not the X-Amz-Date day");
        if (match.Groups["service"].Value != service) return Refused("InvalidSignatureException", $"credential should be scoped to correct service: '{service}'");
        if (match.Groups["region"].Value != region) return Refused("InvalidSignatureException", $"credential should be scoped to a valid region: '{region}'");
        var signed = match.Groups["headers"].Value.Split(';');
        if (!signed.Contains("host") || !signed.Contains("x-amz-date")) return Refused("InvalidSignatureException", "host and x-amz-date must be signed");
        var key = await known.GetCredentialsAsync();
        if (match.Groups["key"].Value != key.AccessKey) return Refused("UnrecognizedClientException", "The security token included in the request is invalid");
        var token = request.Headers["X-Amz-Security-Token"].ToString();
        if (key.UseToken && token != key.Token) return Refused("UnrecognizedClientException", "The security token included in the request is invalid");
        if (token.Length > 0 && !signed.Contains("x-amz-security-token")) return Refused("InvalidSignatureException", "x-amz-security-token must be signed");

        var headers = signed.Select(name => KeyValuePair.Create(name, name == "host" ? request.Host.Value! : request.Headers[name].ToString())).ToList();
        var uri = new Uri($"http://{request.Host.Value}{request.Path}{request.QueryString}");
        var expected = SigV4Signer.Sign(new SigV4Signer.Request(request.Method, uri, headers, SigV4Signer.HashHex(body)),
            new SigV4Signer.Credentials(key.AccessKey, key.SecretKey, null), region, service, amzDate);
        return expected.Authorization == authorization
            ? null
            : Refused("InvalidSignatureException", "The request signature we calculated does not match the signature you provided");
    }

    private static AwsFault Refused(string code, string message) => new(403, code, message);
}
