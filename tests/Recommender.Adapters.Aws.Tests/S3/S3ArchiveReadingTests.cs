using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.AwsFakes.S3;
using Recommender.Contracts;
using Recommender.Core.Archive;

namespace Recommender.Adapters.Aws.Tests.S3;

/// <summary>How the S3 archive reads an aging bucket: from the partition asked for on, and never an object in Glacier (defect 5).</summary>
[Collection(S3Peer.Name)]
public sealed class S3ArchiveReadingTests(S3rverFixture s3rver)
{
    /// <summary>The archive over s3rver behind <see cref="GlacierAwareS3"/>, on a clock the test moves (it names the partitions).</summary>
    private async Task<(ServiceProvider Services, GlacierAwareS3 S3, ManualClock Clock, CapturedLogs Logs, string Bucket)> ArchiveBehindGlacierAsync()
    {
        var s3 = await GlacierAwareS3.StartAsync(s3rver.Peer.Url);
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 5, 30, 0, TimeSpan.Zero));
        var logs = new CapturedLogs();
        var bucket = $"archive-{Guid.NewGuid():N}"[..20];
        var services = AwsServices.Build(new()
        {
            ["Aws:CreateMissingResources"] = "true",
            ["Aws:S3:ServiceUrl"] = s3.Url.ToString(),
            ["Aws:S3:DatasetsBucket"] = "recommender-datasets",
            ["Aws:S3:ArchiveBucket"] = bucket,
        }, more =>
        {
            more.AddSingleton<Amazon.Runtime.AWSCredentials>(new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"));
            more.AddSingleton<TimeProvider>(clock);
            more.AddLogging(l => l.AddProvider(logs));
        });
        await AwsServices.StartAsync(services);
        return (services, s3, clock, logs, bucket);
    }

    [Fact]
    public async Task a_read_since_an_hour_lists_from_that_partition_on_not_the_whole_prefix()
    {
        var (services, s3, clock, _, _) = await ArchiveBehindGlacierAsync();
        await using var _s = services;
        await using var _p = s3;
        var archive = services.GetRequiredService<IEventArchive>();
        await archive.WriteAsync([TestEvents.Play("u", 1)], default);
        clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(2));
        await archive.WriteAsync([TestEvents.Play("u", 2)], default);

        var read = await archive.ReadAsync(clock.GetUtcNow(), default).ToListAsync();

        read.Select(e => e.EventId).ShouldBe([TestEvents.Play("u", 2).EventId]);
        // S3 starts the listing after the partition's folder: the earlier days are never listed
        s3.Listings.Last().ShouldContain("start-after=" + Uri.EscapeDataString("events/dt=2026-03-03/hour=07/"));
    }

    [Fact]
    public async Task objects_a_lifecycle_moved_to_glacier_are_skipped_with_a_warning_never_fetched()
    {
        var (services, s3, clock, logs, bucket) = await ArchiveBehindGlacierAsync();
        await using var _s = services;
        await using var _p = s3;
        var archive = services.GetRequiredService<IEventArchive>();
        await archive.WriteAsync([TestEvents.Play("u", 1), TestEvents.Play("v", 1)], default);
        clock.Advance(TimeSpan.FromDays(120));
        await archive.WriteAsync([TestEvents.Play("u", 2)], default);
        s3.MoveToGlacier(bucket, "events/dt=2026-03-01/");

        var read = await archive.ReadAsync(null, default).ToListAsync();

        read.Select(e => e.EventId).ShouldBe([TestEvents.Play("u", 2).EventId]);
        s3.RefusedReads.ShouldBeEmpty();
        logs.Warnings.ShouldContain(w => w.Contains("Skipped 1 archive objects in a Glacier storage class") && w.Contains("events/dt=2026-03-01/hour=05/"));
    }

    [Fact]
    public async Task an_object_that_is_not_parquet_is_skipped_with_a_warning_naming_it()
    {
        var (services, s3, _, logs, bucket) = await ArchiveBehindGlacierAsync();
        await using var _s = services;
        await using var _p = s3;
        var archive = services.GetRequiredService<IEventArchive>();
        await archive.WriteAsync([TestEvents.Play("u", 1)], default);
        const string stray = "events/dt=2026-03-01/hour=05/notes.txt";
        using var client = new Amazon.S3.AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"),
            new Amazon.S3.AmazonS3Config { ServiceURL = s3.Url.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        await client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = stray, ContentBody = "not an archive object" });

        var read = await archive.ReadAsync(null, default).ToListAsync();

        read.Select(e => e.EventId).ShouldBe([TestEvents.Play("u", 1).EventId]);
        logs.Warnings.ShouldContain(w => w.Contains("Skipped archive object " + stray));
    }
}
