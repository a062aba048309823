using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Core.Access;
using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;
using Recommender.Engine.Serving;
using Recommender.Hosting;
using Recommender.Hosting.Security;

namespace Recommendations.Api;

/// <summary>The serving endpoints: recommendations, related tracks, ranking, and what a listener's profile says.</summary>
public static class RecommendationsEndpoints
{
    public const int MaxHistory = UserProfile.RecentTrackLimit;

    public static IEndpointRouteBuilder MapRecommendationsApi(this IEndpointRouteBuilder endpoints)
    {
        // Every serving endpoint needs a "read" key; a key bound to a user reads that user's data only.
        var app = endpoints.MapGroup("").WithTags("Recommendations").RequireApiScope(ApiScopes.Read).AddEndpointFilter<RecommendationMetrics.Timing>();
        app.MapGet("/v1/recommendations", GetRecommendations)
            .WithName("GetRecommendations")
            .WithSummary("Top tracks for a user (popular tracks for an unknown user), with filters")
            .ForCallerUser(CallerUserSource.Query, "user_id")
            .WithParameters(RecommendationParameters.UserId, RecommendationParameters.NumResults, RecommendationParameters.Explain,
                RecommendationParameters.ExcludePlayed, RecommendationParameters.ExcludeSkipped, RecommendationParameters.Genres,
                RecommendationParameters.ExcludeGenres, RecommendationParameters.Artists, RecommendationParameters.ExcludeArtists)
            // 503 with Retry-After: no model deployed yet (on AWS, before the first build creates the campaign)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/v1/users/{id}/profile", GetProfile)
            .WithName("GetUserProfile")
            .ForCallerUser(CallerUserSource.Route, "id")
            .WithSummary("A listener's profile: counts, skip rate, listening time, top artists and genres, recent tracks, hours")
            .WithParameters(RecommendationParameters.User)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        app.MapGet("/v1/users/{id}/history", GetHistory)
            .WithName("GetUserHistory")
            .ForCallerUser(CallerUserSource.Route, "id")
            .WithSummary("The user's most recent tracks, newest first")
            .WithParameters(RecommendationParameters.User, RecommendationParameters.HistoryLimit)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        app.MapGet("/v1/tracks/{id}", GetTrack)
            .WithName("GetTrack")
            .WithSummary("A track of the catalog: name, artists, album, genres, audio features, where the entry came from; 404 if unknown")
            .WithParameters(RecommendationParameters.Track)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        app.MapGet("/v1/tracks/{id}/related", GetRelated)
            .WithName("GetRelatedTracks")
            .WithSummary("Tracks related to one track (Personalize's related items); 404 for a track the recommender does not know")
            .WithParameters(RecommendationParameters.Track, RecommendationParameters.NumResults, RecommendationParameters.Explain)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        app.MapPost("/v1/rankings", PostRanking)
            .WithName("RankTracks")
            .WithSummary("Re-rank the given tracks for a user (Personalize GetPersonalizedRanking)")
            .Accepts<RankingRequest>("application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        endpoints.MapGet("/v1/admin/engine", GetEngineStatus)
            .WithName("GetEngineStatus").WithTags("admin")
            .WithSummary("The embedded engine's serving model (its settings and self-tuning search) and what its memory holds; 404 when the recommender is Amazon Personalize")
            .ProducesProblems(StatusCodes.Status404NotFound);
        endpoints.MapStatsApi();
        return endpoints;
    }

    private static Results<Ok<EngineStatus>, ProblemHttpResult> GetEngineStatus(IServiceProvider services) =>
        services.GetService<EmbeddedRecommender>() is { } engine
            ? TypedResults.Ok(EngineStatus.Of(engine))
            : Problems.NotFound("this host's recommender is not the embedded engine (Amazon Personalize on AWS); GET /v1/admin/builds shows its models");

    private static async Task<Results<Ok<TrackList>, ProblemHttpResult>> GetRecommendations(
        HttpRequest request, IRecommender recommender, TrackDetails details, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(request.Query);
        var query = new RecommendationQuery
        {
            UserId = q.Text(RecommendationParameters.UserId),
            NumResults = q.Integer(RecommendationParameters.NumResults),
            Explain = q.Boolean(RecommendationParameters.Explain),
            Filters = new RecommendationFilters
            {
                ExcludePlayed = q.Boolean(RecommendationParameters.ExcludePlayed),
                ExcludeSkipped = q.Boolean(RecommendationParameters.ExcludeSkipped),
                IncludeGenres = q.List(RecommendationParameters.Genres),
                ExcludeGenres = q.List(RecommendationParameters.ExcludeGenres),
                IncludeArtists = q.List(RecommendationParameters.Artists),
                ExcludeArtists = q.List(RecommendationParameters.ExcludeArtists),
            },
        };
        if (!q.IsValid) return Problems.BadParameters(q.Errors);
        return TypedResults.Ok(await details.ListAsync(await recommender.RecommendAsync(query, cancellationToken), cancellationToken));
    }

    private static async Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> GetProfile(
        string id, HttpRequest request, IProfileStore profiles, TrackDetails details, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(request.Query);
        q.Id(RecommendationParameters.User, id);
        if (!q.IsValid) return Problems.BadParameters(q.Errors);
        var profile = await profiles.GetAsync(id, cancellationToken);
        if (profile is null) return Problems.NotFound($"no profile for user \"{id}\" yet");
        var known = await details.LookupAsync(profile.RecentTracks.Select(r => r.TrackId), cancellationToken);
        return TypedResults.Ok(ProfileResponse.From(profile, known));
    }

    private static async Task<Results<Ok<HistoryResponse>, ProblemHttpResult>> GetHistory(
        string id, HttpRequest request, IProfileStore profiles, TrackDetails details, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(request.Query);
        q.Id(RecommendationParameters.User, id);
        var limit = q.Integer(RecommendationParameters.HistoryLimit);
        if (!q.IsValid) return Problems.BadParameters(q.Errors);
        var profile = await profiles.GetAsync(id, cancellationToken);
        if (profile is null) return Problems.NotFound($"no history for user \"{id}\" yet");
        var known = await details.LookupAsync(profile.RecentTracks.Take(limit).Select(r => r.TrackId), cancellationToken);
        return TypedResults.Ok(new HistoryResponse(profile.UserId, ProfileResponse.History(profile, limit, known)));
    }

    private static async Task<Results<Ok<TrackResponse>, ProblemHttpResult>> GetTrack(
        string id, HttpRequest request, ITrackCatalog catalog, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(request.Query);
        q.Id(RecommendationParameters.Track, id);
        if (!q.IsValid) return Problems.BadParameters(q.Errors);
        var track = await catalog.GetAsync(id, cancellationToken);
        return track is null ? Problems.NotFound($"track \"{id}\" is not in the catalog") : TypedResults.Ok(TrackResponse.From(track));
    }

    private static async Task<Results<Ok<TrackList>, ProblemHttpResult>> GetRelated(
        string id, HttpRequest request, IRecommender recommender, TrackDetails details, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(request.Query);
        q.Id(RecommendationParameters.Track, id);
        var numResults = q.Integer(RecommendationParameters.NumResults);
        var explain = q.Boolean(RecommendationParameters.Explain);
        if (!q.IsValid) return Problems.BadParameters(q.Errors);
        var related = await recommender.RelatedAsync(id, numResults, explain, cancellationToken);
        return related is null
            ? Problems.NotFound($"the recommender does not know track \"{id}\"")
            : TypedResults.Ok(await details.ListAsync(related, cancellationToken));
    }

    private static async Task<Results<Ok<TrackList>, ProblemHttpResult>> PostRanking(
        HttpRequest request, IRecommender recommender, TrackDetails details, CancellationToken cancellationToken)
    {
        // The user is in the body here, so the handler holds a bound key to it rather than the endpoint's metadata.
        if (!RequestBody.IsUtf8Json(request)) return Problems.UnsupportedMediaType("send application/json in UTF-8 (charset=utf-8 or no charset)");
        using var body = await RequestBody.ReadAsync(request, RankingRequest.MaxBodyBytes, cancellationToken);
        if (body is null) return Problems.PayloadTooLarge($"a ranking request is at most {RankingRequest.MaxBodyBytes} bytes");
        var errors = new List<FieldError>();
        var ranking = RankingRequest.Parse(body.Span, errors);
        if (ranking is null) return Problems.BadParameters(errors);
        if (request.HttpContext.ForeignUsers([("user_id", ranking.UserId)]) is { } forbidden) return forbidden;
        return TypedResults.Ok(await details.ListAsync(await recommender.RankAsync(ranking.UserId, ranking.TrackIds, cancellationToken), cancellationToken));
    }
}
