using Microsoft.Extensions.DependencyInjection.Extensions;
using Recommender.Core.Analytics;
using Recommender.Core.Configuration;

namespace Recommendations.Api;

public static class RecommendationsApiExtensions
{
    /// <summary>The recommendations API's own services; the recommender, the profile store, the catalog and the analytics engine come from the platform adapters.</summary>
    public static IHostApplicationBuilder AddRecommendationsApi(this IHostApplicationBuilder builder)
    {
        // in aws mode /readyz checks what readiness.json declares for this role
        builder.Services.AddSingleton(new ServiceRole("recommendations-api"));
        builder.Services.AddSingleton<TrackDetails>();
        builder.Services.AddSingleton<RecommendationMetrics>();
        builder.Services.AddSingleton<RecommendationMetrics.Timing>();
        builder.Services.AddSingleton(sp => new ListeningReports(sp.GetRequiredService<IAnalyticsEngine>()));
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
