using Recommender.Adapters.Local.Analytics;
using Recommender.Adapters.Local.Archive;
using Recommender.Contracts;
using Recommender.Core.Analytics;
using Recommender.Core.Events;

namespace Recommender.Adapters.Local.Tests;

/// <summary>
/// Every report of analytics/ on DuckDB against values worked out by hand from a small fixed set of events (the comments
/// show the arithmetic). Each event is archived a second after it happened, so it lands in the dt= partition a real
/// archive would give it.
/// </summary>
public sealed class ListeningReportsOnDuckDbTests(ListeningReportsOnDuckDbTests.FixedLake lake) : IClassFixture<ListeningReportsOnDuckDbTests.FixedLake>
{
    private static readonly DateOnly From = new(2026, 3, 1), To = new(2026, 4, 30);

    private static PlaybackEvent Play(string id, string user, string at, string type, string track, long ms) => new()
    {
        EventId = id,
        UserId = user,
        TrackId = track,
        EventType = type,
        OccurredAt = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture),
        MsPlayed = ms,
        TrackDurationMs = 240_000,
        Track = track switch
        {
            "t1" => Metadata("Artist A", "rock"),
            "t2" => Metadata("Artist B", "pop"),
            "t3" => Metadata("Artist C", "jazz", "rock"),
            "t4" => Metadata("Artist D", "soul"),
            _ => Metadata("Artist E", "rock"),
        } with { Name = $"Song {track}" },
    };

    private static TrackMetadata Metadata(string artist, params string[] genres) => new() { Artists = [new ArtistRef { Id = artist.ToLowerInvariant(), Name = artist }], Genres = genres };

    /// <summary>Ana's listening; Monday 2 March 2026 to Wednesday 1 April.</summary>
    private static readonly PlaybackEvent[] Ana =
    [
        Play("e0", "ana", "2026-02-27T12:00:00Z", "complete", "t3", 200_000), // before the range: Artist C is not new in March
        Play("e1", "ana", "2026-03-02T10:00:00Z", "complete", "t1", 200_000), // first listen of Artist A
        Play("e2", "ana", "2026-03-02T10:04:00Z", "skip", "t2", 10_000),      // first listen of Artist B
        Play("e3", "ana", "2026-03-02T10:05:00Z", "complete", "t1", 180_000), // session 1: 10:00 to 10:05 + 3 min = 8 min, 3 plays
        Play("e4", "ana", "2026-03-02T10:35:00Z", "play", "t3", 60_000),      // exactly 30 min after e3: session 2, 1 min
        Play("e5", "ana", "2026-03-02T23:59:30Z", "skip", "t2", 5_000),       // a skip at 23:59 UTC: Monday, hour 23; session 3 starts
        Play("e6", "ana", "2026-03-03T00:10:00Z", "complete", "t4", 240_000), // first listen of Artist D, 10.5 min later: still session 3
        Play("e7", "ana", "2026-03-03T00:12:00Z", "like", "t4", 0),           // not a play
        Play("e8", "ana", "2026-03-03T01:30:00+01:00", "complete", "t1", 200_000), // 00:30 UTC; session 3 ends 00:30 + 3 min 20 s: 33 min 50 s
        Play("e9", "ana", "2026-04-01T09:00:00Z", "complete", "t5", 100_000), // first listen of Artist E; session 4: 1 min 40 s
    ];

    /// <summary>The fixed events archived once for the class; Ana's stats for March and April computed once.</summary>
    public sealed class FixedLake : IAsyncLifetime, IDisposable
    {
        private readonly TempDirectory _directory = new();
        public DuckDbAnalyticsEngine Engine { get; private set; } = null!;
        public ListeningReports Reports { get; private set; } = null!;
        public ListeningStats AnaStats { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var clock = new ManualClock(DateTimeOffset.UnixEpoch);
            var archive = new FileEventArchive(_directory.File("archive"), clock);
            var ben = Play("e1", "ben", "2026-03-02T10:30:00Z", "complete", "t1", 200_000); // ana's event id, another listener's event
            foreach (var e in Ana.Append(ben).Append(Ana[1]).OrderBy(e => e.OccurredAt)) // Ana[1] redelivered
            {
                clock.Advance(e.OccurredAt.AddSeconds(1) - clock.GetUtcNow());
                await archive.WriteAsync([e], CancellationToken.None);
            }
            Engine = new DuckDbAnalyticsEngine(archive);
            Reports = new ListeningReports(Engine);
            AnaStats = await Reports.StatsAsync(new ReportParameters(From, To, "ana"), CancellationToken.None);
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose()
        {
            Engine.Dispose();
            _directory.Dispose();
        }
    }

    [Fact]
    public void one_listeners_daily_listening_counts_a_redelivered_event_once_and_a_skip_at_23_59_on_its_own_day()
    {
        var stats = lake.AnaStats;

        stats.Daily.ShouldBe(
        [
            new DailyListening("2026-03-02", Plays: 5, Completes: 2, Skips: 2, ListeningMs: 455_000, DistinctTracks: 3, DistinctArtists: 3),
            new DailyListening("2026-03-03", Plays: 2, Completes: 2, Skips: 0, ListeningMs: 440_000, DistinctTracks: 2, DistinctArtists: 2),
            new DailyListening("2026-04-01", Plays: 1, Completes: 1, Skips: 0, ListeningMs: 100_000, DistinctTracks: 1, DistinctArtists: 1),
        ]);
        (stats.UserId, stats.From, stats.To).ShouldBe(("ana", "2026-03-01", "2026-04-30"));
    }

    [Fact]
    public void skip_rates_come_by_each_of_24_hours_and_7_weekdays()
    {
        var stats = lake.AnaStats;

        stats.SkipRateByHour.Select(h => h.Hour).ShouldBe(Enumerable.Range(0, 24));
        stats.SkipRateByHour[10].ShouldBe(new HourSkipRate(10, 4, 1, 0.25));
        stats.SkipRateByHour[23].ShouldBe(new HourSkipRate(23, 1, 1, 1.0));
        stats.SkipRateByHour[0].ShouldBe(new HourSkipRate(0, 2, 0, 0.0));
        stats.SkipRateByHour[9].ShouldBe(new HourSkipRate(9, 1, 0, 0.0));
        stats.SkipRateByHour.Where(h => h.Hour is not (0 or 9 or 10 or 23)).ShouldAllBe(h => h.Plays == 0 && h.SkipRate == null);
        stats.SkipRateByWeekday.ShouldBe(
        [
            new WeekdaySkipRate("Monday", 5, 2, 0.4), new WeekdaySkipRate("Tuesday", 2, 0, 0.0), new WeekdaySkipRate("Wednesday", 1, 0, 0.0),
            new WeekdaySkipRate("Thursday", 0, 0, null), new WeekdaySkipRate("Friday", 0, 0, null), new WeekdaySkipRate("Saturday", 0, 0, null),
            new WeekdaySkipRate("Sunday", 0, 0, null),
        ]);
    }

    [Fact]
    public void genres_count_a_play_once_per_genre_of_its_track_by_month()
    {
        var stats = lake.AnaStats;

        // March: t1 x3 (rock), t2 x2 (pop), t3 x1 (jazz, rock), t4 x1 (soul); April: t5 (rock)
        stats.GenresByMonth.ShouldBe(
        [
            new GenreMonth("2026-03", "rock", 4), new GenreMonth("2026-03", "pop", 2), new GenreMonth("2026-03", "jazz", 1),
            new GenreMonth("2026-03", "soul", 1), new GenreMonth("2026-04", "rock", 1),
        ]);
    }

    [Fact]
    public void discovery_counts_the_first_listen_of_an_artist_over_all_history()
    {
        var stats = lake.AnaStats;

        // March: 7 plays, first listens of A (e1), B (e2), D (e6); C was first heard in February. April: E is new.
        stats.DiscoveryByMonth.Count.ShouldBe(2);
        (stats.DiscoveryByMonth[0].Month, stats.DiscoveryByMonth[0].Plays, stats.DiscoveryByMonth[0].NewArtistPlays).ShouldBe(("2026-03", 7L, 3L));
        stats.DiscoveryByMonth[0].DiscoveryRate.ShouldBe(3.0 / 7, 1e-12);
        stats.DiscoveryByMonth[1].ShouldBe(new DiscoveryMonth("2026-04", 1, 1, 1.0));
    }

    [Fact]
    public void a_gap_of_30_minutes_splits_sessions_and_midnight_does_not()
    {
        var stats = lake.AnaStats;

        // lengths 8, 1, 33 5/6 and 1 2/3 minutes; 3, 1, 3 and 1 plays
        stats.Sessions.Count.ShouldBe(4);
        stats.Sessions.MeanMinutes!.Value.ShouldBe(44.5 / 4, 1e-9);
        stats.Sessions.MedianMinutes!.Value.ShouldBe((8 + 5.0 / 3) / 2, 1e-9);
        stats.Sessions.MeanTracks.ShouldBe(2.0);
    }

    [Fact]
    public void top_tracks_and_artists_rank_by_plays()
    {
        var stats = lake.AnaStats;

        stats.TopTracks.ShouldBe(
        [
            new TopTrack("t1", "Song t1", "Artist A", 3), new TopTrack("t2", "Song t2", "Artist B", 2), new TopTrack("t3", "Song t3", "Artist C", 1),
            new TopTrack("t4", "Song t4", "Artist D", 1), new TopTrack("t5", "Song t5", "Artist E", 1),
        ]);
        stats.TopArtists.Select(a => (a.Artist, a.Plays)).ShouldBe([("Artist A", 3L), ("Artist B", 2L), ("Artist C", 1L), ("Artist D", 1L), ("Artist E", 1L)]);
    }

    [Fact]
    public async Task everyones_report_keeps_another_listeners_event_with_the_same_id()
    {
        var stats = await lake.Reports.StatsAsync(new ReportParameters(From, new DateOnly(2026, 3, 2), null), CancellationToken.None);

        // Ana's five plays of 2 March and Ben's complete of t1, which shares e1's id
        stats.Daily.ShouldBe([new DailyListening("2026-03-02", 6, 3, 2, 655_000, 3, 3)]);
        stats.UserId.ShouldBeNull();
        stats.Sessions.Count.ShouldBe(4); // Ana's three that start on 2 March (the range cuts the third at midnight) and Ben's
    }

    [Theory]
    [InlineData("ana", "2026-03-01", "2026-04-30")]
    [InlineData("ana", "2026-03-03", "2026-03-03")]
    [InlineData("ben", "2026-03-01", "2026-03-31")]
    [InlineData("nobody", "2026-03-01", "2026-03-31")]
    public async Task one_listeners_reports_read_once_for_all_marts_equal_each_mart_run_over_the_whole_lake(string user, string from, string to)
    {
        var parameters = new ReportParameters(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), user);
        var statements = ListeningReports.Marts.Select(m => AnalyticsModels.Embedded.Compose(m, parameters)).ToList();

        var scoped = await lake.Engine.QueryAllAsync(statements, user, CancellationToken.None);

        scoped.Count.ShouldBe(statements.Count);
        for (var i = 0; i < statements.Count; i++)
        {
            var whole = await lake.Engine.QueryAsync(statements[i], CancellationToken.None);
            scoped[i].Columns.ShouldBe(whole.Columns, ListeningReports.Marts[i]);
            scoped[i].Rows.Select(r => string.Join("|", r)).ShouldBe(whole.Rows.Select(r => string.Join("|", r)), ListeningReports.Marts[i]);
        }
    }

    [Fact]
    public async Task a_listener_without_events_in_the_range_gets_empty_reports()
    {
        var stats = await lake.Reports.StatsAsync(new ReportParameters(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31), "ana"), CancellationToken.None);

        stats.Daily.ShouldBeEmpty();
        stats.SkipRateByHour.Count.ShouldBe(24);
        stats.Sessions.ShouldBe(new SessionSummary(0, null, null, null));
        stats.TopTracks.ShouldBeEmpty();
    }
}
