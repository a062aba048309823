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
/// The archive in S3, in Firehose's layout: Parquet objects (the Glue table's columns) at
/// s3://{bucket}/{prefix}dt=YYYY-MM-DD/hour=HH/, partitioned by the hour the archive received the events; one object
/// per write, so readers never see half a file. Reading takes every Parquet object under the prefix, Firehose's own
/// (which carry no suffix) among them, and the gzipped JSON lines the archive wrote before; anything else is skipped with a warning.
/// Keys sort by time, so a read since an hour lists from that partition on (StartAfter) instead of the whole prefix, and
/// the cost of a daily read follows the day, not the archive's age.
/// </summary>
internal sealed class S3EventArchive(IAmazonS3 s3, string bucket, string prefix, bool chunkedUploads, TimeProvider time, ILogger<S3EventArchive> logger)
    : IEventArchive
{
    public const string JsonLinesSuffix = ".jsonl.gz";

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
        await ArchiveParquet.WriteAsync(body, events, cancellationToken).ConfigureAwait(false);
        body.Position = 0;
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = $"{prefix}dt={now:yyyy-MM-dd}/hour={now:HH}/events-{now:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}{ArchiveParquet.FileSuffix}",
            InputStream = body,
            ContentType = "application/vnd.apache.parquet",
            UseChunkEncoding = chunkedUploads,
        }, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<PlaybackEvent> ReadAsync(DateTimeOffset? sinceHour, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var key in await KeysAsync(sinceHour, cancellationToken).ConfigureAwait(false))
        {
            using var response = await s3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            var events = key.EndsWith(JsonLinesSuffix, StringComparison.Ordinal)
                ? ReadJsonLinesAsync(response.ResponseStream, cancellationToken)
                : await ReadParquetAsync(key, response.ResponseStream, cancellationToken).ConfigureAwait(false);
            await foreach (var e in events.ConfigureAwait(false)) yield return e;
        }
    }

    /// <summary>
    /// Readable objects of the dt= partitions at or after the partition of <paramref name="sinceHour"/>, oldest partition
    /// first. The listing starts after the partition's folder name, which sorts before its objects and after every earlier
    /// partition's. Objects a lifecycle rule moved to Glacier are skipped with a warning: reading them needs a restore.
    /// </summary>
    internal async Task<List<string>> KeysAsync(DateTimeOffset? sinceHour, CancellationToken ct)
    {
        var since = sinceHour is { } s ? $"{prefix}dt={s.UtcDateTime:yyyy-MM-dd}/hour={s.UtcDateTime:HH}/" : null;
        var keys = new List<string>();
        var archived = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix + "dt=", StartAfter = since };
        do
        {
            var page = await s3.ListObjectsV2Async(request, ct).ConfigureAwait(false);
            foreach (var o in page.S3Objects ?? [])
            {
                if (o.Key.EndsWith('/') || (since is not null && string.CompareOrdinal(o.Key, since) < 0)) continue;
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

    /// <summary>
    /// Parquet needs to seek (its footer is at the end), so the object is read whole. One that is not Parquet (something else
    /// written under the prefix) is skipped with a warning naming it, so a reader knows its events, if any, were not read.
    /// </summary>
    private async Task<IAsyncEnumerable<PlaybackEvent>> ReadParquetAsync(string key, Stream body, CancellationToken ct)
    {
        var copy = new MemoryStream();
        await body.CopyToAsync(copy, ct).ConfigureAwait(false);
        copy.Position = 0;
        if (ArchiveParquet.StartsWithMagic(copy.GetBuffer().AsSpan(0, (int)Math.Min(4, copy.Length))))
            return ArchiveParquet.ReadAsync(copy, ct);
        logger.LogWarning("Skipped archive object {Key} ({Bytes} bytes): it is neither Parquet nor gzipped JSON lines ({Suffix}), so it was not read",
            key, copy.Length, JsonLinesSuffix);
        return AsyncEnumerable.Empty<PlaybackEvent>();
    }

    private static async IAsyncEnumerable<PlaybackEvent> ReadJsonLinesAsync(Stream body, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var gzip = new GZipStream(body, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            if (line.Length > 0) yield return EventJson.Deserialize(Encoding.UTF8.GetBytes(line));
    }
}
