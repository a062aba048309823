using System.IO.Compression;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Configuration;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.Contracts;
using Recommender.Core.Archive;
using Recommender.Core.Events;
using Microsoft.Extensions.Options;

namespace Recommender.Adapters.Aws.Tests.Contracts;

/// <summary>The archive contract on s3rver: Parquet objects in Firehose's dt=/hour= layout; a fresh bucket per test.</summary>
[Collection(S3Peer.Name)]
public sealed class S3EventArchiveContractTests(S3rverFixture s3rver) : EventArchiveContract, IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = AwsServices.Build(new()
        {
            ["Aws:CreateMissingResources"] = "true",
            ["Aws:S3:ServiceUrl"] = s3rver.Peer.Url.ToString(),
            ["Aws:S3:DatasetsBucket"] = "recommender-datasets",
            ["Aws:S3:ArchiveBucket"] = $"archive-{Guid.NewGuid():N}"[..20],
            ["Aws:S3:ArchivePrefix"] = "parquet/",
        }, services =>
        {
            services.AddSingleton<Amazon.Runtime.AWSCredentials>(new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"));
            services.AddSingleton<TimeProvider>(Clock);
        });
        await AwsServices.StartAsync(_services);
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    protected override Task<IEventArchive> ArchiveAsync() => Task.FromResult(_services.GetRequiredService<IEventArchive>());

    protected override async Task WriteJsonLinesAsync(DateTimeOffset receivedAt, IReadOnlyList<PlaybackEvent> events)
    {
        var at = receivedAt.UtcDateTime;
        using var body = new MemoryStream();
        await using (var gzip = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true))
            foreach (var e in events)
            {
                gzip.Write(EventJson.Serialize(e));
                gzip.WriteByte((byte)'\n');
            }
        body.Position = 0;
        await PutAsync($"dt={at:yyyy-MM-dd}/hour={at:HH}/events-{at:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.jsonl.gz", body);
    }

    private async Task PutAsync(string key, Stream body)
    {
        var options = _services.GetRequiredService<IOptions<S3Options>>().Value;
        await _services.GetRequiredService<AwsSdkClients>().S3(options.ServiceUrl).PutObjectAsync(new PutObjectRequest
        {
            BucketName = options.ArchiveBucket, Key = options.ArchivePrefix + key, InputStream = body, UseChunkEncoding = false,
        });
    }

    [Fact]
    public async Task firehose_parquet_objects_without_a_suffix_are_read_and_other_objects_skipped()
    {
        using var parquet = new MemoryStream();
        await ArchiveParquet.WriteAsync(parquet, [Detailed("from-firehose")], CancellationToken.None);
        parquet.Position = 0;
        await PutAsync("dt=2026-11-21/hour=07/recommender-archive-1-2026-11-21-07-31-00-0f3e", parquet);
        await PutAsync("dt=2026-11-21/hour=07/notes.txt", new MemoryStream("not an archive"u8.ToArray()));

        var read = new List<PlaybackEvent>();
        await foreach (var e in (await ArchiveAsync()).ReadAsync(null, CancellationToken.None)) read.Add(e);

        read.Select(e => e.EventId).ShouldBe(["from-firehose"]);
    }
}
