namespace Recommender.Core.Datasets;

/// <summary>Where the dataset builder publishes a run's CSV files: a folder under the data dir, or an S3 prefix.</summary>
public interface IDatasetStore
{
    /// <summary>Stores one file of a run and returns where it went (a path, or an s3:// URI Personalize can import from).</summary>
    Task<string> PutAsync(string runId, string fileName, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens a stored file of a run; null when absent.</summary>
    Task<Stream?> OpenAsync(string runId, string fileName, CancellationToken cancellationToken);
}
