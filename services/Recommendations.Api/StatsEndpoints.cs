using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Core.Analytics;
using Recommender.Core.Profiles;
using Recommender.Core.Access;
using Recommender.Hosting;
using Recommender.Hosting.Security;

namespace Recommendations.Api;

/// <summary>
/// Listening reports over the archive (DuckDB over the local lake, Athena on AWS): for one listener and for everyone,
/// over UTC dates from and to, both inclusive (default: the 30 days up to today).
/// </summary>
public static class StatsEndpoints
{
    public const int DefaultDays = 30;

    public static readonly DateParameter From = new("from", $"First UTC date of the range, YYYY-MM-DD; default {DefaultDays - 1} days before to. Not after to.");
    public static readonly DateParameter To = new("to", "Last UTC date of the range (inclusive), YYYY-MM-DD; default today.");

    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder endpoints)
    {
        // a "read" key, as the serving endpoints; a key bound to a listener reads that listener's stats (and everyone's totals)
        var app = endpoints.MapGroup("").WithTags("Listening stats").RequireApiScope(ApiScopes.Read);
        app.MapGet("/v1/users/{id}/stats", GetUserStats)
            .WithName("GetUserStats")
            .ForCallerUser(CallerUserSource.Route, "id")
            .WithSummary("One listener's listening reports over a date range: daily listening, skip rates by hour and weekday, genres and discovery by month, sessions, top tracks and artists")
            .WithParameters(RecommendationParameters.User, From, To)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        app.MapGet("/v1/stats", GetStats)
            .WithName("GetStats")
            .WithSummary("Everyone's listening reports over a date range, in the shape of one listener's")
            .WithParameters(From, To)
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return endpoints;
    }

    private static async Task<Results<Ok<ListeningStats>, ProblemHttpResult>> GetUserStats(
        string id, HttpRequest request, IProfileStore profiles, ListeningReports reports, TimeProvider time, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(request.Query);
        q.Id(RecommendationParameters.User, id);
        var range = Range(q, time);
        if (!q.IsValid) return Problems.BadParameters(q.Errors);
        if (await profiles.GetAsync(id, cancellationToken) is null) return Problems.NotFound($"no listening by user \"{id}\" yet");
        return TypedResults.Ok(await reports.StatsAsync(range with { UserId = id }, cancellationToken));
    }

    private static async Task<Results<Ok<ListeningStats>, ProblemHttpResult>> GetStats(
        HttpRequest request, ListeningReports reports, TimeProvider time, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(request.Query);
        var range = Range(q, time);
        if (!q.IsValid) return Problems.BadParameters(q.Errors);
        return TypedResults.Ok(await reports.StatsAsync(range, cancellationToken));
    }

    private static ReportParameters Range(QueryParameters q, TimeProvider time)
    {
        var to = q.Date(To, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        var from = q.Date(From, to.AddDays(1 - DefaultDays));
        if (q.IsValid && from > to) q.Error(From.Name, $"must not be after to ({to:yyyy-MM-dd}); got {from:yyyy-MM-dd}");
        return new ReportParameters(from, to, null);
    }
}
