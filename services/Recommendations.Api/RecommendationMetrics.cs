using System.Diagnostics.Metrics;
using Recommender.Core.Telemetry;

namespace Recommendations.Api;

/// <summary>How long each serving operation takes (the endpoint's work, before the answer is written), by operation name.</summary>
public sealed class RecommendationMetrics
{
    private readonly Histogram<double> _duration;

    public RecommendationMetrics(IMeterFactory meters) =>
        _duration = meters.Create(PlatformMeters.Recommendations)
            .CreateHistogram<double>(PlatformMeters.RecommendationDuration, "s", "Time a serving request took, by operation");

    public void Served(string operation, TimeSpan took) =>
        _duration.Record(took.TotalSeconds, new KeyValuePair<string, object?>(PlatformMeters.OperationTag, operation));

    /// <summary>Times every endpoint of the group under its operation name (WithName).</summary>
    internal sealed class Timing(RecommendationMetrics metrics, TimeProvider clock) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var started = clock.GetTimestamp();
            var result = await next(context);
            var operation = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "unknown";
            metrics.Served(operation, clock.GetElapsedTime(started));
            return result;
        }
    }
}
