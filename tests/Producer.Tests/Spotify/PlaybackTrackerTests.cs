using Producer.Spotify;
using Recommender.Core.Events;

namespace Producer.Tests.Spotify;

public class PlaybackTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 18, 0, 0, TimeSpan.Zero);
    private static SpotifyItem Track(string id, int seconds) => new() { Id = id, Name = $"Song {id}", Type = "track", DurationMs = seconds * 1000L };

    private static readonly SpotifyItem A = Track("A", 200), B = Track("B", 20), C = Track("C", 180), D = Track("D", 240), E = Track("E", 150);

    private sealed class Timeline
    {
        private readonly PlaybackTracker _tracker = new("user-1");
        public List<FinishedPlay> Events { get; } = [];

        public void At(int second, SpotifyItem? track, long progressMs = 0, bool playing = true) =>
            Events.AddRange(_tracker.Observe(T0.AddSeconds(second),
                track is null ? null : new PlaybackSnapshot(track, progressMs, playing, new PlaybackContext { Type = "playlist", Uri = "spotify:playlist:x" })));
    }

    [Fact]
    public void a_scripted_listening_timeline_yields_exactly_the_expected_events()
    {
        var t = new Timeline();
        t.At(0, A, 0);
        t.At(5, A, 5_000);
        t.At(10, B, 0);                                   // A skipped after 10 s
        for (var s = 15; s <= 25; s += 5) t.At(s, B, (s - 10) * 1_000L);
        t.At(30, null);                                   // B played to the end, then nothing
        for (var s = 35; s <= 55; s += 5) t.At(s, null);
        for (var s = 60; s <= 100; s += 5) t.At(s, C, (s - 60) * 1_000L);
        t.At(105, D, 0);                                  // C changed after 45 s
        t.At(110, D, 5_000);
        for (var s = 115; s <= 720; s += 5) t.At(s, D, 8_000, playing: false); // paused at 8 s, past the 10-minute timeout
        t.At(725, null);
        for (var k = 0; k <= 29; k++) t.At(3_125 + 5 * k, E, 5_000L * k); // 40 minutes idle, then E
        t.At(3_275, E, 2_000);                            // repeat: E again from the start
        t.At(3_280, E, 7_000);
        t.At(3_285, null);
        t.At(3_320, null);                                // out of sight past the gap tolerance: the repeat has ended

        t.Events.Select(e => (e.Track.Id, e.EventType, e.MsPlayed)).ShouldBe(
        [
            ("A", EventTypes.Skip, 10_000L),
            ("B", EventTypes.Complete, 20_000L),
            ("C", EventTypes.Complete, 45_000L),
            ("D", EventTypes.Skip, 8_000L),
            ("E", EventTypes.Complete, 148_000L),
            ("E", EventTypes.Skip, 12_000L),
        ]);
        var firstSession = $"user-1-{T0.ToUnixTimeMilliseconds()}";
        t.Events.Take(4).ShouldAllBe(e => e.SessionId == firstSession);
        t.Events.Skip(4).ShouldAllBe(e => e.SessionId == $"user-1-{T0.AddSeconds(3_125).ToUnixTimeMilliseconds()}");
        t.Events.Select(e => e.StartedAt).ShouldBe([T0, T0.AddSeconds(10), T0.AddSeconds(60), T0.AddSeconds(105), T0.AddSeconds(3_125), T0.AddSeconds(3_273)]);
        t.Events[0].Context!.Uri.ShouldBe("spotify:playlist:x");
    }

    [Fact]
    public void a_seek_forward_does_not_count_as_listening()
    {
        var t = new Timeline();
        t.At(0, C, 0);
        t.At(5, C, 5_000);
        t.At(10, C, 120_000);   // jumped ahead
        t.At(15, C, 125_000);
        t.At(20, A, 0);
        t.Events.ShouldHaveSingleItem().MsPlayed.ShouldBe(5_000 + 6_000 + 5_000 + 5_000);
        t.Events[0].EventType.ShouldBe(EventTypes.Skip);
    }

    [Fact]
    public void the_complete_threshold_is_configurable()
    {
        var tracker = new PlaybackTracker("u", new TrackerOptions { CompleteThreshold = TimeSpan.FromSeconds(60) });
        tracker.Observe(T0, new PlaybackSnapshot(C, 0, true, null));
        tracker.Observe(T0.AddSeconds(45), new PlaybackSnapshot(C, 45_000, true, null));
        tracker.Observe(T0.AddSeconds(45), new PlaybackSnapshot(A, 0, true, null)).ShouldHaveSingleItem().EventType.ShouldBe(EventTypes.Skip);
    }

    [Fact]
    public void episodes_ads_private_sessions_and_local_files_are_not_tracks()
    {
        var track = new SpotifyItem { Id = "t1", Type = "track", DurationMs = 1000 };
        SpotifyPoller.ToSnapshot(null).ShouldBeNull();
        SpotifyPoller.ToSnapshot(new CurrentlyPlaying { CurrentlyPlayingType = "episode", Item = new SpotifyItem { Id = "e", Type = "episode" } }).ShouldBeNull();
        SpotifyPoller.ToSnapshot(new CurrentlyPlaying { CurrentlyPlayingType = "ad", IsPlaying = true }).ShouldBeNull();
        SpotifyPoller.ToSnapshot(new CurrentlyPlaying { CurrentlyPlayingType = "track", Item = null }).ShouldBeNull();
        SpotifyPoller.ToSnapshot(new CurrentlyPlaying { CurrentlyPlayingType = "track", Item = track with { Id = null, IsLocal = true } }).ShouldBeNull();
        var snapshot = SpotifyPoller.ToSnapshot(new CurrentlyPlaying
        {
            CurrentlyPlayingType = "track", Item = track, ProgressMs = 300, IsPlaying = true, Context = new SpotifyContext("album", "spotify:album:1"),
        })!;
        (snapshot.Track.Id, snapshot.ProgressMs, snapshot.IsPlaying, snapshot.Context!.Type).ShouldBe(("t1", 300L, true, "album"));
    }
}
