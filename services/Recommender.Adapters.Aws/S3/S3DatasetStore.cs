using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Recommender.Core.Datasets;

namespace Recommender.Adapters.Aws.S3;

/// <summary>Dataset files in S3 at s3://{bucket}/{prefix}{runId}/{fileName}, the URIs Personalize import jobs read.</summary>
/// <param name="chunkedUploads">False for local S3 peers, which store aws-chunked bodies as they come.</param>
internal sealed class S3DatasetStore(IAmazonS3 s3, string bucket, string prefix, bool chunkedUploads) : IDatasetStore
{
    public async Task<string> PutAsync(string runId, string fileName, Stream content, CancellationToken cancellationToken)
    {
        var key = Key(runId, fileName);
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = content,
            AutoCloseStream = false,
            UseChunkEncoding = chunkedUploads,
            ContentType = fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "text/csv" : "application/octet-stream",
        }, cancellationToken).ConfigureAwait(false);
        return $"s3://{bucket}/{key}";
    }

    public async Task<Stream?> OpenAsync(string runId, string fileName, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3.GetObjectAsync(bucket, Key(runId, fileName), cancellationToken).ConfigureAwait(false);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound || e.ErrorCode == "NoSuchKey")
        {
            return null;
        }
    }

    internal string Key(string runId, string fileName)
    {
        DatasetFileNames.EnsureOneSegment(runId, fileName);
        return $"{prefix}{runId}/{fileName}";
    }
}
