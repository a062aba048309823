using Recommender.Core.Configuration;

namespace Recommender.Adapters.Aws.Configuration;

/// <summary>The S3 bucket of dataset files (section "Aws:S3").</summary>
public sealed class S3Options : IValidatedOptions
{
    public const string Section = "Aws:S3";

    public string? ServiceUrl { get; set; }

    /// <summary>Aws:S3:DatasetsBucket: where the dataset builder writes the CSV files Personalize imports.</summary>
    public string DatasetsBucket { get; set; } = "";

    /// <summary>Key prefix of the runs, e.g. "datasets/": objects are {Prefix}{runId}/{fileName}.</summary>
    public string Prefix { get; set; } = "datasets/";

    /// <summary>
    /// Aws:S3:ArchiveBucket: when set, the event archive (IEventArchive) is Parquet here under
    /// <see cref="ArchivePrefix"/> (Firehose's layout), written by the archive consumer and read by the dataset builder.
    /// </summary>
    public string? ArchiveBucket { get; set; }

    public string ArchivePrefix { get; set; } = "events/";

    /// <summary>What every use needs; the archive is registered only with its bucket, and the dataset store checks its own.</summary>
    public IEnumerable<string> Problems() => AwsOptions.ServiceUrlProblems("Aws:S3:ServiceUrl", ServiceUrl);

    /// <summary>What the dataset store needs, checked when a host first builds it (the archive consumer has no dataset store).</summary>
    internal IEnumerable<string> DatasetStoreProblems()
    {
        if (string.IsNullOrWhiteSpace(DatasetsBucket)) yield return "Aws:S3:DatasetsBucket is required: the S3 bucket of dataset files";
    }
}
