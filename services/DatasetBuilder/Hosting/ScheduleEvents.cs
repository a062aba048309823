using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Recommender.Core.Access;
using Recommender.Core.Builds;
using Recommender.Hosting.Security;

namespace DatasetBuilder.Hosting;

/// <summary>The EventBridge Scheduler payloads the infrastructure sends (through the Lambda Web Adapter's pass-through path).</summary>
public sealed record ScheduleEvent(string? Action);

/// <summary>What one firing did, in snake_case: the run it built or resumed, or why it did nothing.</summary>
public sealed record ScheduleResult(string Action, string Outcome, IReadOnlyList<ScheduledRun> Runs);

public sealed record ScheduledRun(string RunId, string Status, string Step, bool? Kept);

public static class ScheduleEvents
{
    public const string Path = "/events";
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// POST /events: {"action":"build"} builds today's scheduled run (the run id is the day's, so a second firing resumes or
    /// skips it); {"action":"resume"} continues the runs waiting on Personalize and starts none.
    /// </summary>
    public static IEndpointRouteBuilder MapScheduleEvents(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, async Task<Results<JsonHttpResult<ScheduleResult>, ProblemHttpResult>> (
            ScheduleEvent request, DatasetBuild build, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            var logger = loggers.CreateLogger("DatasetBuilder.ScheduleEvents");
            var progress = new Progress<BuildProgress>(p => logger.LogInformation("build {Step}: {Message}", p.Step, p.Message));
            try
            {
                switch (request.Action)
                {
                    case "build":
                        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
                        var run = await build.RunAsync(new BuildRequest(DatasetBuild.ScheduledRunId(day), SinceLast: true, Trigger: "schedule"), progress, cancellationToken);
                        return Answer("build", "built", [run]);
                    case "resume":
                        var runs = await build.ResumeAsync(progress, cancellationToken);
                        return Answer("resume", runs.Count == 0 ? "idle" : "resumed", runs);
                    default:
                        return TypedResults.Problem(title: "unknown action", statusCode: StatusCodes.Status400BadRequest,
                            detail: $"action must be \"build\" or \"resume\"; got {(request.Action is null ? "none" : $"\"{request.Action}\"")}");
                }
            }
            catch (TimeoutException e)
            {
                // Personalize is still working (DatasetBuilder:Aws:WaitTimeout): the run keeps its step for the next resume tick
                logger.LogInformation("{Message}", e.Message);
                return Answer(request.Action!, "waiting", []);
            }
            catch (BuildBusyException e)
            {
                // another invocation holds the run: this firing has nothing to add
                logger.LogInformation("{Message}", e.Message);
                return Answer(request.Action!, "busy", []);
            }
        }).WithName("ScheduleEvent").WithTags("admin")
            // not a client API: EventBridge Scheduler's path through the Lambda Web Adapter; locally it needs an admin key
            .ExcludeFromDescription()
            .RequireApiScope(ApiScopes.Admin).AcceptLambdaEvents();
        return endpoints;
    }

    private static JsonHttpResult<ScheduleResult> Answer(string action, string outcome, IEnumerable<BuildRun> runs) =>
        TypedResults.Json(new ScheduleResult(action, outcome, runs.Select(r => new ScheduledRun(r.RunId, r.Status, r.Step, r.Kept)).ToList()), Wire);
}
