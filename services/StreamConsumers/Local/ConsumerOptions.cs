using Recommender.Core.Configuration;

namespace StreamConsumers.Local;

/// <summary>Settings of the local consumer loops, bound from the "Consumers" section.</summary>
public sealed class ConsumerOptions : IValidatedOptions
{
    public const string Section = "Consumers";

    /// <summary>Records a handler gets at most per call (Lambda's BatchSize).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Attempts before a record goes to the dead-letter table (Lambda's MaximumRetryAttempts + 1).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long an idle loop waits for new records before looking again (it wakes at once on an append to the embedded stream).</summary>
    public TimeSpan IdleWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often each consumer looks for dead letters a person asked to redrive.</summary>
    public TimeSpan RedrivePoll { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consumers to run (hot-path, profile-aggregator, archive); empty runs all.</summary>
    public List<string> Enabled { get; set; } = [];

    public bool IsEnabled(string name) => Enabled.Count == 0 || Enabled.Contains(name, StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> Problems()
    {
        if (BatchSize is < 1 or > 10_000) yield return $"Consumers:BatchSize must be 1 to 10000; got {BatchSize}";
        if (MaxAttempts < 1) yield return $"Consumers:MaxAttempts must be at least 1; got {MaxAttempts}";
        if (IdleWait <= TimeSpan.Zero) yield return "Consumers:IdleWait must be positive";
        if (RedrivePoll <= TimeSpan.Zero) yield return "Consumers:RedrivePoll must be positive";
    }
}
