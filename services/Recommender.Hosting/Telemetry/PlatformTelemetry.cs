using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Recommender.Core.Access;
using Recommender.Core.Telemetry;
using Recommender.Hosting.Security;

namespace Recommender.Hosting.Telemetry;

/// <summary>The platform's metrics leave the process through OpenTelemetry: Prometheus scrapes /metrics, OTLP when configured.</summary>
public static class PlatformTelemetry
{
    public const string MetricsPath = "/metrics";
    /// <summary>OpenTelemetry's standard setting (environment variable or configuration key); when set, metrics are also pushed there.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    internal static void AddPlatformTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MetricsSummary>();
        builder.Services.AddHostedService<InstrumentsAtStart>();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PlatformMeters.All).AddPrometheusExporter();
                if (otlp) metrics.AddOtlpExporter();
            });
    }

    /// <summary>/metrics needs an admin key once keys are in force (Prometheus sends it as a scrape header).</summary>
    internal static void MapPlatformTelemetry(this WebApplication app) => app.MapPrometheusScrapingEndpoint(MetricsPath).RequireApiScope(ApiScopes.Admin);

    /// <summary>Builds the summary (which starts listening) and every class with gauges when the host starts, so both see everything from then on.</summary>
    private sealed class InstrumentsAtStart(MetricsSummary summary, IEnumerable<IObservableInstruments> instruments) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = summary;
            _ = instruments.ToList();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
