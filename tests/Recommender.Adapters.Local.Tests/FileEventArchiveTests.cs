using System.IO.Compression;
using Recommender.Adapters.Local.Archive;
using Recommender.Contracts;
using Recommender.Core.Archive;
using Recommender.Core.Events;

namespace Recommender.Adapters.Local.Tests;

/// <summary>The archive contract on the local lake: Parquet files under dt=YYYY-MM-DD/.</summary>
public sealed class FileEventArchiveTests : EventArchiveContract, IDisposable
{
    private readonly TempDirectory _directory = new();
    private string Root => _directory.File("archive");

    protected override Task<IEventArchive> ArchiveAsync() => Task.FromResult<IEventArchive>(new FileEventArchive(Root, Clock));

    protected override async Task WriteJsonLinesAsync(DateTimeOffset receivedAt, IReadOnlyList<PlaybackEvent> events) =>
        await LegacyArchive.WriteAsync(Root, receivedAt, events);

    [Fact]
    public async Task each_write_is_one_parquet_file_in_the_partition_of_the_day_received()
    {
        var archive = new FileEventArchive(Root, Clock);

        await archive.WriteAsync([TestEvents.Listen("u", "a"), TestEvents.Listen("u", "b")], CancellationToken.None);
        await archive.WriteAsync([TestEvents.Listen("u", "c")], CancellationToken.None);

        var files = archive.Files(null).ToList();
        files.Count.ShouldBe(2);
        files.ShouldAllBe(f => Path.GetFileName(Path.GetDirectoryName(f)) == "dt=2026-11-21" && f.EndsWith(".parquet"));
        Directory.EnumerateFiles(Root, "*.tmp", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    public void Dispose() => _directory.Dispose();
}

/// <summary>Writes the archive's earlier layout: gzipped JSON lines under dt=YYYY-MM-DD/hour=HH/.</summary>
public static class LegacyArchive
{
    public static async Task<string> WriteAsync(string root, DateTimeOffset receivedAt, IEnumerable<PlaybackEvent> events)
    {
        var at = receivedAt.UtcDateTime;
        var folder = Path.Combine(root, $"dt={at:yyyy-MM-dd}", $"hour={at:HH}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"events-{at:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}{FileEventArchive.JsonLinesSuffix}");
        await using var file = File.Create(path);
        await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        foreach (var e in events)
        {
            await gzip.WriteAsync(EventJson.Serialize(e));
            gzip.WriteByte((byte)'\n');
        }
        return path;
    }
}
