using Microsoft.AspNetCore.OpenApi;
using Recommender.Core.Configuration;
using Recommender.Hosting;

namespace Ingestion.Api;

public static class IngestionApiExtensions
{
    /// <summary>The ingestion API's services; the stream itself comes from the platform adapters.</summary>
    public static IHostApplicationBuilder AddIngestionApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<IngestionOptions>(builder.Configuration, IngestionOptions.Section);
        // in aws mode /readyz checks what readiness.json declares for this role
        builder.Services.AddSingleton(new ServiceRole("ingestion-api"));
        builder.Services.AddSingleton<AppendSlots>();
        builder.Services.AddSingleton<IngestionMetrics>();
        builder.Services.Configure<OpenApiOptions>(ServiceDefaults.DocumentName, EventSchemaDocumentation.Configure);
        return builder;
    }
}
