using Recommender.Core.Configuration;

namespace Recommender.Adapters.Aws.Configuration;

/// <summary>Amazon SQS (section "Aws:Sqs"): the hosted Spotify producer's fan-out queue.</summary>
public sealed class SqsOptions : IValidatedOptions
{
    public const string Section = "Aws:Sqs";

    public string? ServiceUrl { get; set; }

    /// <summary>Aws:Sqs:SpotifyPollQueueUrl: the FIFO queue a polling round puts one message per linked account on; without it no fan-out.</summary>
    public string? SpotifyPollQueueUrl { get; set; }

    public IEnumerable<string> Problems()
    {
        foreach (var p in AwsOptions.ServiceUrlProblems("Aws:Sqs:ServiceUrl", ServiceUrl)) yield return p;
        if (!string.IsNullOrWhiteSpace(SpotifyPollQueueUrl) && !SpotifyPollQueueUrl.EndsWith(".fifo", StringComparison.Ordinal))
            yield return $"Aws:Sqs:SpotifyPollQueueUrl must be a FIFO queue (its name ends with .fifo); got \"{SpotifyPollQueueUrl}\"";
    }
}
