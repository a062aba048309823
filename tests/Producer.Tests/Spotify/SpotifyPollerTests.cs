using System.Text.Json.Nodes;
using Producer.Outbox;
using Producer.Spotify;
using Spotify.Fakes;
using Recommender.Core.Events;

namespace Producer.Tests.Spotify;

public class SpotifyPollerTests
{
    private static List<PlaybackEvent> Waiting(EventOutbox outbox) => SpotifyTestBed.Waiting(outbox);

    [Fact]
    public async Task polling_and_backfill_queue_each_play_once_with_artist_genres_and_a_persisted_cursor()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        var T0 = bed.Time.GetUtcNow();
        bed.LoggedIn();
        bed.Fake.DevelopmentMode = false; // an Extended Quota app still has GET /v1/artists?ids=
        bed.Fake.ArtistGenres["a1"] = ["indie rock", "shoegaze"];
        bed.Fake.ArtistGenres["a2"] = ["synthpop"];
        var one = FakeSpotify.TrackJson("t1", "One", 200_000, "a1");
        var two = FakeSpotify.TrackJson("t2", "Two", 60_000, "a1", "a2");
        var three = FakeSpotify.TrackJson("t3", "Three", 240_000, "a2");
        var (outbox, log, poller) = bed.Poller();
        using (outbox)
        using (log)
        {
            async Task Poll(int second, Func<JsonObject?> answer)
            {
                bed.Fake.CurrentlyPlaying.Enqueue(answer);
                bed.MoveTo(T0.AddSeconds(second));
                await poller.PollAsync(CancellationToken.None);
            }
            await Poll(0, () => FakeSpotify.Playing(one, 0));
            await Poll(5, () => FakeSpotify.Playing(one, 5_000));
            await Poll(10, () => FakeSpotify.Playing(two, 0));
            await Poll(50, () => FakeSpotify.Playing(two, 40_000));
            await Poll(55, () => FakeSpotify.Episode(1_000));
            await Poll(90, () => null); // still nothing after the gap tolerance: two has ended

            // Spotify's history: t2 (which polling saw) and t3 from before the producer ran.
            bed.Fake.Default.AddPlay(two, T0.AddSeconds(58));
            bed.Fake.Default.AddPlay(three, T0.AddHours(-2), new JsonObject { ["type"] = "album", ["uri"] = "spotify:album:x" });
            (await poller.BackfillAsync(CancellationToken.None)).ShouldHaveSingleItem().TrackId.ShouldBe("t3");
            (await poller.BackfillAsync(CancellationToken.None)).ShouldBeEmpty();

            var events = Waiting(outbox);
            events.Select(e => (e.TrackId, e.EventType, e.MsPlayed)).ShouldBe(
            [
                ("t1", EventTypes.Skip, 10_000L),
                ("t2", EventTypes.Complete, 45_000L),
                ("t3", EventTypes.Complete, (long?)null),
            ]);
            events[0].Track!.Genres.ShouldBe(["indie rock", "shoegaze"]);
            events[1].Track!.Genres.ShouldBe(["indie rock", "shoegaze", "synthpop"]);
            events[1].Track!.Artists!.Select(a => a.Id).ShouldBe(["a1", "a2"]);
            events[1].Track!.ReleaseYear.ShouldBe(2019);
            events[0].Context!.Uri.ShouldBe("spotify:playlist:37i9dQZF1DXcBWIGoYBM5M");
            events[2].Context!.Type.ShouldBe("album");
            events.ShouldAllBe(e => e.UserId == bed.Fake.UserId);
            events[0].EventId.ShouldBe(SpotifyEvents.EventId(bed.Fake.UserId, "t1", T0.AddSeconds(10))); // from the end of the play
            events[2].EventId.ShouldBe(SpotifyEvents.EventId(bed.Fake.UserId, "t3", T0.AddHours(-2)));

            outbox.GetState(SpotifyState.RecentlyPlayedCursorKey).ShouldBe(T0.AddSeconds(58).ToUnixTimeMilliseconds().ToString());
            bed.Fake.Requests.Last().ShouldContain($"after={T0.AddSeconds(58).ToUnixTimeMilliseconds()}");
            bed.Fake.Requests.Count(r => r.StartsWith("/v1/artists")).ShouldBe(2); // a1+a2 once each, then cached
            bed.Fake.ShapeViolations.ShouldBeEmpty();

            var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(events, EventJsonContext.Default.ListPlaybackEvent);
            EventBatchParser.Parse(body, DateTimeOffset.UtcNow).Errors.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task spotify_being_unreachable_keeps_the_current_play()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        var T0 = bed.Time.GetUtcNow();
        bed.LoggedIn();
        var one = FakeSpotify.TrackJson("t1", "One", 200_000, "a1");
        var (outbox, log, poller) = bed.Poller();
        using (outbox)
        using (log)
        {
            async Task PollAt(int second)
            {
                bed.MoveTo(T0.AddSeconds(second));
                await poller.PollAsync(CancellationToken.None);
            }
            bed.Fake.CurrentlyPlaying.Enqueue(() => FakeSpotify.Playing(one, 0));
            await PollAt(0);
            for (var i = 0; i < 4; i++) bed.Fake.ApiFaults.Enqueue(503);
            await PollAt(5);
            poller.ConsecutiveFailures.ShouldBe(1);
            bed.Fake.CurrentlyPlaying.Enqueue(() => FakeSpotify.Playing(one, 40_000));
            await PollAt(40);
            await PollAt(45); // 204: stopped
            await PollAt(80); // still nothing after the gap tolerance

            var e = Waiting(outbox).ShouldHaveSingleItem();
            (e.TrackId, e.EventType, e.MsPlayed).ShouldBe(("t1", EventTypes.Complete, 45_000L));
        }
    }

    [Fact]
    public async Task artist_genres_are_fetched_in_batches_of_fifty()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        bed.LoggedIn();
        bed.Fake.DevelopmentMode = false;
        var tracks = Enumerable.Range(0, 12).Select(t => new SpotifyItem
        {
            Id = $"t{t}",
            Artists = Enumerable.Range(0, 10).Select(a => new SpotifyArtistRef($"ar{t * 10 + a}", null)).ToList(),
        }).ToList();
        foreach (var id in tracks.SelectMany(t => t.Artists!).Select(a => a.Id!)) bed.Fake.ArtistGenres[id] = [$"genre-of-{id}"];
        var genres = new ArtistGenres(bed.Api);

        await genres.FetchAsync(tracks, CancellationToken.None);

        genres.CachedArtists.ShouldBe(120);
        bed.Fake.MaxArtistIdsSeen.ShouldBe(50);
        bed.Fake.Requests.Count(r => r.StartsWith("/v1/artists")).ShouldBe(3);
        genres.Lookup(tracks[11]).ShouldContain("genre-of-ar119");
    }
}
