using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Producer.Spotify;
using Recommender.Contracts;
using Recommender.Core.Events;
using Spotify.Fakes;
using SpotifyProducer.Polling;

namespace SpotifyProducer.Tests;

public class HostedPollingTests
{
    [Fact]
    public async Task linked_accounts_are_polled_each_on_its_own_and_every_play_arrives_exactly_once()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var spotify = await FakeSpotify.StartAsync(clock);
        await using var host = new HostedProducer(spotify, clock);
        using var browser = host.Browser();
        var throttled = spotify.Default;
        var failing = spotify.AddAccount("listener-bob");
        var healthy = spotify.AddAccount("listener-carol");
        await Linking.LinkAsync(browser, spotify, throttled, "u-alice");
        await Linking.LinkAsync(browser, spotify, failing, "u-bob");
        await Linking.LinkAsync(browser, spotify, healthy, "u-carol");

        var t0 = clock.GetUtcNow();
        Linking.Played(throttled, t0, "a1", "a2");
        Linking.Played(failing, t0, "b1", "b2");
        Linking.Played(healthy, t0, "c1", "c2", "c3");
        clock.Advance(TimeSpan.FromMinutes(5));
        throttled.RetryAfterSeconds = 120;
        throttled.ApiFaults.Enqueue(429);
        failing.PersistentFault = 500;

        var first = await host.Round.RunAsync(CancellationToken.None);
        first.Results.Select(r => (r.UserId, r.Outcome, r.Posted)).ShouldBe(
            [("u-alice", PollOutcome.Throttled, 0), ("u-bob", PollOutcome.Failed, 0), ("u-carol", PollOutcome.Polled, 3)], ignoreOrder: true);
        (await Status(browser, "u-alice"))["retry_after"]!.GetValue<DateTimeOffset>().ShouldBe(clock.GetUtcNow().AddSeconds(120), TimeSpan.FromSeconds(1));
        var bob = await Status(browser, "u-bob");
        bob["last_error"]!.GetValue<string>().ShouldContain("500");
        bob["cursor"].ShouldBeNull();
        var carol = await Status(browser, "u-carol");
        carol["cursor_at"]!.GetValue<DateTimeOffset>().ShouldBe(t0.AddMinutes(3));
        carol["last_error"].ShouldBeNull();

        // While alice waits out her Retry-After she is not called at all; bob keeps failing; carol has nothing new.
        var aliceCalls = throttled.ApiCalls;
        var second = await host.Round.RunAsync(CancellationToken.None);
        second.Results.Select(r => r.UserId).ShouldBe(["u-bob", "u-carol"], ignoreOrder: true);
        throttled.ApiCalls.ShouldBe(aliceCalls);

        clock.Advance(TimeSpan.FromSeconds(121));
        failing.PersistentFault = null;
        Linking.Played(healthy, clock.GetUtcNow(), "c4");
        clock.Advance(TimeSpan.FromMinutes(2));
        var third = await host.Round.RunAsync(CancellationToken.None);
        third.Results.Select(r => (r.UserId, r.Outcome, r.Posted)).ShouldBe(
            [("u-alice", PollOutcome.Polled, 2), ("u-bob", PollOutcome.Polled, 2), ("u-carol", PollOutcome.Polled, 1)], ignoreOrder: true);

        var stream = await host.ReadStreamAsync();
        stream.Select(e => (e.UserId, e.TrackId)).ShouldBe(
            [("u-alice", "a1"), ("u-alice", "a2"), ("u-bob", "b1"), ("u-bob", "b2"), ("u-carol", "c1"), ("u-carol", "c2"), ("u-carol", "c3"), ("u-carol", "c4")],
            ignoreOrder: true);
        // The id the command-line producer would give the same play: user, track and played_at (the play's end).
        stream.Single(e => e.TrackId == "c2").EventId.ShouldBe(SpotifyEvents.EventId("u-carol", "c2", t0.AddMinutes(2)));
        stream.ShouldAllBe(e => e.EventType == EventTypes.Complete);
        (await Status(browser, "u-bob"))["last_error"].ShouldBeNull();
        (await Status(browser, "u-carol"))["events_posted"]!.GetValue<long>().ShouldBe(4);
        spotify.ShapeViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task an_unlinked_account_is_no_longer_polled_and_its_tokens_are_gone()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var spotify = await FakeSpotify.StartAsync(clock);
        await using var host = new HostedProducer(spotify, clock);
        using var browser = host.Browser();
        await Linking.LinkAsync(browser, spotify, spotify.Default, "u-alice");
        Linking.Played(spotify.Default, clock.GetUtcNow(), "a1");
        clock.Advance(TimeSpan.FromMinutes(2));
        (await host.Round.RunAsync(CancellationToken.None)).Posted.ShouldBe(1);

        (await browser.DeleteAsync("/v1/spotify/link/u-alice")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await browser.GetAsync("/v1/spotify/link/u-alice")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.DeleteAsync("/v1/spotify/link/u-alice")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var calls = spotify.Default.ApiCalls;
        Linking.Played(spotify.Default, clock.GetUtcNow(), "a2");
        clock.Advance(TimeSpan.FromMinutes(2));
        (await host.Round.RunAsync(CancellationToken.None)).Results.ShouldBeEmpty();
        spotify.Default.ApiCalls.ShouldBe(calls);
        (await host.ReadStreamAsync()).Select(e => e.TrackId).ShouldBe(["a1"]);
        // Nothing of the tokens is left in the link store's file.
        var file = await File.ReadAllBytesAsync(Path.Combine(host.DataDirectory, "spotify-links.db"));
        foreach (var token in spotify.IssuedRefreshTokens.Concat(spotify.IssuedAccessTokens))
            System.Text.Encoding.UTF8.GetString(file).ShouldNotContain(token);
    }

    [Fact]
    public async Task the_hosted_loop_polls_every_linked_account_on_its_own()
    {
        await using var spotify = await FakeSpotify.StartAsync();
        await using var host = new HostedProducer(spotify, clock: null);
        using var browser = host.Browser();
        await Linking.LinkAsync(browser, spotify, spotify.Default, "u-alice");
        Linking.Played(spotify.Default, DateTimeOffset.UtcNow.AddMinutes(-10), "a1", "a2");
        var stream = await Eventually.ValueAsync(host.ReadStreamAsync, s => s.Count >= 2, "the hosted loop posted alice's two plays");
        stream.Select(e => e.TrackId).ShouldBe(["a1", "a2"]);
        await Eventually.UntilAsync(async () => (await Status(browser, "u-alice"))["last_poll_at"] is not null, "the status shows the loop's poll");
    }

    internal static async Task<JsonObject> Status(HttpClient browser, string userId) =>
        (await browser.GetFromJsonAsync<JsonObject>($"/v1/spotify/link/{userId}"))!;
}
