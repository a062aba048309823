using System.Text.Json;
using Producer.Simulation;
using Recommender.Core.Events;

namespace Producer.Tests.Simulation;

public class SyntheticListeningTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly SyntheticCatalog Catalog = SyntheticCatalog.Generate(3_000, seed: 7);
    private static readonly SyntheticListeners Listeners = SyntheticListeners.Generate(Catalog, 200, seed: 8);

    private static List<PlaybackEvent> Simulate(int count, int seed = 9) =>
        new ListeningSimulator(Listeners, new SimulationOptions { Seed = seed, Now = Now }).Generate(count).ToList();

    [Fact]
    public void the_catalog_has_full_metadata_for_every_track()
    {
        Catalog.Tracks.Count.ShouldBe(3_000);
        Catalog.Genres.Count.ShouldBeGreaterThanOrEqualTo(20);
        Catalog.Tracks.Select(t => t.Id).Distinct().Count().ShouldBe(3_000);
        foreach (var t in Catalog.Tracks)
        {
            t.Metadata.Name.ShouldNotBeNullOrWhiteSpace();
            t.Metadata.Album.ShouldNotBeNullOrWhiteSpace();
            t.Metadata.Artists!.ShouldAllBe(a => a.Id != null && a.Name != null);
            t.Metadata.Genres!.ShouldNotBeEmpty();
            t.Metadata.ReleaseYear!.Value.ShouldBeInRange(1950, 2025);
            t.Metadata.AudioFeatures!.Keys.ShouldBe(["danceability", "energy", "valence", "tempo"], ignoreOrder: true);
        }
        for (var g = 0; g < Catalog.Genres.Count; g++) Catalog.TracksOfGenre(g).Length.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void the_same_seed_gives_the_same_catalog_and_the_same_events()
    {
        var again = SyntheticCatalog.Generate(3_000, seed: 7);
        again.Tracks.Select(t => (t.Id, t.Metadata.Name, t.Metadata.Album, t.DurationMs))
            .ShouldBe(Catalog.Tracks.Select(t => (t.Id, t.Metadata.Name, t.Metadata.Album, t.DurationMs)));

        var first = Simulate(5_000);
        var second = Simulate(5_000);
        second.Select(Key).ShouldBe(first.Select(Key));
        Simulate(5_000, seed: 10).Select(Key).ShouldNotBe(first.Select(Key));

        static string Key(PlaybackEvent e) => $"{e.EventId}|{e.UserId}|{e.TrackId}|{e.EventType}|{e.OccurredAt:O}|{e.MsPlayed}";
    }

    [Fact]
    public void listeners_have_distinct_tastes_and_their_top_genre_dominates_their_listening()
    {
        Listeners.All.Select(l => l.TopGenre).Distinct().Count().ShouldBeGreaterThanOrEqualTo(15);

        var events = Simulate(60_000);
        var genreOfTrack = Catalog.Tracks.ToDictionary(t => t.Id, t => t.PrimaryGenre);
        var checkedListeners = 0;
        foreach (var group in events.GroupBy(e => e.UserId).Where(g => g.Count() >= 150))
        {
            var listener = Listeners.All.Single(l => l.UserId == group.Key);
            var counts = group.GroupBy(e => genreOfTrack[e.TrackId]).ToDictionary(g => g.Key, g => g.Count());
            var top = counts.MaxBy(kv => kv.Value);
            top.Key.ShouldBe(listener.TopGenre, $"{listener.UserId} likes {Catalog.Genres[listener.TopGenre]} most; genres {string.Join(",", listener.FavouriteGenres)} weights {string.Join(",", listener.GenreWeights)} artists {string.Join(",", listener.FavouriteArtists.Select(a => Catalog.Artists[a].PrimaryGenre))} counts {string.Join(",", counts.Select(kv => $"{kv.Key}:{kv.Value}"))} sessions {group.Select(e => e.SessionId).Distinct().Count()}");
            ((double)top.Value / group.Count()).ShouldBeGreaterThan(0.35);
            checkedListeners++;
        }
        checkedListeners.ShouldBeGreaterThan(40);
    }

    [Fact]
    public void tracks_far_from_taste_are_skipped_more_often()
    {
        var events = Simulate(40_000);
        var listeners = Listeners.All.ToDictionary(l => l.UserId);
        var tracks = Catalog.Tracks.ToDictionary(t => t.Id);
        var scored = events.Select(e => (Affinity: listeners[e.UserId].Affinity(Catalog, tracks[e.TrackId]), Skipped: e.EventType == EventTypes.Skip)).ToList();

        var onTaste = scored.Where(s => s.Affinity >= 0.7).ToList();
        var offTaste = scored.Where(s => s.Affinity < 0.3).ToList();
        onTaste.Count.ShouldBeGreaterThan(1_000);
        offTaste.Count.ShouldBeGreaterThan(500);
        var onRate = onTaste.Count(s => s.Skipped) / (double)onTaste.Count;
        var offRate = offTaste.Count(s => s.Skipped) / (double)offTaste.Count;
        offRate.ShouldBeGreaterThan(onRate * 2, $"off-taste skip rate {offRate:P0}, on-taste {onRate:P0}");
    }

    [Fact]
    public void skips_play_a_few_seconds_and_completes_play_to_about_the_end()
    {
        var events = Simulate(10_000);
        events.ShouldContain(e => e.EventType == EventTypes.Skip);
        events.ShouldContain(e => e.EventType == EventTypes.Complete);
        foreach (var e in events)
        {
            if (e.EventType == EventTypes.Skip) e.MsPlayed!.Value.ShouldBeLessThan(30_000);
            else
            {
                e.EventType.ShouldBe(EventTypes.Complete);
                (e.TrackDurationMs!.Value - e.MsPlayed!.Value).ShouldBeInRange(0, 2_500);
            }
        }
    }

    [Fact]
    public void events_spread_over_the_past_days_in_sessions_and_never_lie_in_the_future()
    {
        var events = Simulate(20_000);
        events.ShouldAllBe(e => e.OccurredAt <= Now);
        events.ShouldAllBe(e => e.OccurredAt >= Now - TimeSpan.FromDays(7));
        (events.Max(e => e.OccurredAt) - events.Min(e => e.OccurredAt)).ShouldBeGreaterThan(TimeSpan.FromDays(5));
        events.Select(e => e.EventId).Distinct().Count().ShouldBe(events.Count);

        foreach (var user in events.GroupBy(e => e.UserId))
        {
            var ordered = user.OrderBy(e => e.OccurredAt).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var gap = ordered[i].OccurredAt - ordered[i - 1].OccurredAt;
                // Same session: back to back; a new session: after more than 30 minutes idle.
                if (ordered[i].SessionId == ordered[i - 1].SessionId) gap.ShouldBeLessThan(TimeSpan.FromMinutes(10));
                else if (ordered[i].OccurredAt < Now) gap.ShouldBeGreaterThan(TimeSpan.FromMinutes(30));
            }
        }
    }

    [Fact]
    public void every_generated_event_passes_the_contract_parser()
    {
        var events = Simulate(10_000);
        foreach (var batch in events.Chunk(EventContract.MaxEventsPerRequest))
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(batch.ToList(), EventJsonContext.Default.ListPlaybackEvent);
            var result = EventBatchParser.Parse(body, Now);
            result.Errors.ShouldBeEmpty();
            result.Events.Count.ShouldBe(batch.Length);
            result.Events[0].ShouldBe(batch[0] with { Track = result.Events[0].Track, Context = result.Events[0].Context });
            result.Events[^1].Track!.Genres.ShouldBe(batch[^1].Track!.Genres);
        }
    }
}
