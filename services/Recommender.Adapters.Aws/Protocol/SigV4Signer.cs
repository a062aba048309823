using System.Security.Cryptography;
using System.Text;

namespace Recommender.Adapters.Aws.Protocol;

/// <summary>
/// AWS Signature Version 4 for header-signed requests (the official SDK's signer only signs its own
/// request type, so our JSON-protocol client signs with this one). Pure: same input, same signature.
/// </summary>
internal static class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string DateHeader = "x-amz-date";
    public const string SecurityTokenHeader = "x-amz-security-token";

    public sealed record Credentials(string AccessKeyId, string SecretAccessKey, string? SessionToken);

    /// <param name="Headers">Every header the request will carry that gets signed, including host and x-amz-date.</param>
    public sealed record Request(string Method, Uri Uri, IReadOnlyList<KeyValuePair<string, string>> Headers, string PayloadSha256Hex);

    public sealed record Signature(string Authorization, string SignedHeaders, string CanonicalRequest, string StringToSign);

    public static string FormatDate(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string HashHex(ReadOnlySpan<byte> payload) => Convert.ToHexStringLower(SHA256.HashData(payload));

    /// <summary>Signs the request; <paramref name="amzDate"/> must equal the x-amz-date header it carries.</summary>
    public static Signature Sign(Request request, Credentials credentials, string region, string service, string amzDate)
    {
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var headers = CanonicalHeaders(request.Headers);
        var signedHeaders = string.Join(';', headers.Select(h => h.Key));
        var canonicalRequest = string.Join('\n',
            request.Method.ToUpperInvariant(),
            CanonicalPath(request.Uri, service),
            CanonicalQuery(request.Uri.Query),
            string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n")),
            signedHeaders,
            request.PayloadSha256Hex);
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, HashHex(Encoding.UTF8.GetBytes(canonicalRequest)));
        var key = SigningKey(credentials.SecretAccessKey, date, region, service);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        var authorization = $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new Signature(authorization, signedHeaders, canonicalRequest, stringToSign);
    }

    public static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    /// <summary>Lower-case names, values trimmed with inner runs of spaces collapsed, sorted by name; repeats joined by commas.</summary>
    private static List<KeyValuePair<string, string>> CanonicalHeaders(IEnumerable<KeyValuePair<string, string>> headers) =>
        headers
            .GroupBy(h => h.Key.ToLowerInvariant())
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, string.Join(',', g.Select(h => CollapseSpaces(h.Value.Trim())))))
            .ToList();

    private static string CollapseSpaces(string value)
    {
        if (!value.Contains("  ", StringComparison.Ordinal)) return value;
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
            if (c != ' ' || builder.Length == 0 || builder[^1] != ' ') builder.Append(c);
        return builder.ToString();
    }

    /// <summary>Every service but S3 encodes each path segment once more on top of the URI's own encoding.</summary>
    private static string CanonicalPath(Uri uri, string service)
    {
        var path = uri.AbsolutePath;
        if (string.IsNullOrEmpty(path)) return "/";
        if (service == "s3") return path;
        return string.Join('/', path.Split('/').Select(Encode));
    }

    private static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query) || query == "?") return "";
        return string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var at = pair.IndexOf('=');
                var name = at < 0 ? pair : pair[..at];
                var value = at < 0 ? "" : pair[(at + 1)..];
                return (Name: Encode(Uri.UnescapeDataString(name)), Value: Encode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>RFC 3986 percent-encoding of everything but the unreserved characters, upper-case hex.</summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.' or '~') builder.Append(c);
            else builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
