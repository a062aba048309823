using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender.Core.Access;
using Recommender.Core.Configuration;

namespace Recommender.Hosting.Security;

/// <summary>
/// The security every web service of the platform shares, wired by the service defaults: API keys with scopes, per-key rate
/// limits, CORS closed unless origins are listed, Kestrel's size and time limits, and security headers.
/// </summary>
public static class PlatformSecurity
{
    public const string CorsPolicy = "configured-origins";

    public static IHostApplicationBuilder AddPlatformSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<SecurityOptions>(builder.Configuration, SecurityOptions.Section);
        services.AddSingleton(sp => new Keyring(sp.GetRequiredService<IOptions<SecurityOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Keyring>>(), sp.GetService<IApiKeyStore>()));
        services.AddKeyRateLimits();
        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(ServiceDefaults.DocumentName, ApiAccessDocumentation.Configure);
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<SecurityOptions>>((cors, security) =>
            cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins([.. security.Value.Cors.AllowedOrigins])
                .WithMethods("GET", "POST")
                .WithHeaders("content-type", ApiKeyMiddleware.Header)
                .WithExposedHeaders("retry-after")));
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<SecurityOptions>>((kestrel, security) => Apply(kestrel.Limits, security.Value.Http));
        return builder;
    }

    /// <summary>Outermost, so every answer carries the headers, errors included.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        return app;
    }

    /// <summary>Routing, CORS, keys, then rate limits, in that order: a preflight needs no key, and a rejected key costs no token.</summary>
    public static WebApplication UseApiAccess(this WebApplication app)
    {
        app.UseRouting();
        app.UseCors(CorsPolicy);
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRateLimiter();
        return app;
    }

    private static void Apply(KestrelServerLimits limits, HttpLimits http)
    {
        limits.MaxRequestBodySize = http.MaxRequestBodyBytes;
        limits.MaxRequestHeadersTotalSize = http.MaxRequestHeadersTotalBytes;
        limits.RequestHeadersTimeout = http.RequestHeadersTimeout;
        limits.KeepAliveTimeout = http.KeepAliveTimeout;
        limits.MaxConcurrentConnections = http.MaxConcurrentConnections;
        limits.MaxConcurrentUpgradedConnections = http.MaxConcurrentConnections;
        limits.MinRequestBodyDataRate = http.MinRequestBodyBytesPerSecond > 0
            ? new MinDataRate(http.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(5))
            : null;
    }
}
