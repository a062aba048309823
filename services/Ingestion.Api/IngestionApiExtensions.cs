using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Recommender.Hosting;

namespace Ingestion.Api;

public static class IngestionApiExtensions
{
    /// <summary>The ingestion API's services; the stream itself comes from the platform adapters.</summary>
    public static IHostApplicationBuilder AddIngestionApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestionOptions>()
            .Bind(builder.Configuration.GetSection(IngestionOptions.Section))
            .Validate(o => o.MaxConcurrentAppends > 0, "Ingestion:MaxConcurrentAppends must be more than 0")
            .Validate(o => o.AppendSlotWait >= TimeSpan.Zero, "Ingestion:AppendSlotWait must not be negative")
            .Validate(o => o.RetryAfter > TimeSpan.Zero, "Ingestion:RetryAfter must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton<AppendSlots>();
        builder.Services.Configure<OpenApiOptions>(ServiceDefaults.DocumentName, EventSchemaDocumentation.Configure);
        return builder;
    }
}
