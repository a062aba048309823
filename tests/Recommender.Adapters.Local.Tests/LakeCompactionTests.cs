using Recommender.Adapters.Local.Archive;
using Recommender.Contracts;
using Recommender.Core.Events;

namespace Recommender.Adapters.Local.Tests;

public sealed class LakeCompactionTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 21, 7, 30, 0, TimeSpan.Zero));
    private readonly FileEventArchive _archive;

    public LakeCompactionTests() => _archive = new FileEventArchive(_directory.File("archive"), _clock);

    private async Task<List<PlaybackEvent>> ReadAllAsync()
    {
        var read = new List<PlaybackEvent>();
        await foreach (var e in _archive.ReadAsync(null, CancellationToken.None)) read.Add(e);
        return read;
    }

    [Fact]
    public async Task a_day_of_many_files_becomes_one_file_sorted_by_listener_with_a_redelivered_event_once()
    {
        var events = Enumerable.Range(0, 40).Select(i => TestEvents.Listen($"u{i % 3}", $"t{i}", minute: i)).ToList();
        foreach (var batch in events.Chunk(8))
        {
            await _archive.WriteAsync(batch, CancellationToken.None);
            _clock.Advance(TimeSpan.FromMinutes(10));
        }
        await _archive.WriteAsync([events[5]], CancellationToken.None); // redelivered

        var result = await new LakeCompaction(_archive).CompactAsync();

        (result.Partitions, result.FilesBefore, result.FilesAfter, result.Events).ShouldBe((1, 6, 1, 40L));
        _archive.Files(null).Count().ShouldBe(1);
        var read = await ReadAllAsync();
        read.Select(e => e.EventId).ShouldBe(events.Select(e => e.EventId), ignoreOrder: true);
        read.Select(e => e.UserId).ShouldBe(read.Select(e => e.UserId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task the_same_event_id_from_two_listeners_is_kept_for_both()
    {
        await _archive.WriteAsync([TestEvents.Listen("alice", "t1", eventId: "e-1")], CancellationToken.None);
        await _archive.WriteAsync([TestEvents.Listen("bob", "t2", eventId: "e-1")], CancellationToken.None);

        await new LakeCompaction(_archive).CompactAsync();

        (await ReadAllAsync()).Select(e => e.UserId).ShouldBe(["alice", "bob"]);
    }

    [Fact]
    public async Task json_lines_of_the_earlier_layout_are_converted_into_the_day_file()
    {
        var yesterday = _clock.GetUtcNow().AddDays(-1);
        await LegacyArchive.WriteAsync(_archive.Root, yesterday, [TestEvents.Listen("u", "old-1"), TestEvents.Listen("u", "old-2", minute: 3)]);
        await LegacyArchive.WriteAsync(_archive.Root, yesterday.AddHours(1), [TestEvents.Listen("u", "old-3", minute: 9)]);

        var result = await new LakeCompaction(_archive).CompactAsync();

        (result.Partitions, result.Events).ShouldBe((1, 3L));
        var files = _archive.Files(null).ToList();
        files.ShouldHaveSingleItem().ShouldEndWith(".parquet");
        Directory.EnumerateDirectories(Path.GetDirectoryName(files[0])!, "hour=*").ShouldBeEmpty();
        (await ReadAllAsync()).Select(e => e.TrackId).ShouldBe(["old-1", "old-2", "old-3"]);
    }

    [Fact]
    public async Task a_partition_already_one_file_is_left_alone()
    {
        await _archive.WriteAsync([TestEvents.Listen("u", "a")], CancellationToken.None);
        var before = _archive.Files(null).Single();

        var result = await new LakeCompaction(_archive).CompactAsync();

        result.Partitions.ShouldBe(0);
        _archive.Files(null).Single().ShouldBe(before);
    }

    [Fact]
    public async Task a_reader_that_listed_files_before_a_compaction_still_reads_every_event()
    {
        var events = Enumerable.Range(0, 30).Select(i => TestEvents.Listen("u", $"t{i}", minute: i)).ToList();
        foreach (var batch in events.Chunk(10)) await _archive.WriteAsync(batch, CancellationToken.None);

        var read = new List<string>();
        await using (var reader = _archive.ReadAsync(null, CancellationToken.None).GetAsyncEnumerator())
        {
            (await reader.MoveNextAsync()).ShouldBeTrue();
            read.Add(reader.Current.EventId);
            await new LakeCompaction(_archive).CompactAsync();
            while (await reader.MoveNextAsync()) read.Add(reader.Current.EventId);
        }

        read.Distinct().ShouldBe(events.Select(e => e.EventId), ignoreOrder: true);
    }

    public void Dispose() => _directory.Dispose();
}
