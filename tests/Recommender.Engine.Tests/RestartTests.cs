using Recommender.Core.Events;
using Recommender.Core.Recommendations;
using Recommender.Engine.Hosting;
using Recommender.Engine.Serving;

namespace Recommender.Engine.Tests;

/// <summary>The engine's memory survives a restart: journal + snapshot, replayed through the tracking code. (The host-level proof that
/// kills a real process is in the all-in-one tests.)</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-restart-").FullName;
    private static readonly string[] Listeners = ["u0-1", "u1-4", "u3-7", "newcomer"];

    private EngineOptions Options() => new() { DataDirectory = _dir, TuningBudget = TimeSpan.FromSeconds(1) };

    private static async Task<List<string>> ListsAsync(EmbeddedRecommender engine)
    {
        var lists = new List<string>();
        foreach (var user in Listeners)
        {
            var list = await engine.RecommendAsync(new RecommendationQuery { UserId = user, NumResults = 10, Explain = true }, default);
            lists.Add($"{user}: " + string.Join(", ", list.Items.Select(i => $"{i.TrackId} {i.Score:R} {i.Reason}")));
        }
        return lists;
    }

    [Fact]
    public async Task an_engine_reopened_on_its_data_folder_is_exactly_what_it_was_before_it_stopped_without_warning()
    {
        List<string> before;
        long tracked;
        var later = new List<PlaybackEvent>
        {
            Events.Listen("newcomer", 2, 1), Events.Listen("newcomer", 2, 4), Events.Listen("newcomer", 2, 9, EventTypes.Skip),
            Events.Listen("u0-1", 3, 5), Events.Listen("u0-1", 3, 6),
        };
        using (var first = EmbeddedRecommender.OpenDurable(Options()))
        {
            await first.TrackAsync(Events.Crowd(genres: 4, usersPerGenre: 12, tracksPerGenre: 30, eventsPerUser: 25), default);
            // names and sound too: the snapshot keeps the catalog's and the listeners' audio taste
            await first.TrackAsync(Enumerable.Range(0, 4).Select(t => Sounding(Events.Listen("u1-4", 1, 20 + t), 0.2 * t)).ToList(), default);
            var store = new ModelStore(first, Options());
            var (data, items) = first.TrainingSnapshot();
            (await new ModelPromotion(first, store, Options()).OfferAsync(data, items, new GateRule(), null, default)).Kept.ShouldBeTrue();
            // after the model's snapshot: these live only in the journal
            await first.TrackAsync(later, default);
            before = await ListsAsync(first);
            tracked = first.EventsTracked;
            // no SaveStateAsync, no graceful stop: as if the process were killed
        }

        using var reopened = EmbeddedRecommender.OpenDurable(Options());
        new ModelStore(reopened, Options()).LoadLatest().ShouldBeTrue();

        reopened.EventsTracked.ShouldBe(tracked);
        (await ListsAsync(reopened)).ShouldBe(before);
    }

    [Fact]
    public async Task events_redelivered_after_a_restart_count_once()
    {
        var batch = Events.Crowd(genres: 2, usersPerGenre: 3, tracksPerGenre: 10, eventsPerUser: 6);
        List<string> before;
        using (var first = EmbeddedRecommender.OpenDurable(Options()))
        {
            await first.TrackAsync(batch, default);
            before = await ListsAsync(first);
        }

        using var reopened = EmbeddedRecommender.OpenDurable(Options());
        // the hot path's checkpoint had not moved past this batch: the stream delivers it again
        await reopened.TrackAsync(batch, default);

        reopened.EventsTracked.ShouldBe(batch.Count);
        (await ListsAsync(reopened)).ShouldBe(before);
    }

    [Fact]
    public async Task a_snapshot_replaces_the_journal_it_covers_and_still_recognises_redeliveries()
    {
        var batch = Events.Crowd(genres: 2, usersPerGenre: 3, tracksPerGenre: 10, eventsPerUser: 6);
        List<string> before;
        using (var first = EmbeddedRecommender.OpenDurable(Options()))
        {
            await first.TrackAsync(batch, default);
            (await first.SaveStateAsync(default)).ShouldBeTrue();
            await first.TrackAsync([Events.Listen("newcomer", 1, 3)], default);
            before = await ListsAsync(first);
        }

        using var reopened = EmbeddedRecommender.OpenDurable(Options());
        await reopened.TrackAsync(batch, default);

        reopened.EventsTracked.ShouldBe(batch.Count + 1);
        (await ListsAsync(reopened)).ShouldBe(before);
        File.Exists(Path.Combine(_dir, "engine", "state.bin")).ShouldBeTrue();
    }

    [Fact]
    public async Task the_same_event_id_from_two_listeners_counts_for_each()
    {
        using var engine = EmbeddedRecommender.OpenDurable(Options());

        await engine.TrackAsync([Events.Listen("a", 1, 1) with { EventId = "client-1" }, Events.Listen("b", 1, 2) with { EventId = "client-1" }], default);
        await engine.TrackAsync([Events.Listen("a", 1, 1) with { EventId = "client-1" }], default);

        engine.EventsTracked.ShouldBe(2);
        engine.Size.Users.ShouldBe(2);
    }

    private static PlaybackEvent Sounding(PlaybackEvent e, double energy) => e with
    {
        Track = e.Track! with { Name = $"song {e.TrackId}", AudioFeatures = new Dictionary<string, double> { ["energy"] = energy, ["tempo"] = 120 } },
    };

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
