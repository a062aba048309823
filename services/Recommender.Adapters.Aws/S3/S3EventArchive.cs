using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Recommender.Core.Archive;
using Recommender.Core.Events;

namespace Recommender.Adapters.Aws.S3;

/// <summary>
/// The archive in S3 in the layout of the local one: gzipped JSON lines at
/// s3://{bucket}/{prefix}dt=YYYY-MM-DD/hour=HH/events-{time}-{id}.jsonl.gz, partitioned by the hour the
/// archive received the events; one object per write, so readers never see half a file. Reading skips
/// any other object under the prefix (e.g. Firehose's Parquet files). Keys sort by time, so a read since an hour lists from
/// that partition on (StartAfter) instead of the whole prefix, and the cost of a daily read follows the day, not the archive's age.
/// </summary>
internal sealed class S3EventArchive(IAmazonS3 s3, string bucket, string prefix, bool chunkedUploads, TimeProvider time, ILogger<S3EventArchive> logger)
    : IEventArchive
{
    public const string ObjectSuffix = ".jsonl.gz";

    /// <summary>
    /// Storage classes whose objects GetObject refuses (403 InvalidObjectState) until a restore: what a lifecycle rule moved to
    /// Glacier Flexible Retrieval or Deep Archive. Glacier Instant Retrieval reads like Standard.
    /// </summary>
    internal static readonly HashSet<string> ArchivedStorageClasses = new(StringComparer.Ordinal) { "GLACIER", "DEEP_ARCHIVE" };

    public async Task WriteAsync(IReadOnlyList<PlaybackEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        var now = time.GetUtcNow().UtcDateTime;
        using var body = new MemoryStream();
        await using (var gzip = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true))
        {
            foreach (var e in events)
            {
                gzip.Write(EventJson.Serialize(e));
                gzip.WriteByte((byte)'\n');
            }
        }
        body.Position = 0;
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = $"{prefix}dt={now:yyyy-MM-dd}/hour={now:HH}/events-{now:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}{ObjectSuffix}",
            InputStream = body,
            ContentType = "application/gzip",
            UseChunkEncoding = chunkedUploads,
        }, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<PlaybackEvent> ReadAsync(DateTimeOffset? sinceHour, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var key in await KeysAsync(sinceHour, cancellationToken).ConfigureAwait(false))
        {
            using var response = await s3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            await using var gzip = new GZipStream(response.ResponseStream, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                if (line.Length > 0) yield return EventJson.Deserialize(Encoding.UTF8.GetBytes(line));
        }
    }

    /// <summary>
    /// Our readable objects at or after the partition of <paramref name="sinceHour"/>, oldest partition first. The listing
    /// starts after the partition's folder name, which sorts before its objects and after every earlier partition's. Objects a
    /// lifecycle rule moved to Glacier are skipped with a warning: reading them would need a restore (hours, and billed).
    /// </summary>
    internal async Task<List<string>> KeysAsync(DateTimeOffset? sinceHour, CancellationToken ct)
    {
        var since = sinceHour is { } s ? $"{prefix}dt={s.UtcDateTime:yyyy-MM-dd}/hour={s.UtcDateTime:HH}/" : null;
        var keys = new List<string>();
        var archived = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, StartAfter = since };
        do
        {
            var page = await s3.ListObjectsV2Async(request, ct).ConfigureAwait(false);
            foreach (var o in page.S3Objects ?? [])
            {
                if (!o.Key.EndsWith(ObjectSuffix, StringComparison.Ordinal) || (since is not null && string.CompareOrdinal(o.Key, since) < 0)) continue;
                (o.StorageClass is { } storage && ArchivedStorageClasses.Contains(storage.Value) ? archived : keys).Add(o.Key);
            }
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (request.ContinuationToken is not null);
        if (archived.Count > 0)
        {
            archived.Sort(StringComparer.Ordinal);
            logger.LogWarning("Skipped {Count} archive objects in a Glacier storage class ({First} .. {Last}): their events are not read; restore them to include them",
                archived.Count, archived[0], archived[^1]);
        }
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
