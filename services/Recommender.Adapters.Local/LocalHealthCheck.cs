using Microsoft.Extensions.Diagnostics.HealthChecks;
using Recommender.Adapters.Local.Streaming;
using Recommender.Core.Profiles;

namespace Recommender.Adapters.Local;

/// <summary>
/// Ready when the stream and the profile store answer a read; degraded while the stream's last commit failed (a full
/// disk: ingestion answers 503 until a commit goes through), and for a day after the stream trimmed records a consumer had
/// not read (so someone looks at why a consumer fell that far behind).
/// </summary>
internal sealed class LocalHealthCheck(EmbeddedEventLog stream, IProfileStore profiles, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan LossAlertPeriod = TimeSpan.FromDays(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<RetentionLoss> losses;
        try
        {
            // One indexed row, not a lag count: counting would scan every retained record on each probe.
            var shards = await stream.ListShardsAsync(cancellationToken);
            await stream.ReadAsync("readiness-probe", shards[0], 1, cancellationToken);
            await profiles.GetAsync("readiness-probe", cancellationToken);
            losses = await stream.RetentionLossesAsync(cancellationToken);
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"embedded stores unreachable: {e.Message}");
        }
        if (stream.CurrentWriteFault is { } fault)
            return HealthCheckResult.Degraded($"the embedded stream cannot write since {fault.Since:u}: {fault.Error}");
        var recent = losses.Where(l => time.GetUtcNow() - l.LastLostAt < LossAlertPeriod).ToList();
        if (recent.Count > 0)
            return HealthCheckResult.Degraded("the embedded stream trimmed records before a consumer read them: " +
                string.Join(", ", recent.Select(l => $"{l.Consumer} lost {l.Records} (last at {l.LastLostAt:u})")));
        return HealthCheckResult.Healthy("embedded stream and profile store reachable");
    }
}
