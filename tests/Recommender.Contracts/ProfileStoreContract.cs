using Recommender.Core.Events;
using Recommender.Core.Profiles;

namespace Recommender.Contracts;

/// <summary>What every profile store (SQLite, DynamoDB) must do. Subclass with a fixture that makes a store.</summary>
public abstract class ProfileStoreContract
{
    /// <param name="clock">The store's clock (the system clock when null).</param>
    /// <param name="deduplicationWindow">How long applied ids are remembered (the store's default when null).</param>
    protected abstract Task<IProfileStore> CreateStoreAsync(TimeProvider? clock = null, TimeSpan? deduplicationWindow = null);

    [Fact]
    public async Task a_batch_builds_the_profile_counts()
    {
        var store = await CreateStoreAsync();
        var user = TestEvents.Unique("u");
        var events = new List<PlaybackEvent>
        {
            TestEvents.Listen(user, "t1", EventTypes.Complete, minute: 0, genre: "jazz", artist: "Miles", msPlayed: 200_000),
            TestEvents.Listen(user, "t2", EventTypes.Skip, minute: 61, genre: "jazz", artist: "Coltrane", msPlayed: 5_000),
            TestEvents.Listen(user, "t3", EventTypes.Complete, minute: 62, genre: "rock", artist: "Miles", msPlayed: 100_000),
        };

        (await store.ApplyAsync(events, CancellationToken.None)).ShouldBe(3);
        var profile = (await store.GetAsync(user, CancellationToken.None)).ShouldNotBeNull();

        profile.Plays.ShouldBe(3);
        profile.Completes.ShouldBe(2);
        profile.Skips.ShouldBe(1);
        profile.SkipRate.ShouldBe(1.0 / 3, tolerance: 1e-9);
        profile.ListeningMs.ShouldBe(305_000);
        profile.ArtistCounts["Miles"].ShouldBe(2);
        profile.GenreCounts["jazz"].ShouldBe(2);
        profile.TopGenres(1).Single().Key.ShouldBe("jazz");
        profile.RecentTracks.Select(r => r.TrackId).ShouldBe(["t3", "t2", "t1"]);
        profile.HourHistogram[12].ShouldBe(1);
        profile.HourHistogram[13].ShouldBe(2);
        profile.FirstSeen.ShouldBe(TestEvents.Start);
        profile.LastSeen.ShouldBe(TestEvents.Start.AddMinutes(62));
    }

    [Fact]
    public async Task a_redelivered_batch_changes_nothing()
    {
        var store = await CreateStoreAsync();
        var user = TestEvents.Unique("u");
        var events = Enumerable.Range(0, 10).Select(i => TestEvents.Listen(user, $"t{i}", minute: i)).ToList();
        await store.ApplyAsync(events, CancellationToken.None);
        var before = (await store.GetAsync(user, CancellationToken.None)).ShouldNotBeNull();

        (await store.ApplyAsync(events, CancellationToken.None)).ShouldBe(0);
        (await store.ApplyAsync(events.Take(3).ToList(), CancellationToken.None)).ShouldBe(0);
        var after = (await store.GetAsync(user, CancellationToken.None)).ShouldNotBeNull();

        after.Plays.ShouldBe(before.Plays);
        after.ListeningMs.ShouldBe(before.ListeningMs);
        after.RecentTracks.Count.ShouldBe(before.RecentTracks.Count);
        after.GenreCounts.ShouldBe(before.GenreCounts);
    }

    [Fact]
    public async Task a_batch_mixing_users_and_repeats_counts_each_event_once()
    {
        var store = await CreateStoreAsync();
        var (a, b) = (TestEvents.Unique("u"), TestEvents.Unique("u"));
        var first = TestEvents.Listen(a, "t1");
        var events = new List<PlaybackEvent> { first, TestEvents.Listen(b, "t1"), first, TestEvents.Listen(a, "t2", minute: 1) };

        (await store.ApplyAsync(events, CancellationToken.None)).ShouldBe(3);

        (await store.GetAsync(a, CancellationToken.None))!.Plays.ShouldBe(2);
        (await store.GetAsync(b, CancellationToken.None))!.Plays.ShouldBe(1);
    }

    [Fact]
    public async Task one_listeners_event_id_does_not_hide_another_listeners_event()
    {
        var store = await CreateStoreAsync();
        var (victim, attacker) = (TestEvents.Unique("victim"), TestEvents.Unique("attacker"));
        var sharedId = TestEvents.Unique("e");

        (await store.ApplyAsync([TestEvents.Listen(attacker, "t-a", eventId: sharedId)], CancellationToken.None)).ShouldBe(1);
        (await store.ApplyAsync([TestEvents.Listen(victim, "t-v", eventId: sharedId)], CancellationToken.None)).ShouldBe(1);
        (await store.ApplyAsync([TestEvents.Listen(victim, "t-v", eventId: sharedId)], CancellationToken.None)).ShouldBe(0);

        (await store.GetAsync(victim, CancellationToken.None))!.Plays.ShouldBe(1);
        (await store.GetAsync(attacker, CancellationToken.None))!.Plays.ShouldBe(1);
    }

    [Fact]
    public async Task an_event_id_is_remembered_for_the_window_and_forgotten_after_it()
    {
        var clock = new ManualClock(TestEvents.Start);
        var store = await CreateStoreAsync(clock, TimeSpan.FromDays(3));
        var user = TestEvents.Unique("u");
        var e = TestEvents.Listen(user, "t1");
        (await store.ApplyAsync([e], CancellationToken.None)).ShouldBe(1);

        clock.Advance(TimeSpan.FromDays(2));
        (await store.ApplyAsync([TestEvents.Listen(user, "t2"), e], CancellationToken.None)).ShouldBe(1, "within the window a copy is dropped");
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(5));
        (await store.ApplyAsync([TestEvents.Listen(user, "t3")], CancellationToken.None)).ShouldBe(1);
        (await store.ApplyAsync([e], CancellationToken.None)).ShouldBe(1, "past the window the id is forgotten");

        (await store.GetAsync(user, CancellationToken.None))!.Plays.ShouldBe(4);
    }

    [Fact]
    public async Task recent_tracks_keep_the_newest_fifty()
    {
        var store = await CreateStoreAsync();
        var user = TestEvents.Unique("u");
        await store.ApplyAsync(Enumerable.Range(0, 60).Select(i => TestEvents.Listen(user, $"t{i}", minute: i)).ToList(), CancellationToken.None);

        var profile = (await store.GetAsync(user, CancellationToken.None))!;

        profile.RecentTracks.Count.ShouldBe(UserProfile.RecentTrackLimit);
        profile.RecentTracks[0].TrackId.ShouldBe("t59");
        profile.RecentTracks[^1].TrackId.ShouldBe("t10");
        profile.Plays.ShouldBe(60);
    }

    [Fact]
    public async Task an_unknown_user_has_no_profile()
    {
        var store = await CreateStoreAsync();
        (await store.GetAsync(TestEvents.Unique("nobody"), CancellationToken.None)).ShouldBeNull();
    }
}
