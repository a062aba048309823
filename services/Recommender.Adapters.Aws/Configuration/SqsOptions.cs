using Recommender.Core.Configuration;

namespace Recommender.Adapters.Aws.Configuration;

/// <summary>Amazon SQS (section "Aws:Sqs"): the hosted Spotify producer's fan-out queue, and the Lambda consumers' dead-letter queues.</summary>
public sealed class SqsOptions : IValidatedOptions
{
    public const string Section = "Aws:Sqs";

    public string? ServiceUrl { get; set; }

    /// <summary>Aws:Sqs:SpotifyPollQueueUrl: the FIFO queue a polling round puts one message per linked account on; without it no fan-out.</summary>
    public string? SpotifyPollQueueUrl { get; set; }

    /// <summary>
    /// Aws:Sqs:DeadLetterQueueUrls:{consumer}: each Lambda consumer's on-failure queue (the stack's deadLetterQueueUrls output),
    /// for the <c>dead-letters</c> verbs in aws mode.
    /// </summary>
    public Dictionary<string, string> DeadLetterQueueUrls { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Aws:Sqs:RedriveVisibilityTimeout: how long a message a redrive kept stays hidden (default 5 minutes, 0 s to 12 h).</summary>
    public TimeSpan RedriveVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<string> Problems()
    {
        if (RedriveVisibilityTimeout < TimeSpan.Zero || RedriveVisibilityTimeout > TimeSpan.FromHours(12))
            yield return $"Aws:Sqs:RedriveVisibilityTimeout must be 0 s to 12 h (SQS's limit); got {RedriveVisibilityTimeout}";
        foreach (var (consumer, url) in DeadLetterQueueUrls)
            if (!Uri.TryCreate(url, UriKind.Absolute, out _)) yield return $"Aws:Sqs:DeadLetterQueueUrls:{consumer} must be a queue URL; got \"{url}\"";
        foreach (var p in AwsOptions.ServiceUrlProblems("Aws:Sqs:ServiceUrl", ServiceUrl)) yield return p;
        if (!string.IsNullOrWhiteSpace(SpotifyPollQueueUrl) && !SpotifyPollQueueUrl.EndsWith(".fifo", StringComparison.Ordinal))
            yield return $"Aws:Sqs:SpotifyPollQueueUrl must be a FIFO queue (its name ends with .fifo); got \"{SpotifyPollQueueUrl}\"";
    }
}
