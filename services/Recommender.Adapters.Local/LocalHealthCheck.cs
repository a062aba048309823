using Microsoft.Extensions.Diagnostics.HealthChecks;
using Recommender.Core.Profiles;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Local;

/// <summary>Ready when the stream and the profile store answer a read.</summary>
internal sealed class LocalHealthCheck(IStreamReader stream, IProfileStore profiles) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // One indexed row, not a lag count: counting would scan every retained record on each probe.
            var shards = await stream.ListShardsAsync(cancellationToken);
            await stream.ReadAsync("readiness-probe", shards[0], 1, cancellationToken);
            await profiles.GetAsync("readiness-probe", cancellationToken);
            return HealthCheckResult.Healthy("embedded stream and profile store reachable");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"embedded stores unreachable: {e.Message}");
        }
    }
}
