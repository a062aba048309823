using Recommender.Core.Configuration;

namespace Ingestion.Api;

/// <summary>Settings of the ingestion API, bound from the "Ingestion" section and validated at start.</summary>
public sealed class IngestionOptions : IValidatedOptions
{
    public const string Section = "Ingestion";

    /// <summary>Appends running at once; a request that cannot get a slot soon is told to retry (503), never queued without bound.</summary>
    public int MaxConcurrentAppends { get; set; } = 16;

    /// <summary>How long a request waits for an append slot before the 503.</summary>
    public TimeSpan AppendSlotWait { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Events whose occurred_at is further in the past than this are refused (400); 1 year by default.</summary>
    public TimeSpan MaxEventAge { get; set; } = Recommender.Core.Events.EventContract.DefaultMaxEventAge;

    /// <summary>Retry-After sent when the API itself is at its concurrency limit.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<string> Problems()
    {
        if (MaxConcurrentAppends <= 0) yield return $"Ingestion:MaxConcurrentAppends must be more than 0; got {MaxConcurrentAppends}";
        if (AppendSlotWait < TimeSpan.Zero) yield return "Ingestion:AppendSlotWait must not be negative";
        if (RetryAfter <= TimeSpan.Zero) yield return "Ingestion:RetryAfter must be positive";
        if (MaxEventAge <= TimeSpan.Zero) yield return "Ingestion:MaxEventAge must be positive";
    }
}
