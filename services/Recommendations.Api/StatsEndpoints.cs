using Recommender.Core.Analytics;
using Recommender.Core.Profiles;
using Recommender.Hosting;

namespace Recommendations.Api;

/// <summary>
/// Listening reports over the archive (DuckDB over the local lake, Athena on AWS): for one listener and for everyone,
/// over UTC dates from and to, both inclusive (default: the 30 days up to today).
/// </summary>
public static class StatsEndpoints
{
    public const int DefaultDays = 30;

    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder endpoints)
    {
        var app = endpoints.MapGroup("").WithTags("Listening stats");
        app.MapGet("/v1/users/{id}/stats", GetUserStats)
            .WithName("GetUserStats")
            .WithSummary("One listener's listening reports over a date range")
            .Produces<ListeningStats>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/v1/stats", GetStats)
            .WithName("GetStats")
            .WithSummary("Everyone's listening reports over a date range")
            .Produces<ListeningStats>().ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }

    private static async Task<IResult> GetUserStats(string id, HttpRequest request, IProfileStore profiles, ListeningReports reports,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(request.Query);
        if (!RankingRequest.IsId(id)) q.Error("id", "a user id is 1 to 256 characters without control characters");
        var range = Range(q, time);
        if (!q.IsValid) return Problems.BadParameters(q.Errors);
        if (await profiles.GetAsync(id, cancellationToken) is null) return Problems.NotFound($"no listening by user \"{id}\" yet");
        return TypedResults.Ok(await reports.StatsAsync(range with { UserId = id }, cancellationToken));
    }

    private static async Task<IResult> GetStats(HttpRequest request, ListeningReports reports, TimeProvider time, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(request.Query);
        var range = Range(q, time);
        if (!q.IsValid) return Problems.BadParameters(q.Errors);
        return TypedResults.Ok(await reports.StatsAsync(range, cancellationToken));
    }

    private static ReportParameters Range(QueryParameters q, TimeProvider time)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var to = q.Date("to", today);
        var from = q.Date("from", to.AddDays(1 - DefaultDays));
        if (q.IsValid && from > to) q.Error("from", $"must not be after to ({to:yyyy-MM-dd}); got {from:yyyy-MM-dd}");
        return new ReportParameters(from, to, null);
    }
}
