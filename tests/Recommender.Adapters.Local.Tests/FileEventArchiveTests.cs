using Recommender.Adapters.Local.Archive;
using Recommender.Contracts;

namespace Recommender.Adapters.Local.Tests;

public sealed class FileEventArchiveTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task events_are_written_under_date_and_hour_partitions_and_read_back()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 21, 7, 30, 0, TimeSpan.Zero));
        var archive = new FileEventArchive(_directory.File("archive"), time);
        var events = Enumerable.Range(0, 25).Select(i => TestEvents.Listen("u", $"t{i}", minute: i)).ToList();

        await archive.WriteAsync(events, CancellationToken.None);
        await archive.WriteAsync(events.Take(5).ToList(), CancellationToken.None);

        var files = archive.Files(null).ToList();
        files.Count.ShouldBe(2);
        files.ShouldAllBe(f => f.Contains(Path.Combine("dt=2026-11-21", "hour=07")) && f.EndsWith(".jsonl.gz"));
        var read = new List<string>();
        await foreach (var e in archive.ReadAsync(null, CancellationToken.None)) read.Add(e.TrackId);
        read.Count.ShouldBe(30);
    }

    [Fact]
    public async Task reading_since_an_hour_skips_older_partitions()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 21, 7, 30, 0, TimeSpan.Zero));
        var archive = new FileEventArchive(_directory.File("archive"), time);
        await archive.WriteAsync([TestEvents.Listen("u", "early")], CancellationToken.None);
        time.Now = time.Now.AddHours(3);
        await archive.WriteAsync([TestEvents.Listen("u", "late")], CancellationToken.None);

        var read = new List<string>();
        await foreach (var e in archive.ReadAsync(time.Now.AddMinutes(-10), CancellationToken.None)) read.Add(e.TrackId);

        read.ShouldBe(["late"]);
    }

    public void Dispose() => _directory.Dispose();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
