namespace Recommendations.Api;

public static class RecommendationsApiExtensions
{
    /// <summary>The recommendations API's own services; the recommender and the profile store come from the platform adapters.</summary>
    public static IHostApplicationBuilder AddRecommendationsApi(this IHostApplicationBuilder builder) => builder;
}
