using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Recommender.Hosting.Security;

/// <summary>
/// A token bucket per API key (System.Threading.RateLimiting): past it a request gets 429 with Retry-After at once, never a
/// queue. Requests without a key (open APIs, probes, Lambda's own events) are not limited here; the stream's own back-pressure
/// still is.
/// </summary>
internal static class KeyRateLimits
{
    public static IServiceCollection AddKeyRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>>((limiter, security) =>
        {
            var limit = security.Value.RateLimit;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                limit.Requests > 0 && context.ApiCaller() is { } caller
                    ? RateLimitPartition.GetTokenBucketLimiter(caller.KeyId, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = Math.Max(limit.Burst, limit.Requests),
                        TokensPerPeriod = limit.Requests,
                        ReplenishmentPeriod = limit.Period,
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limit.Period;
                await Problems.Unavailable(rejected.HttpContext, StatusCodes.Status429TooManyRequests, retryAfter,
                    $"this key is limited to {limit.Requests.ToString(CultureInfo.InvariantCulture)} requests per {limit.Period}; retry after the time in Retry-After")
                    .ExecuteAsync(rejected.HttpContext);
            };
        });
        return services;
    }
}
