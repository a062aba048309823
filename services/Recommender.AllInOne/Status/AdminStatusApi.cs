using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Core.Access;
using Recommender.Hosting.Security;

namespace Recommender.AllInOne.Status;

public static class AdminStatusApi
{
    public const string Path = "/v1/admin/status";

    /// <summary>GET /v1/admin/status: what the dashboard's pipeline page shows.</summary>
    public static IEndpointRouteBuilder MapAdminStatus(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, async Task<Ok<PipelineStatus>> (IServiceProvider services, CancellationToken cancellationToken) =>
                TypedResults.Ok(await PipelineStatus.ReadAsync(services, cancellationToken)))
            .WithName("GetPipelineStatus").WithTags("admin").RequireApiScope(ApiScopes.Admin)
            .WithSummary("The pipeline at a glance: ingest counts and rate, append latency, each consumer's lag, dead letters and freshness, " +
                         "serving latency, the model's version and age, the last build runs")
            .WithDescription("Summed up from the host's own metrics (the instruments Prometheus scrapes at /metrics) since it started, " +
                             "its dead-letter place and its build ledger. Latencies are in milliseconds.");
        return endpoints;
    }
}
