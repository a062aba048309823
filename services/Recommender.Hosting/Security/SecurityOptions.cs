using Recommender.Core.Access;
using Recommender.Core.Configuration;

namespace Recommender.Hosting.Security;

/// <summary>Settings of API keys, rate limits, CORS, HTTP limits and response headers, bound from the "Security" section.</summary>
public sealed class SecurityOptions : IValidatedOptions
{
    public const string Section = "Security";

    /// <summary>Ask for a key even before the first one exists (the APIs are open until then otherwise).</summary>
    public bool RequireApiKeys { get; set; }

    /// <summary>
    /// Keys seeded from configuration (automation, containers), by key id: <c>Security:ApiKeys:&lt;id&gt;:Sha256</c>, <c>:Scopes</c>,
    /// <c>:User</c>, <c>:Name</c>. Only digests: <c>keys create</c> prints the id and digest of a new key.
    /// </summary>
    public Dictionary<string, ConfiguredApiKey> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How often a running host re-reads the key store, so keys created or revoked by the <c>keys</c> verb take effect.</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// On Lambda behind API Gateway: the gateway's API key authorizer has checked the key, and the caller (key id, scopes, user)
    /// comes from its context in the <c>x-amzn-request-context</c> header the Lambda Web Adapter sets. Never set it elsewhere.
    /// </summary>
    public bool TrustApiGatewayAuthorizer { get; set; }

    public KeyRateLimit RateLimit { get; set; } = new();

    public CrossOrigin Cors { get; set; } = new();

    public HttpLimits Http { get; set; } = new();

    /// <summary>The Content-Security-Policy of HTML responses (the dashboard and other pages); API responses get "default-src 'none'".</summary>
    public string PageContentSecurityPolicy { get; set; } =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The CSP of the API reference page (/docs): Scalar starts itself with an inline script and styles itself inline, so this one
    /// page allows inline code; it still loads and connects to nothing but this origin and may not be framed.
    /// </summary>
    public string DocsContentSecurityPolicy { get; set; } =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public IEnumerable<string> Problems()
    {
        if (KeyRefreshInterval < TimeSpan.Zero) yield return "Security:KeyRefreshInterval must not be negative";
        foreach (var (id, key) in ApiKeys)
            foreach (var problem in key.Problems(id)) yield return problem;
        if (RateLimit.Requests < 0) yield return "Security:RateLimit:Requests must be 0 (no limit) or more";
        if (RateLimit.Burst < 0) yield return "Security:RateLimit:Burst must not be negative";
        if (RateLimit.Period <= TimeSpan.Zero) yield return "Security:RateLimit:Period must be positive";
        foreach (var origin in Cors.AllowedOrigins)
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
                yield return $"Security:Cors:AllowedOrigins: \"{origin}\" is not an origin like https://app.example.com";
        if (Http.MaxRequestBodyBytes < 1) yield return "Security:Http:MaxRequestBodyBytes must be positive";
        if (Http.MaxRequestHeadersTotalBytes < 1024) yield return "Security:Http:MaxRequestHeadersTotalBytes must be at least 1024";
        if (Http.RequestHeadersTimeout <= TimeSpan.Zero) yield return "Security:Http:RequestHeadersTimeout must be positive";
        if (Http.KeepAliveTimeout <= TimeSpan.Zero) yield return "Security:Http:KeepAliveTimeout must be positive";
        if (Http.MaxConcurrentConnections < 1) yield return "Security:Http:MaxConcurrentConnections must be positive";
        if (Http.MinRequestBodyBytesPerSecond < 0) yield return "Security:Http:MinRequestBodyBytesPerSecond must not be negative";
    }
}

/// <summary>A key seeded from configuration: its digest (hex), never its text.</summary>
public sealed class ConfiguredApiKey
{
    public string? Sha256 { get; set; }
    public string? Scopes { get; set; }
    public string? User { get; set; }
    public string? Name { get; set; }

    public IEnumerable<string> Problems(string id)
    {
        var at = $"Security:ApiKeys:{id}";
        if (!ApiKeySecret.IsKeyId(id)) yield return $"{at}: a key id is {ApiKeySecret.IdLength} lowercase hex characters";
        if (Sha256 is null || Sha256.Length != 64 || !Sha256.All(char.IsAsciiHexDigit)) yield return $"{at}:Sha256 must be the 64 hex digits of the key's SHA-256";
        string? scopeProblem = null;
        try { ApiScopes.Parse(Scopes ?? ""); }
        catch (FormatException e) { scopeProblem = $"{at}:Scopes: {e.Message}"; }
        if (scopeProblem is not null) yield return scopeProblem;
        if (User is not null && !ApiKey.IsValidUserId(User)) yield return $"{at}:User must be 1 to 256 characters without control characters";
    }

    public ApiKey ToKey(string id) =>
        new(id, Convert.FromHexString(Sha256!), ApiScopes.Parse(Scopes!), User, Name, DateTimeOffset.UnixEpoch);
}

/// <summary>Per-key token bucket: <see cref="Requests"/> per <see cref="Period"/>, up to <see cref="Burst"/> at once.</summary>
public sealed class KeyRateLimit
{
    /// <summary>Requests a key may make per period; 0 turns the limit off.</summary>
    public int Requests { get; set; } = 1000;
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>The bucket's size: how many requests may come at once after a quiet time (at least <see cref="Requests"/>).</summary>
    public int Burst { get; set; } = 2000;
}

/// <summary>Browser origins allowed to call the APIs; none by default, so no page of another site can.</summary>
public sealed class CrossOrigin
{
    public List<string> AllowedOrigins { get; set; } = [];
}

/// <summary>Kestrel's limits: how much and how slowly a client may send before the server stops listening to it.</summary>
public sealed class HttpLimits
{
    /// <summary>The event contract's limit (1 MiB); endpoints that take more (Lambda's event JSON) raise it for themselves.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
    public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(60);
    public long MaxConcurrentConnections { get; set; } = 4096;
    /// <summary>A body slower than this (after a 5 s grace) is cut off with 408: a slow-body client cannot hold a connection for ever.</summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;
}
