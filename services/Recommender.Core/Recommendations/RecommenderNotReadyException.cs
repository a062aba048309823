namespace Recommender.Core.Recommendations;

/// <summary>
/// The recommender has no model to serve yet (on AWS: the campaign the first daily build creates does not exist): the
/// client should come back after <see cref="RetryAfter"/>; the APIs answer 503 with Retry-After, never a 500.
/// </summary>
public sealed class RecommenderNotReadyException(string message, TimeSpan retryAfter, Exception? inner = null) : Exception(message, inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
