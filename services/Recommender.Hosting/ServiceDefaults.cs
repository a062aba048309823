using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Recommender.Hosting.Security;
using Recommender.Hosting.Telemetry;
using Scalar.AspNetCore;

namespace Recommender.Hosting;

/// <summary>
/// What every web service of the platform shares (eShop's "service defaults"): RFC 7807 problems for
/// every error, snake_case JSON, liveness and readiness probes, metrics (OpenTelemetry), the OpenAPI document and its reference page, and the
/// platform's security (API keys with scopes, per-key rate limits, CORS, Kestrel limits, security headers).
/// </summary>
public static class ServiceDefaults
{
    public const string ReadyTag = "ready";
    public const string DocumentName = "v1";
    public const string OpenApiPath = "/openapi/" + DocumentName + ".json";
    /// <summary>The API reference page (Scalar), served with its script from this process: nothing is fetched from the web.</summary>
    public const string DocsPath = "/docs";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        // first of the hosted services: the host builds them all before it checks the settings, and one that reads a bad setting
        // in its constructor would otherwise report that setting alone; this reports every bad setting at once (ValidatedOptions)
        services.AddHostedService(sp =>
        {
            sp.GetService<IStartupValidator>()?.Validate();
            return new SettingsChecked();
        });
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("trace_id", context.HttpContext.TraceIdentifier));
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<RecommenderNotReadyExceptionHandler>();
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));
        services.AddHealthChecks();
        services.AddOpenApi(DocumentName, ApiDocumentation.Configure);
        builder.AddPlatformTelemetry();
        builder.AddPlatformSecurity();
        return builder;
    }

    /// <summary>
    /// Security headers, problems for unhandled exceptions and for empty error responses (404, 405), API keys and rate
    /// limits; the probes (no key needed), /openapi/v1.json and /docs (any key, once keys are in force).
    /// </summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseApiAccess();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = ReadinessReport.WriteAsync,
        }).AllowAnonymous();
        app.MapPlatformTelemetry();
        app.MapOpenApi("/openapi/{documentName}.json").RequireAnyApiKey();
        app.MapScalarApiReference(DocsPath, options => options
            .WithTitle(app.Environment.ApplicationName)
            .WithOpenApiRoutePattern(OpenApiPath)
            // the page's script is served from the package; these would reach out to scalar.com
            .DisableDefaultFonts().DisableTelemetry().DisableAgent().DisableMcp())
            .RequireAnyApiKey();
        return app;
    }

    private sealed class SettingsChecked : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // numbers are numbers: never "12" for 12, in what we read, write or document
        options.NumberHandling = JsonNumberHandling.Strict;
    }
}
