using Microsoft.Extensions.DependencyInjection.Extensions;
using Recommender.Core.Analytics;

namespace Recommendations.Api;

public static class RecommendationsApiExtensions
{
    /// <summary>The recommendations API's own services; the recommender, the profile store, the catalog and the analytics engine come from the platform adapters.</summary>
    public static IHostApplicationBuilder AddRecommendationsApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TrackDetails>();
        builder.Services.AddSingleton<RecommendationMetrics>();
        builder.Services.AddSingleton<RecommendationMetrics.Timing>();
        builder.Services.AddSingleton(sp => new ListeningReports(sp.GetRequiredService<IAnalyticsEngine>()));
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
