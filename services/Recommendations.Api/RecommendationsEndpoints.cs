using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;
using Recommender.Hosting;

namespace Recommendations.Api;

/// <summary>The serving endpoints: recommendations, related tracks, ranking, and what a listener's profile says.</summary>
public static class RecommendationsEndpoints
{
    public const int MaxHistory = UserProfile.RecentTrackLimit;

    public static IEndpointRouteBuilder MapRecommendationsApi(this IEndpointRouteBuilder endpoints)
    {
        var app = endpoints.MapGroup("").WithTags("Recommendations");
        app.MapGet("/v1/recommendations", GetRecommendations)
            .WithName("GetRecommendations")
            .WithSummary("Top tracks for a user (popular tracks for an unknown user), with filters")
            .Produces<RecommendationList>().ProducesProblem(StatusCodes.Status400BadRequest);
        app.MapGet("/v1/users/{id}/profile", GetProfile)
            .WithName("GetUserProfile")
            .Produces<ProfileResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/v1/users/{id}/history", GetHistory)
            .WithName("GetUserHistory")
            .WithSummary("The user's most recent tracks, newest first")
            .Produces<HistoryResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/v1/tracks/{id}/related", GetRelated)
            .WithName("GetRelatedTracks")
            .Produces<RecommendationList>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/v1/rankings", PostRanking)
            .WithName("RankTracks")
            .WithSummary("Re-rank the given tracks for a user (Personalize GetPersonalizedRanking)")
            .Accepts<RankingRequest>("application/json")
            .Produces<RecommendationList>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        endpoints.MapStatsApi();
        return endpoints;
    }

    private static async Task<IResult> GetRecommendations(HttpRequest request, IRecommender recommender, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(request.Query);
        var query = new RecommendationQuery
        {
            UserId = q.Text("user_id"),
            NumResults = q.Integer("num_results", RecommendationQuery.DefaultNumResults, 1, RecommendationQuery.MaxNumResults),
            Explain = q.Boolean("explain", false),
            Filters = new RecommendationFilters
            {
                ExcludePlayed = q.Boolean("exclude_played", true),
                ExcludeSkipped = q.Boolean("exclude_skipped", false),
                IncludeGenres = q.List("genres"),
                ExcludeGenres = q.List("exclude_genres"),
                IncludeArtists = q.List("artists"),
                ExcludeArtists = q.List("exclude_artists"),
            },
        };
        if (!q.IsValid) return Problems.BadParameters(q.Errors);
        return TypedResults.Ok(await recommender.RecommendAsync(query, cancellationToken));
    }

    private static async Task<IResult> GetProfile(string id, IProfileStore profiles, CancellationToken cancellationToken)
    {
        if (BadId(id, "id") is { } bad) return bad;
        var profile = await profiles.GetAsync(id, cancellationToken);
        return profile is null ? Problems.NotFound($"no profile for user \"{id}\" yet") : TypedResults.Ok(ProfileResponse.From(profile));
    }

    private static async Task<IResult> GetHistory(string id, HttpRequest request, IProfileStore profiles, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(request.Query);
        var limit = q.Integer("limit", 20, 1, MaxHistory);
        if (!RankingRequest.IsId(id)) q.Error("id", "a user id is 1 to 256 characters without control characters");
        if (!q.IsValid) return Problems.BadParameters(q.Errors);
        var profile = await profiles.GetAsync(id, cancellationToken);
        return profile is null
            ? Problems.NotFound($"no history for user \"{id}\" yet")
            : TypedResults.Ok(new HistoryResponse(profile.UserId, ProfileResponse.History(profile, limit)));
    }

    private static async Task<IResult> GetRelated(string id, HttpRequest request, IRecommender recommender, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(request.Query);
        var numResults = q.Integer("num_results", RecommendationQuery.DefaultNumResults, 1, RecommendationQuery.MaxNumResults);
        if (!RankingRequest.IsId(id)) q.Error("id", "a track id is 1 to 256 characters without control characters");
        if (!q.IsValid) return Problems.BadParameters(q.Errors);
        var related = await recommender.RelatedAsync(id, numResults, cancellationToken);
        return related is null ? Problems.NotFound($"track \"{id}\" is not in the catalog") : TypedResults.Ok(related);
    }

    private static async Task<IResult> PostRanking(HttpRequest request, IRecommender recommender, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "send application/json");
        using var body = await RequestBody.ReadAsync(request, RankingRequest.MaxBodyBytes, cancellationToken);
        if (body is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: $"a ranking request is at most {RankingRequest.MaxBodyBytes} bytes");
        var errors = new List<Problems.ParameterError>();
        var ranking = RankingRequest.Parse(body.Span, errors);
        if (ranking is null) return Problems.BadParameters(errors);
        return TypedResults.Ok(await recommender.RankAsync(ranking.UserId, ranking.TrackIds, cancellationToken));
    }

    private static IResult? BadId(string id, string name) =>
        RankingRequest.IsId(id) ? null : Problems.BadParameters([new(name, "an id is 1 to 256 characters without control characters")]);
}
