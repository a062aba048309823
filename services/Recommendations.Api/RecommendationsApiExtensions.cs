namespace Recommendations.Api;

public static class RecommendationsApiExtensions
{
    /// <summary>The recommendations API's own services; the recommender, the profile store and the catalog come from the platform adapters.</summary>
    public static IHostApplicationBuilder AddRecommendationsApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TrackDetails>();
        builder.Services.AddSingleton<RecommendationMetrics>();
        builder.Services.AddSingleton<RecommendationMetrics.Timing>();
        return builder;
    }
}
