using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Recommender.Core.Access;
using Recommender.Core.Builds;
using Recommender.Hosting.Security;

namespace DatasetBuilder.Hosting;

public static class BuildsApi
{
    public const int MaxLimit = 200;

    // snake_case like every other API of ours, whatever the host's defaults
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DictionaryKeyPolicy = null };

    /// <summary>GET /v1/admin/builds?limit=N: the recorded build runs, newest first.</summary>
    public static IEndpointRouteBuilder MapDatasetBuilderApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/admin/builds", async Task<Results<JsonHttpResult<BuildsResponse>, ProblemHttpResult>> (RunLedger ledger, int? limit, CancellationToken cancellationToken) =>
        {
            if (limit is < 1 or > MaxLimit)
                return TypedResults.Problem(title: "invalid limit", detail: $"limit must be 1 to {MaxLimit}; got {limit}", statusCode: StatusCodes.Status400BadRequest);
            return TypedResults.Json(new BuildsResponse((await ledger.RecentAsync(limit ?? 20, cancellationToken)).Select(BuildView.Of).ToList()), Wire);
        }).WithName("ListBuilds").WithTags("admin").RequireApiScope(ApiScopes.Admin);
        return endpoints;
    }
}

public sealed record BuildsResponse(IReadOnlyList<BuildView> Builds);

/// <summary>A run as the admin API shows it (snake_case on the wire).</summary>
public sealed record BuildView(
    string RunId, string Trigger, string Mode, string Status, string Step, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    DateTimeOffset? SinceHour, IReadOnlyDictionary<string, long> Counts, IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double> Baseline, bool? Kept, int? ModelVersion, string? SolutionVersionArn, string? Report)
{
    public static BuildView Of(BuildRun r) => new(r.RunId, r.Trigger, r.Mode, r.Status, r.Step, r.StartedAt, r.FinishedAt, r.SinceHour,
        r.Counts, r.Metrics, r.Baseline, r.Kept, r.ModelVersion, r.Aws.SolutionVersionArn, r.Report);
}
