using Polly;
using Polly.Retry;

namespace Recommender.Adapters.Aws.Protocol;

/// <summary>Retries of a whole AWS call: throttling, 5xx, timeouts and dropped connections; exponential backoff with jitter.</summary>
internal static class AwsRetryPipeline
{
    public static ResiliencePipeline Create(int maxRetries, TimeSpan baseDelay) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<AwsServiceException>(e => e.IsRetryable)
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutException>(),
                MaxRetryAttempts = maxRetries,
                Delay = baseDelay,
                MaxDelay = TimeSpan.FromSeconds(5),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .Build();
}
