using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Recommender.Core.Access;
using Recommender.Core.Builds;
using Recommender.Hosting;
using Recommender.Hosting.Security;

namespace DatasetBuilder.Hosting;

public static class BuildsApi
{
    public const int MaxLimit = 200;

    public static readonly IntegerParameter Limit = new("limit", "How many runs to list, newest first.", 1, MaxLimit, 20);

    // snake_case like every other API of ours, whatever the host's defaults
    private static readonly JsonSerializerOptions Wire = Configured(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private static JsonSerializerOptions Configured(JsonSerializerOptions options)
    {
        ServiceDefaults.Configure(options);
        return options;
    }

    /// <summary>GET /v1/admin/builds?limit=N: the recorded build runs, newest first.</summary>
    public static IEndpointRouteBuilder MapDatasetBuilderApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/admin/builds", async Task<Results<JsonHttpResult<BuildsResponse>, ProblemHttpResult>> (
            HttpRequest request, RunLedger ledger, CancellationToken cancellationToken) =>
        {
            var q = new QueryParameters(request.Query);
            var limit = q.Integer(Limit);
            if (!q.IsValid) return Problems.BadParameters(q.Errors);
            return TypedResults.Json(new BuildsResponse((await ledger.RecentAsync(limit, cancellationToken)).Select(BuildView.Of).ToList()), Wire);
        })
            .WithName("ListBuilds").WithTags("admin")
            .WithSummary("The dataset builder's recorded runs, newest first: status, step, counts, metrics, whether the new model was kept")
            .WithParameters(Limit)
            .Produces<BuildsResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest)
            .RequireApiScope(ApiScopes.Admin);
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
