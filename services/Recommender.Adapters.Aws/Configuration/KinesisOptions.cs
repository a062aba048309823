using Recommender.Core.Configuration;

namespace Recommender.Adapters.Aws.Configuration;

/// <summary>The Kinesis event stream (section "Aws:Kinesis").</summary>
public sealed class KinesisOptions : IValidatedOptions
{
    public const string Section = "Aws:Kinesis";

    public string? ServiceUrl { get; set; }

    /// <summary>Aws:Kinesis:StreamName: the stream the ingestion API writes and the consumers read.</summary>
    public string StreamName { get; set; } = "";

    /// <summary>
    /// Aws:Kinesis:CheckpointTableName: DynamoDB table (hash key "checkpoint_key", S) of the shard reader's
    /// checkpoints, used only by hosted consumer loops (Lambda keeps its own); default "{StreamName}-checkpoints".
    /// </summary>
    public string? CheckpointTableName { get; set; }

    /// <summary>Shards created by Aws:CreateMissingResources.</summary>
    public int ShardCount { get; set; } = 2;

    /// <summary>PutRecords attempts for records that keep failing (throttled shard) before the batch is refused.</summary>
    public int MaxPutAttempts { get; set; } = 5;

    public string ResolvedCheckpointTableName => AwsOptions.FirstNonEmpty(CheckpointTableName) ?? $"{StreamName}-checkpoints";

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(StreamName)) yield return "Aws:Kinesis:StreamName is required: the Kinesis stream events go to";
        if (ShardCount is < 1 or > 500) yield return $"Aws:Kinesis:ShardCount must be 1 to 500; got {ShardCount}";
        if (MaxPutAttempts is < 1 or > 50) yield return $"Aws:Kinesis:MaxPutAttempts must be 1 to 50; got {MaxPutAttempts}";
        foreach (var p in AwsOptions.ServiceUrlProblems("Aws:Kinesis:ServiceUrl", ServiceUrl)) yield return p;
    }
}
