using System.Net;
using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Recommender.Adapters.Aws.Configuration;
using Recommender.Adapters.Aws.Protocol;

namespace Recommender.Adapters.Aws.Readiness;

/// <summary>
/// /readyz's entry for one AWS dependency: its control-plane call, answered from a cache for <see cref="ReadinessOptions.CacheFor"/>
/// (so a load balancer's probes are not AWS calls each) and bounded by <see cref="ReadinessOptions.Timeout"/>. Not found or
/// access denied is Unhealthy, throttled is Degraded; the description names the dependency, its resource and the failing
/// action with AWS's error code only, never AWS's message (it can quote the caller's identity or the string that was signed).
/// </summary>
internal sealed class AwsDependencyCheck(AwsDependency dependency, IConfiguration configuration, DependencyProbes probes,
    ReadinessOptions options, TimeProvider time) : IHealthCheck
{
    private static readonly HashSet<string> SdkThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "ProvisionedThroughputExceededException", "RequestLimitExceeded", "SlowDown", "TooManyRequestsException",
    };

    private readonly SemaphoreSlim _one = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset At)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (Fresh() is { } cached) return cached;
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // a probe that waited here finds the answer the one before it fetched
            if (Fresh() is { } fetched) return fetched;
            var result = await AskAwsAsync(cancellationToken).ConfigureAwait(false);
            _last = (result, time.GetUtcNow());
            return result;
        }
        finally
        {
            _one.Release();
        }
    }

    private HealthCheckResult? Fresh() =>
        _last is { } last && options.CacheFor > TimeSpan.Zero && time.GetUtcNow() - last.At < options.CacheFor ? last.Result : null;

    private async Task<HealthCheckResult> AskAwsAsync(CancellationToken cancellationToken)
    {
        var resource = configuration[dependency.Setting];
        if (string.IsNullOrWhiteSpace(resource))
            return HealthCheckResult.Unhealthy($"{dependency.Name}: {dependency.Setting} is not set, so {dependency.Action} has nothing to check");
        var about = $"{dependency.Name} ({resource})";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            var state = await probes.ProbeAsync(dependency, resource, timeout.Token).ConfigureAwait(false);
            return state.Usable
                ? HealthCheckResult.Healthy($"{about}: {state.Status}")
                : HealthCheckResult.Unhealthy($"{about}: {dependency.Action} says {state.Status}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{about}: {dependency.Action} did not answer within {options.Timeout.TotalSeconds:0.#} s");
        }
        catch (AwsServiceException e)
        {
            return Failed(about, e.ErrorCode, (int)e.Status, e.IsThrottling);
        }
        catch (AmazonServiceException e)
        {
            var code = string.IsNullOrEmpty(e.ErrorCode) ? e.StatusCode.ToString() : e.ErrorCode;
            return Failed(about, code, (int)e.StatusCode, SdkThrottlingCodes.Contains(code) || e.StatusCode == HttpStatusCode.TooManyRequests);
        }
        catch (Exception e) when (e is HttpRequestException or AmazonClientException)
        {
            return HealthCheckResult.Unhealthy($"{about}: {dependency.Action} could not reach AWS ({e.GetType().Name})");
        }
    }

    private HealthCheckResult Failed(string about, string code, int status, bool throttled)
    {
        var description = $"{about}: {dependency.Action} answered {status} {code}";
        return throttled ? HealthCheckResult.Degraded(description) : HealthCheckResult.Unhealthy(description);
    }
}
