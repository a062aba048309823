using Producer.Spotify;
using Spotify.Fakes;
using Recommender.Core.Events;

namespace Producer.Tests.Spotify;

/// <summary>
/// Issue 17's numbered cases, each driven through the poller and its tracker against the fake Spotify on the test
/// clock (cases 7 and 8, the printed login URL and linking by account_id, are in Commands/).
/// </summary>
public class TodaysSpotifyTests
{
    private static readonly TrackerOptions Options = new();

    [Fact]
    public async Task case1_genres_are_optional_when_a_development_mode_app_is_refused_the_artist_lookup()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        bed.LoggedIn();
        bed.Fake.ArtistGenres["a1"] = ["dream pop"]; // a2 comes without the (deprecated) genres field
        var (outbox, log, poller) = bed.Poller();
        using (outbox)
        using (log)
        {
            var script = new ListeningScript(bed)
                .On(0, () => bed.Fake.Player.Play("spotify:playlist:p1", FakeSpotify.TrackJson("t1", "One", 40_000, "a1"), FakeSpotify.TrackJson("t2", "Two", 40_000, "a2")))
                .On(80, () => bed.Fake.Player.Stop());
            await script.RunAsync(0, 120, poller);

            var events = SpotifyTestBed.Waiting(outbox);
            events.Select(e => (e.TrackId, e.EventType)).ShouldBe([("t1", EventTypes.Complete), ("t2", EventTypes.Complete)]);
            events[0].Track!.Genres.ShouldBe(["dream pop"]); // from GET /v1/artists/{id}, still open to the app
            events[1].Track!.Genres.ShouldBeNull();
            bed.Fake.Requests.Count(r => r.StartsWith("/v1/artists?")).ShouldBe(1); // refused once, not asked again
            bed.Reports.Count(r => r.Contains("GET /v1/artists?ids=")).ShouldBe(1);
            bed.Reports.Count(r => r.Contains("without genres")).ShouldBe(1);

            // When the single-artist endpoint is refused too, the poller goes on without genres.
            bed.Fake.ClosedToThisApp.Add("/artists/{id}");
            script.On(130, () => bed.Fake.Player.Play("spotify:playlist:p1", FakeSpotify.TrackJson("t3", "Three", 40_000, "a3")));
            await script.RunAsync(130, 220, poller);
            var last = SpotifyTestBed.Waiting(outbox).Last();
            (last.TrackId, last.Track!.Genres).ShouldBe(("t3", null));
            bed.Reports.Count(r => r.Contains("no artist genres")).ShouldBe(1);
            bed.Fake.ShapeViolations.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task case2_a_brief_204_and_a_device_hand_off_inside_a_listen_stay_one_listen()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        bed.LoggedIn();
        var (outbox, log, poller) = bed.Poller();
        using (outbox)
        using (log)
        {
            var player = bed.Fake.Player;
            await new ListeningScript(bed)
                .On(0, () => player.Play("spotify:album:a", FakeSpotify.TrackJson("t1", "Long One", 200_000, "a1"), FakeSpotify.TrackJson("t2", "Next", 60_000, "a1")))
                .On(42, () => player.NoContentFor(TimeSpan.FromSeconds(6)))
                .On(91, () => player.HandOffToAnotherDevice(TimeSpan.FromSeconds(6)))
                .On(230, () => player.Stop())
                .RunAsync(0, 280, poller);

            var events = SpotifyTestBed.Waiting(outbox);
            events.Select(e => e.TrackId).ShouldBe(["t1", "t2"]);
            var truth = player.Listens[0];
            (truth.TrackId, truth.MsPlayed).ShouldBe(("t1", 200_000L));
            events[0].EventType.ShouldBe(EventTypes.Complete);
            events[0].MsPlayed.ShouldBe(truth.MsPlayed);
            events[0].EventId.ShouldBe(SpotifyEvents.EventId(bed.Fake.UserId, "t1", truth.EndedAt));
        }
    }

    [Fact]
    public async Task case3_a_track_never_seen_playing_gives_no_event()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        bed.LoggedIn();
        var (outbox, log, poller) = bed.Poller();
        using (outbox)
        using (log)
        {
            var player = bed.Fake.Player;
            var first = FakeSpotify.TrackJson("t1", "Opener", 40_000, "a1");
            await new ListeningScript(bed)
                // The desktop app starts with yesterday's track loaded, paused at 1:23; the person never plays it.
                .On(0, () => player.RestorePaused("spotify:album:old", FakeSpotify.TrackJson("y1", "Yesterday", 200_000, "a9"), 83_000))
                // Later an album plays through; at its end the app shows its first track paused at 0:00, then goes idle.
                .On(60, () => player.Play("spotify:album:new", first, FakeSpotify.TrackJson("t2", "Closer", 35_000, "a1")))
                .On(200, () => player.Stop())
                .RunAsync(0, 260, poller);

            SpotifyTestBed.Waiting(outbox).Select(e => (e.TrackId, e.EventType, e.MsPlayed))
                .ShouldBe([("t1", EventTypes.Complete, (long?)40_000), ("t2", EventTypes.Complete, 35_000)]);
            player.Listens.Select(l => l.TrackId).ShouldBe(["t1", "t2"]);
        }
    }

    [Fact]
    public async Task case4_backfill_matches_plays_by_their_end_skips_open_ones_and_agrees_on_the_id()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        bed.LoggedIn();
        var (outbox, log, poller) = bed.Poller();
        using (outbox)
        using (log)
        {
            var player = bed.Fake.Player;
            var paused = FakeSpotify.TrackJson("t1", "Paused Often", 200_000, "a1");
            var looped = FakeSpotify.TrackJson("t2", "On Repeat", 40_000, "a1");
            var script = new ListeningScript(bed)
                // Three minutes of pauses inside one play: Spotify dates it from its end, 380 s after it began.
                .On(0, () => player.Play("spotify:playlist:p", paused, looped))
                .On(60, () => player.Pause())
                .On(240, () => player.Resume())
                .On(381, () => player.RepeatTrack(true));
            await script.RunAsync(0, 415, poller);
            // t2 started at 380 and repeated at 420: Spotify already lists its first play; the next poll has not seen the repeat.
            await script.RunAsync(422, 422, poller: null);
            (await poller.BackfillAsync(CancellationToken.None)).ShouldBeEmpty();
            script.On(430, () => player.Stop());
            await script.RunAsync(425, 480, poller);
            (await poller.BackfillAsync(CancellationToken.None)).ShouldBeEmpty();

            var events = SpotifyTestBed.Waiting(outbox);
            events.Select(e => (e.TrackId, e.EventType)).ShouldBe([("t1", EventTypes.Complete), ("t2", EventTypes.Complete), ("t2", EventTypes.Skip)]);
            events.Select(e => e.EventId).Distinct().Count().ShouldBe(3);
            // The polled id is the one a backfill of the same play derives from Spotify's played_at (the play's end).
            var history = bed.Fake.Default.History.OrderBy(FakeSpotifyAccount.PlayedAt).ToList();
            history.Select(h => h["track"]!["id"]!.GetValue<string>()).ShouldBe(["t1", "t2"]);
            events[0].EventId.ShouldBe(SpotifyEvents.EventId(bed.Fake.UserId, "t1", FakeSpotifyAccount.PlayedAt(history[0])));
            events[1].EventId.ShouldBe(SpotifyEvents.EventId(bed.Fake.UserId, "t2", FakeSpotifyAccount.PlayedAt(history[1])));
        }
    }

    [Fact]
    public async Task case5_a_retry_after_wait_neither_shifts_a_play_nor_is_cut_short()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        bed.LoggedIn();
        var (outbox, log, poller) = bed.Poller();
        using (outbox)
        using (log)
        {
            var player = bed.Fake.Player;
            await new ListeningScript(bed)
                .On(0, () => player.Play("spotify:playlist:p", FakeSpotify.TrackJson("t1", "Forty", 40_000, "a1"), FakeSpotify.TrackJson("t2", "Next", 100_000, "a1")))
                .On(10, () =>
                {
                    bed.Fake.RetryAfterSeconds = 25; // the poll at 10 s is answered at 35 s
                    bed.Fake.ApiFaults.Enqueue(429);
                })
                .On(60, () =>
                {
                    bed.Fake.RetryAfterSeconds = 400; // longer than the 5 minutes the producer used to cap it at
                    bed.Fake.ApiFaults.Enqueue(429);
                })
                .On(480, () => player.Stop())
                .RunAsync(0, 540, poller);

            bed.Delays.ShouldBe([TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(400)]);
            var events = SpotifyTestBed.Waiting(outbox);
            events.Select(e => (e.TrackId, e.EventType, e.MsPlayed)).ShouldBe([("t1", EventTypes.Complete, (long?)40_000), ("t2", EventTypes.Complete, 100_000)]);
        }
    }

    [Fact]
    public async Task case6_a_token_endpoint_that_does_not_answer_is_spotify_unavailable_not_a_stop()
    {
        await using var bed = await SpotifyTestBed.StartAsync(httpTimeout: TimeSpan.FromSeconds(1));
        bed.LoggedIn(expiresIn: TimeSpan.FromSeconds(30)); // the next call refreshes first
        var (outbox, log, poller) = bed.Poller();
        using (outbox)
        using (log)
        {
            bed.Fake.TokenEndpointStall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (await poller.PollAsync(CancellationToken.None)).ShouldBeEmpty();
            poller.ConsecutiveFailures.ShouldBe(1);
            bed.Reports.ShouldContain(r => r.Contains("did not answer"));

            bed.Fake.TokenEndpointStall.SetResult();
            bed.Fake.Player.Play("spotify:playlist:p", FakeSpotify.TrackJson("t1", "One", 40_000, "a1"));
            await poller.PollAsync(CancellationToken.None);
            poller.ConsecutiveFailures.ShouldBe(0);
            bed.Fake.RefreshCount.ShouldBeGreaterThanOrEqualTo(1);
            (await bed.Store.LoadAsync(CancellationToken.None))!.ExpiresAt.ShouldBeGreaterThan(bed.Time.GetUtcNow().AddMinutes(50));
        }
    }
}
