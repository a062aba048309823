namespace Recommender.Adapters.Local;

/// <summary>Settings of the embedded adapters, bound from the "Recommender" section.</summary>
public sealed class LocalOptions
{
    public const string Section = "Recommender";

    /// <summary>Where every embedded store keeps its files.</summary>
    public string DataDirectory { get; set; } = "./.recommender-data";

    public EmbeddedStreamOptions Stream { get; set; } = new();

    /// <summary>How long the stream and the profile store remember an event's (user_id, event_id) to drop a copy; longer than the stream's retention.</summary>
    public TimeSpan DeduplicationWindow { get; set; } = Core.Events.EventContract.DefaultDeduplicationWindow;
}

public sealed class EmbeddedStreamOptions
{
    /// <summary>Shards the log splits users over (by hash of user_id), like a Kinesis stream's shard count.</summary>
    public int ShardCount { get; set; } = 4;

    /// <summary>Records older than this are trimmed, as Kinesis does (24 h by default there too).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Append batches waiting for the writer; past this the stream answers "full" (503) instead of queueing without bound.</summary>
    public int MaxPendingAppends { get; set; } = 64;

    /// <summary>How long an append may wait for the writer before the caller is told to retry later.</summary>
    public TimeSpan AppendTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
