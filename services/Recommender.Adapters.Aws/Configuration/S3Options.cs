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

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(DatasetsBucket)) yield return "Aws:S3:DatasetsBucket is required: the S3 bucket of dataset files";
        foreach (var p in AwsOptions.ServiceUrlProblems("Aws:S3:ServiceUrl", ServiceUrl)) yield return p;
    }
}
