using Producer.Spotify;
using Spotify.Fakes;
using Recommender.Core.Events;

namespace Producer.Tests.Spotify;

public class RealisticSessionTests
{
    /// <summary>Polls are 5 s apart, so a polled listen's time can be off by a few seconds where the person seeked.</summary>
    private const long PolledMsTolerance = 5_000;

    [Fact]
    public async Task a_replayed_evening_yields_exactly_the_listens_a_person_would_count_each_once()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        bed.LoggedIn();
        var player = bed.Fake.Player;
        JsonTrack A = new("A", 180), B = new("B", 200), C = new("C", 45), D = new("D", 240), E = new("E", 150), F = new("F", 210), G = new("G", 100), H = new("H", 120);
        var script = new ListeningScript(bed)
            .On(0, () => player.Play("spotify:playlist:evening", A.Json, B.Json, C.Json, D.Json, E.Json, F.Json))
            .On(60, player.Pause)                                                  // A: a one-minute pause
            .On(120, player.Resume)
            .On(262, () => player.NoContentFor(TimeSpan.FromSeconds(4)))           // B: Spotify answers 204 for a moment
            .On(272, () => player.Seek(150_000))                                   // B: a seek forward
            .On(333, player.Next)                                                  // C: skipped after 11 s
            .On(401, () => player.HandOffToAnotherDevice(TimeSpan.FromSeconds(6))) // D: moved to the phone
            .On(420, () => player.AdAfterThisTrack(TimeSpan.FromSeconds(30)))      // an ad between D and E
            .On(615, () => player.RepeatTrack(true))                               // E twice
            .On(776, () => player.RepeatTrack(false))
            .On(776, player.Next)                                                  // the second E skipped after 17 s
            .On(1000, () => player.Play("spotify:album:late", G.Json, H.Json))     // while the producer is off
            .On(1300, player.Stop);

        var (outbox, log, poller) = bed.Poller();
        using (log)
        using (outbox)
        {
            (await poller.BackfillAsync(CancellationToken.None)).ShouldBeEmpty();
            await script.RunAsync(0, 595, poller);
            // The 15-minute backfill comes while D has ended but sits in the ad's gap, still open in the tracker.
            await script.RunAsync(600, 600, poller);
            (await poller.BackfillAsync(CancellationToken.None)).ShouldBeEmpty();
            await script.RunAsync(605, 800, poller);
        }
        // The producer stops with F playing; F ends, G and H play; it starts again during H.
        await script.RunAsync(805, 1145, poller: null);
        var (outbox2, log2, poller2) = bed.Poller();
        using (log2)
        using (outbox2)
        {
            (await poller2.BackfillAsync(CancellationToken.None)).Select(e => e.TrackId).ShouldBe(["F", "G"]);
            await script.RunAsync(1150, 1340, poller2);
            (await poller2.BackfillAsync(CancellationToken.None)).ShouldBeEmpty();

            var events = SpotifyTestBed.Waiting(outbox2);
            var truth = player.Listens;
            truth.Select(l => l.TrackId).ShouldBe(["A", "B", "C", "D", "E", "E", "F", "G", "H"]);
            events.Select(e => e.TrackId).ShouldBe(truth.Select(l => l.TrackId));
            events.Select(e => e.EventId).Distinct().Count().ShouldBe(events.Count);
            var backfilled = new[] { "F", "G" };
            foreach (var (e, listen) in events.Zip(truth))
            {
                e.EventType.ShouldBe(listen.Complete(TimeSpan.FromSeconds(30)) ? EventTypes.Complete : EventTypes.Skip, $"{listen}");
                if (backfilled.Contains(listen.TrackId))
                {
                    e.MsPlayed.ShouldBeNull(); // recently-played does not say how long
                    e.EventId.ShouldBe(SpotifyEvents.EventId(bed.Fake.UserId, listen.TrackId, listen.EndedAt));
                }
                else e.MsPlayed!.Value.ShouldBeInRange(listen.MsPlayed - PolledMsTolerance, listen.MsPlayed + PolledMsTolerance, $"{listen}");
            }
            events.Where(e => e.TrackId == "E").Select(e => e.EventType).ShouldBe([EventTypes.Complete, EventTypes.Skip]);
            var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(events, EventJsonContext.Default.ListPlaybackEvent);
            EventBatchParser.Parse(body, bed.Time.GetUtcNow()).Errors.ShouldBeEmpty();
            bed.Fake.ShapeViolations.ShouldBeEmpty();
        }
    }

    private sealed record JsonTrack(string Id, int Seconds)
    {
        public System.Text.Json.Nodes.JsonObject Json { get; } = FakeSpotify.TrackJson(Id, $"Song {Id}", Seconds * 1000, $"artist-{Id}");
    }
}
