using Microsoft.Extensions.Diagnostics.HealthChecks;
using Recommender.Core.Consumers;
using Recommender.Core.Streaming;

namespace StreamConsumers.Local;

/// <summary>
/// How far behind the stream each hosted consumer is: records (the embedded log counts them) or time (Kinesis's
/// MillisBehindLatest), in /readyz's description; degraded past <see cref="DegradedAfter"/>, as the Lambda consumers'
/// IteratorAge alarm is on AWS.
/// </summary>
internal sealed class ConsumerLagHealthCheck(IEnumerable<IStreamBatchHandler> handlers, IStreamReader reader) : IHealthCheck
{
    /// <summary>The Pulumi program's default IteratorAge alarm threshold (iteratorAgeAlarmMs).</summary>
    public static readonly TimeSpan DegradedAfter = TimeSpan.FromMinutes(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var lines = new List<string>();
        var behind = TimeSpan.Zero;
        foreach (var handler in handlers)
        {
            var records = await reader.GetLagAsync(handler.Name, cancellationToken);
            var time = await reader.GetTimeBehindAsync(handler.Name, cancellationToken);
            if (time > behind) behind = time.Value;
            lines.Add($"{handler.Name}: {(records is { } r ? $"{r} records" : "records unknown")}, " +
                      $"{(time is { } t ? $"{t.TotalMilliseconds:F0} ms" : "time unknown")} behind");
        }
        var description = string.Join("; ", lines);
        return behind > DegradedAfter ? HealthCheckResult.Degraded(description) : HealthCheckResult.Healthy(description);
    }
}
