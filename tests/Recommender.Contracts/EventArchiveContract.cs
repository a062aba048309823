using System.Text;
using Recommender.Core.Archive;
using Recommender.Core.Events;

namespace Recommender.Contracts;

/// <summary>
/// What every event archive must do, whatever keeps it (local Parquet files, S3): each backend's test class runs these
/// against its own. The archive is at-least-once: a reader may see an event twice, never zero times.
/// </summary>
public abstract class EventArchiveContract
{
    protected static readonly DateTimeOffset Start = new(2026, 11, 21, 7, 30, 0, TimeSpan.Zero);
    protected readonly ManualClock Clock = new(Start);

    /// <summary>The archive under test, reading the time of receipt from <see cref="Clock"/>.</summary>
    protected abstract Task<IEventArchive> ArchiveAsync();

    /// <summary>Puts events where the archive's earlier version wrote them: gzipped JSON lines under dt=YYYY-MM-DD/hour=HH/ of <paramref name="receivedAt"/>.</summary>
    protected abstract Task WriteJsonLinesAsync(DateTimeOffset receivedAt, IReadOnlyList<PlaybackEvent> events);

    protected static PlaybackEvent Detailed(string id) => new()
    {
        EventId = id,
        UserId = "listener-ä",
        TrackId = "t-1",
        EventType = EventTypes.Complete,
        OccurredAt = new DateTimeOffset(2026, 11, 21, 9, 4, 5, 123, TimeSpan.FromHours(2)),
        MsPlayed = 201_000,
        TrackDurationMs = 203_000,
        SessionId = "s-9",
        Context = new PlaybackContext { Type = "playlist", Uri = "spotify:playlist:1" },
        Track = new TrackMetadata
        {
            Name = "So What",
            Artists = [new ArtistRef { Id = "a-1", Name = "Miles Davis" }, new ArtistRef { Id = "a-2" }],
            Album = "Kind of Blue",
            Genres = ["jazz", "modal"],
            ReleaseYear = 1959,
            AudioFeatures = new Dictionary<string, double> { ["energy"] = 0.25, ["tempo"] = 136.5 },
        },
    };

    private static string Json(PlaybackEvent e) => Encoding.UTF8.GetString(EventJson.Serialize(e with { OccurredAt = e.OccurredAt.ToUniversalTime() }));

    private static async Task<List<PlaybackEvent>> ReadAllAsync(IEventArchive archive, DateTimeOffset? since = null)
    {
        var read = new List<PlaybackEvent>();
        await foreach (var e in archive.ReadAsync(since, CancellationToken.None)) read.Add(e);
        return read;
    }

    [Fact]
    public async Task every_field_of_a_written_event_reads_back()
    {
        var archive = await ArchiveAsync();
        var sparse = TestEvents.Listen("u-2", "t-2", genre: null, artist: null) with { SessionId = null, MsPlayed = null, TrackDurationMs = null, Track = null };

        await archive.WriteAsync([Detailed("e-1"), sparse], CancellationToken.None);

        var read = await ReadAllAsync(archive);
        read.Select(Json).Order(StringComparer.Ordinal).ShouldBe(new[] { Json(Detailed("e-1")), Json(sparse) }.Order(StringComparer.Ordinal));
        read.Single(e => e.EventId == "e-1").OccurredAt.ShouldBe(Detailed("e-1").OccurredAt);
    }

    [Fact]
    public async Task an_empty_batch_writes_nothing()
    {
        var archive = await ArchiveAsync();

        await archive.WriteAsync([], CancellationToken.None);

        (await ReadAllAsync(archive)).ShouldBeEmpty();
    }

    [Fact]
    public async Task every_event_of_many_batches_reads_back()
    {
        var archive = await ArchiveAsync();
        var events = Enumerable.Range(0, 120).Select(i => TestEvents.Listen($"u{i % 7}", $"t{i}", minute: i)).ToList();

        foreach (var batch in events.Chunk(25))
        {
            await archive.WriteAsync(batch, CancellationToken.None);
            Clock.Advance(TimeSpan.FromMinutes(20));
        }

        (await ReadAllAsync(archive)).Select(e => e.EventId).Distinct().Order(StringComparer.Ordinal)
            .ShouldBe(events.Select(e => e.EventId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task reading_since_an_hour_skips_the_days_before_it_and_reads_older_days_first()
    {
        var archive = await ArchiveAsync();
        await archive.WriteAsync([TestEvents.Listen("u", "first-day")], CancellationToken.None);
        Clock.Advance(TimeSpan.FromDays(1));
        await archive.WriteAsync([TestEvents.Listen("u", "second-day")], CancellationToken.None);
        Clock.Advance(TimeSpan.FromDays(1));
        await archive.WriteAsync([TestEvents.Listen("u", "third-day")], CancellationToken.None);

        (await ReadAllAsync(archive, Start.AddDays(1).AddMinutes(-5))).Select(e => e.TrackId).ShouldBe(["second-day", "third-day"]);
        (await ReadAllAsync(archive)).Select(e => e.TrackId).ShouldBe(["first-day", "second-day", "third-day"]);
        (await ReadAllAsync(archive, Start.AddDays(3))).ShouldBeEmpty();
    }

    [Fact]
    public async Task json_lines_of_the_earlier_layout_are_still_read_beside_new_files()
    {
        var archive = await ArchiveAsync();
        await WriteJsonLinesAsync(Start.AddDays(-1), [Detailed("old-1"), TestEvents.Listen("u", "old-2")]);
        await archive.WriteAsync([TestEvents.Listen("u", "new")], CancellationToken.None);

        var read = await ReadAllAsync(archive);

        read.Select(e => e.EventId).ShouldBe(["old-1", TestEvents.Listen("u", "old-2").EventId, TestEvents.Listen("u", "new").EventId], ignoreOrder: true);
        Json(read.Single(e => e.EventId == "old-1")).ShouldBe(Json(Detailed("old-1")));
        (await ReadAllAsync(archive, Start)).Select(e => e.TrackId).ShouldBe(["new"]);
    }
}
