using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.Core.Archive;

namespace Recommender.Adapters.Aws.Tests.S3;

[Collection(S3Peer.Name)]
public sealed class S3EventArchiveTests(S3rverFixture s3rver) : IAsyncLifetime
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
        }, services => services.AddSingleton<Amazon.Runtime.AWSCredentials>(new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER")));
        await AwsServices.StartAsync(_services);
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task written_batches_read_back_whole_in_order_of_writing()
    {
        var archive = _services.GetRequiredService<IEventArchive>();
        var first = TestEvents.Many(users: 3, perUser: 4);
        var second = TestEvents.Many(users: 2, perUser: 2).Select(e => e with { EventId = e.EventId + "-late" }).ToList();

        await archive.WriteAsync(first, default);
        await archive.WriteAsync(second, default);

        var read = await archive.ReadAsync(null, default).ToListAsync();
        read.Select(e => e.EventId).ShouldBe(first.Concat(second).Select(e => e.EventId));
        (read[0].UserId, read[0].TrackId, read[0].OccurredAt, read[0].MsPlayed, read[0].Context, read[0].Track!.Name, read[0].Track!.Genres!.Single())
            .ShouldBe((first[0].UserId, first[0].TrackId, first[0].OccurredAt, first[0].MsPlayed, first[0].Context, first[0].Track!.Name, "indie"));
    }

    [Fact]
    public async Task reading_since_a_later_hour_skips_the_earlier_partitions()
    {
        var archive = _services.GetRequiredService<IEventArchive>();
        await archive.WriteAsync([TestEvents.Play("u", 1)], default);

        (await archive.ReadAsync(DateTimeOffset.UtcNow.AddHours(2), default).ToListAsync()).ShouldBeEmpty();
        (await archive.ReadAsync(DateTimeOffset.UtcNow.AddHours(-1), default).ToListAsync()).Count.ShouldBe(1);
    }
}
