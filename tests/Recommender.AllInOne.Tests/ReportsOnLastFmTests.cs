using Producer.Replay;
using Recommender.Adapters.Local.Analytics;
using Recommender.Adapters.Local.Archive;
using Recommender.Contracts;
using Recommender.Core.Analytics;
using Recommender.Core.Events;

namespace Recommender.AllInOne.Tests;

/// <summary>
/// The reports of analytics/ on a real data set: Last.fm HetRec 2K replayed as the producer's replay makes it (real
/// listeners, artists, names and tags as genres; each listener's artists in the order they first tagged them) over
/// January to March 2026, archived as Parquet, and every report checked against the same counts done in memory here.
/// The data set has no skips or play lengths, so those columns are checked to be zero.
/// </summary>
public sealed class ReportsOnLastFmTests(ReportsOnLastFmTests.LastFmLake lake) : IClassFixture<ReportsOnLastFmTests.LastFmLake>
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public sealed class LastFmLake : IAsyncLifetime, IDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "reports-on-lastfm", Guid.NewGuid().ToString("N"));
        public List<PlaybackEvent> Events { get; private set; } = [];
        public ListeningReports Reports { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            if (!Directory.Exists(Datasets.PathOf(LastFmListening.Name))) return; // the facts skip (or fail on CI) themselves
            // whole seconds, as a client's RFC 3339 times mostly are (a fractional gap of 30 minutes rounds differently in Trino and DuckDB)
            Events = LastFmListening.Load(Datasets.PathOf(LastFmListening.Name)).Timeline(TimeSpan.FromDays(90), maxPlaysPerPair: 2, Start)
                .Select(t => t.Event with { OccurredAt = new DateTimeOffset(t.Event.OccurredAt.UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero) })
                .ToList();
            // archived a second after the last event of each batch, so each lands in the dt= partition a live archive gives it
            var clock = new ManualClock(Start);
            var archive = new FileEventArchive(Path.Combine(_directory, "archive"), clock);
            foreach (var batch in Events.Chunk(5_000))
            {
                clock.Advance(batch[^1].OccurredAt.AddSeconds(1) - clock.GetUtcNow());
                await archive.WriteAsync(batch, CancellationToken.None);
            }
            Reports = new ListeningReports(new DuckDbAnalyticsEngine(archive));
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose()
        {
            if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        }
    }

    [DatasetFact(LastFmListening.Name)]
    public async Task everyones_reports_for_february_equal_the_counts_done_in_memory()
    {
        var range = new ReportParameters(new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28), null);

        var stats = await lake.Reports.StatsAsync(range, CancellationToken.None);

        lake.Events.Count.ShouldBeGreaterThan(150_000, "the replay of all 92,834 listener-artist pairs");
        ShouldMatch(stats, InMemory.Stats(lake.Events, range));
    }

    [DatasetFact(LastFmListening.Name)]
    public async Task the_busiest_listeners_reports_over_the_whole_replay_equal_the_counts_done_in_memory()
    {
        var busiest = lake.Events.GroupBy(e => e.UserId).MaxBy(g => g.Count())!.Key;
        var range = new ReportParameters(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31), busiest);

        var stats = await lake.Reports.StatsAsync(range, CancellationToken.None);

        stats.Daily.Sum(d => d.Plays).ShouldBe(lake.Events.Count(e => e.UserId == busiest));
        ShouldMatch(stats, InMemory.Stats(lake.Events.Where(e => e.UserId == busiest).ToList(), range));
    }

    private static void ShouldMatch(ListeningStats actual, ListeningStats expected)
    {
        expected.Daily.ShouldNotBeEmpty();
        expected.GenresByMonth.ShouldNotBeEmpty();
        expected.DiscoveryByMonth.ShouldAllBe(d => d.NewArtistPlays > 0 && d.NewArtistPlays < d.Plays, "first listens and repeats both occur");
        actual.Daily.ShouldBe(expected.Daily);
        actual.SkipRateByHour.ShouldBe(expected.SkipRateByHour);
        actual.SkipRateByWeekday.ShouldBe(expected.SkipRateByWeekday);
        actual.GenresByMonth.OrderBy(g => g.Month, StringComparer.Ordinal).ThenBy(g => g.Genre, StringComparer.Ordinal)
            .ShouldBe(expected.GenresByMonth);
        actual.DiscoveryByMonth.Select(d => (d.Month, d.Plays, d.NewArtistPlays)).ShouldBe(expected.DiscoveryByMonth.Select(d => (d.Month, d.Plays, d.NewArtistPlays)));
        actual.DiscoveryByMonth.Select(d => d.DiscoveryRate).ShouldBe(expected.DiscoveryByMonth.Select(d => d.DiscoveryRate), tolerance: 1e-9);
        actual.Sessions.Count.ShouldBe(expected.Sessions.Count);
        actual.Sessions.MeanMinutes!.Value.ShouldBe(expected.Sessions.MeanMinutes!.Value, 1e-6);
        actual.Sessions.MedianMinutes!.Value.ShouldBe(expected.Sessions.MedianMinutes!.Value, 1e-6);
        actual.Sessions.MeanTracks!.Value.ShouldBe(expected.Sessions.MeanTracks!.Value, 1e-9);
        actual.TopTracks.ShouldBe(expected.TopTracks);
        actual.TopArtists.ShouldBe(expected.TopArtists);
    }

    /// <summary>The reports' definitions (analytics/README.md) done with LINQ over the events, for the comparison.</summary>
    private static class InMemory
    {
        private static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

        private static string? Artist(PlaybackEvent e) =>
            e.Track?.Artists is [var first, ..] ? NonBlank(first.Name) ?? NonBlank(first.Id) : null;

        private static string? NonBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

        private static DateOnly Date(PlaybackEvent e) => DateOnly.FromDateTime(e.OccurredAt.UtcDateTime);

        private static string Month(PlaybackEvent e) => e.OccurredAt.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        public static ListeningStats Stats(IReadOnlyList<PlaybackEvent> all, ReportParameters range)
        {
            var plays = all.Where(e => e.EventType is EventTypes.Play or EventTypes.Skip or EventTypes.Complete)
                .OrderBy(e => e.UserId, StringComparer.Ordinal).ThenBy(e => e.OccurredAt).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
            var inRange = plays.Where(e => Date(e) >= range.From && Date(e) <= range.To).ToList();
            return new ListeningStats(range.UserId, $"{range.From:yyyy-MM-dd}", $"{range.To:yyyy-MM-dd}",
                inRange.GroupBy(Date).OrderBy(g => g.Key).Select(g => new DailyListening($"{g.Key:yyyy-MM-dd}", g.Count(),
                    g.Count(e => e.EventType == EventTypes.Complete), g.Count(e => e.EventType == EventTypes.Skip), g.Sum(e => e.MsPlayed ?? 0),
                    g.Select(e => e.TrackId).Distinct().Count(), g.Select(Artist).OfType<string>().Distinct().Count())).ToList(),
                Enumerable.Range(0, 24).Select(hour => inRange.Where(e => e.OccurredAt.UtcDateTime.Hour == hour).ToList())
                    .Select((h, hour) => new HourSkipRate(hour, h.Count, h.Count(e => e.EventType == EventTypes.Skip), h.Count > 0 ? (double)h.Count(e => e.EventType == EventTypes.Skip) / h.Count : null)).ToList(),
                Weekdays.Select((name, i) => (name, day: inRange.Where(e => ((int)e.OccurredAt.UtcDateTime.DayOfWeek + 6) % 7 == i).ToList()))
                    .Select(w => new WeekdaySkipRate(w.name, w.day.Count, w.day.Count(e => e.EventType == EventTypes.Skip), w.day.Count > 0 ? (double)w.day.Count(e => e.EventType == EventTypes.Skip) / w.day.Count : null)).ToList(),
                inRange.SelectMany(e => (e.Track?.Genres ?? []).Select(genre => (Month: Month(e), Genre: genre)))
                    .GroupBy(g => g).Select(g => new GenreMonth(g.Key.Month, g.Key.Genre, g.Count()))
                    .OrderBy(g => g.Month, StringComparer.Ordinal).ThenBy(g => g.Genre, StringComparer.Ordinal).ToList(),
                Discovery(plays, range),
                Sessions(inRange),
                inRange.GroupBy(e => e.TrackId).Select(g => new TopTrack(g.Key, g.Select(e => e.Track?.Name).Max(StringComparer.Ordinal), g.Select(Artist).Max(StringComparer.Ordinal), g.Count()))
                    .OrderByDescending(t => t.Plays).ThenBy(t => t.TrackId, StringComparer.Ordinal).Take(10).ToList(),
                inRange.Where(e => Artist(e) is not null).GroupBy(e => Artist(e)!).Select(g => new TopArtist(g.Key, g.Count(), g.Select(e => e.TrackId).Distinct().Count()))
                    .OrderByDescending(a => a.Plays).ThenBy(a => a.Artist, StringComparer.Ordinal).Take(10).ToList());
        }

        /// <summary>A play is a discovery when it is the listener's first of that artist over all their history, before the range too.</summary>
        private static List<DiscoveryMonth> Discovery(List<PlaybackEvent> plays, ReportParameters range)
        {
            var heard = new HashSet<(string, string)>();
            return plays.Select(e => (Play: e, New: Artist(e) is { } artist && heard.Add((e.UserId, artist))))
                .Where(p => Date(p.Play) >= range.From && Date(p.Play) <= range.To)
                .GroupBy(p => Month(p.Play)).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new DiscoveryMonth(g.Key, g.Count(), g.Count(p => p.New), (double)g.Count(p => p.New) / g.Count())).ToList();
        }

        /// <summary>A gap of 30 minutes or more between one play's start and the next starts a session; it lasts to its last play's end.</summary>
        private static SessionSummary Sessions(List<PlaybackEvent> inRange)
        {
            var sessions = new List<(double Minutes, int Plays)>();
            foreach (var listener in inRange.GroupBy(e => e.UserId))
            {
                var current = new List<PlaybackEvent>();
                foreach (var e in listener)
                {
                    if (current.Count > 0 && e.OccurredAt - current[^1].OccurredAt >= TimeSpan.FromMinutes(30)) Close();
                    current.Add(e);
                }
                Close();

                void Close()
                {
                    sessions.Add((((current[^1].OccurredAt - current[0].OccurredAt).TotalMilliseconds + (current[^1].MsPlayed ?? 0)) / 60_000.0, current.Count));
                    current.Clear();
                }
            }
            var sorted = sessions.Select(s => s.Minutes).Order().ToList();
            var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
            return new SessionSummary(sessions.Count, sessions.Average(s => s.Minutes), median, sessions.Average(s => s.Plays));
        }
    }
}
