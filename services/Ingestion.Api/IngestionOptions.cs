namespace Ingestion.Api;

/// <summary>Settings of the ingestion API, bound from the "Ingestion" section and validated at start.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Appends running at once; a request that cannot get a slot soon is told to retry (503), never queued without bound.</summary>
    public int MaxConcurrentAppends { get; set; } = 16;

    /// <summary>How long a request waits for an append slot before the 503.</summary>
    public TimeSpan AppendSlotWait { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Retry-After sent when the API itself is at its concurrency limit.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}
