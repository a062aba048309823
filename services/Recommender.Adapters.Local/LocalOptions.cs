using Recommender.Core.Configuration;

namespace Recommender.Adapters.Local;

/// <summary>Settings of the embedded adapters, bound from the "Recommender" section.</summary>
public sealed class LocalOptions : IValidatedOptions
{
    public const string Section = "Recommender";

    /// <summary>Where every embedded store keeps its files.</summary>
    public string DataDirectory { get; set; } = DataFolder.Default;

    public EmbeddedStreamOptions Stream { get; set; } = new();

    /// <summary>How long the stream and the profile store remember an event's (user_id, event_id) to drop a copy; longer than the stream's retention.</summary>
    public TimeSpan DeduplicationWindow { get; set; } = Core.Events.EventContract.DefaultDeduplicationWindow;

    public LakeOptions Archive { get; set; } = new();

    /// <summary>The AES key that seals linked Spotify accounts' tokens; default keys/spotify-tokens.key under the data folder. Keep it outside the data folder so that a copy of the data is not a copy of the tokens.</summary>
    public string? TokenKeyFile { get; set; }

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory)) yield return $"{DataFolder.Key} must name a folder";
        if (Stream.ShardCount is < 1 or > 1024) yield return $"Recommender:Stream:ShardCount must be 1 to 1024; got {Stream.ShardCount}";
        if (Stream.Retention <= TimeSpan.Zero) yield return "Recommender:Stream:Retention must be positive";
        if (Stream.MaxHeldRecords < 0) yield return $"Recommender:Stream:MaxHeldRecords must not be negative; got {Stream.MaxHeldRecords}";
        if (Stream.MaxPendingAppends < 1) yield return $"Recommender:Stream:MaxPendingAppends must be at least 1; got {Stream.MaxPendingAppends}";
        if (Stream.AppendTimeout <= TimeSpan.Zero) yield return "Recommender:Stream:AppendTimeout must be positive";
        if (DeduplicationWindow <= Stream.Retention)
            yield return "Recommender:DeduplicationWindow must be longer than Recommender:Stream:Retention, so a record still on the stream is always recognised as a copy";
        if (Archive.CompactEvery <= TimeSpan.Zero || Archive.CheckEvery <= TimeSpan.Zero) yield return "Recommender:Archive:CompactEvery and CheckEvery must be positive";
        if (Archive.MaxFilesPerDay < 2) yield return $"Recommender:Archive:MaxFilesPerDay must be at least 2; got {Archive.MaxFilesPerDay}";
    }
}

/// <summary>When the archive consumer's host compacts the local lake (Recommender:Archive).</summary>
public sealed class LakeOptions
{
    /// <summary>A day partition is compacted at most this often while it still receives files (past days: as soon as they have more than one).</summary>
    public TimeSpan CompactEvery { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A partition with this many files is compacted at once, whatever the time: queries slow down with many small files.</summary>
    public int MaxFilesPerDay { get; set; } = 64;

    /// <summary>How often the loop looks.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class EmbeddedStreamOptions
{
    /// <summary>Shards the log splits users over (by hash of user_id), like a Kinesis stream's shard count.</summary>
    public int ShardCount { get; set; } = 4;

    /// <summary>
    /// Records older than this are trimmed, as Kinesis does (24 h by default there too), once every consumer has
    /// checkpointed past them; unread ones are held up to <see cref="MaxHeldRecords"/>.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Records past the retention kept because a consumer has not read them; beyond this the oldest are trimmed and counted as lost.</summary>
    public long MaxHeldRecords { get; set; } = 5_000_000;

    /// <summary>Append batches waiting for the writer; past this the stream answers "full" (503) instead of queueing without bound.</summary>
    public int MaxPendingAppends { get; set; } = 64;

    /// <summary>How long an append may wait for the writer before the caller is told to retry later.</summary>
    public TimeSpan AppendTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
