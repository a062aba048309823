using Recommender.Core.Configuration;
using StreamConsumers.Handlers;

namespace StreamConsumers;

/// <summary>Which consumers a process runs, and how its local loops run them (section "Consumers").</summary>
public sealed class ConsumerOptions : IValidatedOptions
{
    public const string Section = "Consumers";

    public static readonly string[] Known = [HotPathHandler.ConsumerName, ProfileAggregatorHandler.ConsumerName, ArchiveHandler.ConsumerName];

    /// <summary>
    /// Consumers:Enabled: the consumers this process runs, comma-separated ("hot-path" or "hot-path,archive"), as a Lambda
    /// function's environment names its one (Consumers__Enabled=hot-path). Empty runs every consumer that has a sink.
    /// </summary>
    public string? Enabled { get; set; }

    /// <summary>Records a handler gets at most per call (Lambda's BatchSize).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Attempts before a record goes to the dead-letter table (Lambda's MaximumRetryAttempts + 1).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long an idle loop waits for new records before looking again (it wakes at once on an append to the embedded stream).</summary>
    public TimeSpan IdleWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often each consumer looks for dead letters a person asked to redrive.</summary>
    public TimeSpan RedrivePoll { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the local loops read each consumer's lag for the lag gauge (recommender.consumer.lag).</summary>
    public TimeSpan LagSampleInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether the adapters have an archive to write (set from the registrations, not bound).</summary>
    public bool ArchiveConfigured { get; internal set; }

    /// <summary>The consumers that run: those named, else all that have a sink.</summary>
    public IReadOnlyList<string> Chosen =>
        Named.Count > 0 ? Named : Known.Where(name => name != ArchiveHandler.ConsumerName || ArchiveConfigured).ToList();

    private List<string> Named => (Enabled ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(name => name.ToLowerInvariant()).Distinct().ToList();

    public IEnumerable<string> Problems()
    {
        foreach (var name in Named.Where(n => !Known.Contains(n)))
            yield return $"{Section}:Enabled names \"{name}\", which is no consumer; the consumers are {string.Join(", ", Known)}";
        if (Named.Contains(ArchiveHandler.ConsumerName) && !ArchiveConfigured)
            yield return $"{Section}:Enabled names archive, but no archive is configured (in aws mode Aws:S3:ArchiveBucket)";
        if (BatchSize is < 1 or > 10_000) yield return $"{Section}:BatchSize must be 1 to 10000; got {BatchSize}";
        if (MaxAttempts < 1) yield return $"{Section}:MaxAttempts must be at least 1; got {MaxAttempts}";
        if (IdleWait <= TimeSpan.Zero) yield return $"{Section}:IdleWait must be positive";
        if (RedrivePoll <= TimeSpan.Zero) yield return $"{Section}:RedrivePoll must be positive";
        if (LagSampleInterval <= TimeSpan.Zero) yield return $"{Section}:LagSampleInterval must be positive";
    }
}
