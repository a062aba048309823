using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Recommender.Contracts;
using Spotify.Fakes;
using SpotifyProducer.Polling;

namespace SpotifyProducer.Tests;

public class LinkingTests
{
    private static ManualClock Clock() => new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    [Fact]
    public async Task connect_names_a_missing_user_and_says_when_no_spotify_app_is_configured()
    {
        await using var spotify = await FakeSpotify.StartAsync();
        await using (var host = new HostedProducer(spotify, Clock()))
        {
            using var browser = host.Browser();
            var missing = await browser.GetAsync("/v1/spotify/connect");
            missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await missing.Content.ReadAsStringAsync()).ShouldContain("\"field\":\"user_id\"");
            var started = (await browser.GetFromJsonAsync<JsonObject>("/v1/spotify/connect?user_id=u-1"))!;
            var authorize = new Uri(started["authorize_url"]!.GetValue<string>());
            var query = QueryHelpers.ParseQuery(authorize.Query);
            query["scope"].ToString().ShouldBe("user-read-recently-played"); // only what polling reads
            query["code_challenge_method"].ToString().ShouldBe("S256");
            query.ShouldNotContainKey("code_verifier"); // the verifier never leaves the server
            query["redirect_uri"].ToString().ShouldBe(new Uri(browser.BaseAddress!, "/v1/spotify/callback").AbsoluteUri);
            var redirect = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress }
                .GetAsync("/v1/spotify/connect?user_id=u-1&redirect=true");
            redirect.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            redirect.Headers.Location!.AbsoluteUri.ShouldStartWith(spotify.BaseUrl + "authorize?");
        }
        await using var unconfigured = new HostedProducer(spotify, Clock(), new Dictionary<string, string?> { ["SpotifyProducer:ClientId"] = "" });
        using var other = unconfigured.Browser();
        var answer = await other.GetAsync("/v1/spotify/connect?user_id=u-1");
        answer.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await answer.Content.ReadAsStringAsync()).ShouldContain("SpotifyProducer:ClientId");
    }

    [Fact]
    public async Task a_connect_is_used_once_and_expires()
    {
        var clock = Clock();
        await using var spotify = await FakeSpotify.StartAsync(clock);
        await using var host = new HostedProducer(spotify, clock);
        using var browser = host.Browser();
        (await browser.GetAsync("/v1/spotify/callback?state=made-up&code=x")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // The listener says no on Spotify's page: Spotify comes back with error=access_denied; the connect is spent.
        var state = await StartedStateAsync(browser, "u-1");
        (await browser.GetAsync($"/v1/spotify/callback?state={state}&error=access_denied")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await browser.GetAsync($"/v1/spotify/callback?state={state}&error=access_denied")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // Approved, but after the connect expired (10 minutes): refused, nothing linked.
        var started = (await browser.GetFromJsonAsync<JsonObject>("/v1/spotify/connect?user_id=u-1"))!;
        clock.Advance(TimeSpan.FromMinutes(11));
        var late = await browser.GetAsync(started["authorize_url"]!.GetValue<string>());
        late.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await late.Content.ReadAsStringAsync()).ShouldContain("expired");
        (await browser.GetAsync("/v1/spotify/link/u-1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // In time: linked, and the same code cannot be replayed.
        var linked = await Linking.ConnectAsync(browser, spotify, spotify.Default, "u-1");
        linked.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await linked.Content.ReadFromJsonAsync<JsonObject>())!["account_id"]!.GetValue<string>().ShouldBe(spotify.Default.AccountId);
        var replay = await browser.GetAsync(linked.RequestMessage!.RequestUri!.PathAndQuery);
        replay.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var status = await HostedPollingTests.Status(browser, "u-1");
        (status["account_id"]!.GetValue<string>(), status["state"]!.GetValue<string>()).ShouldBe((spotify.Default.AccountId, "active"));
    }

    [Fact]
    public async Task one_spotify_account_feeds_one_listener_and_an_account_off_the_allowlist_is_refused()
    {
        await using var spotify = await FakeSpotify.StartAsync();
        await using var host = new HostedProducer(spotify, Clock());
        using var browser = host.Browser();
        await Linking.LinkAsync(browser, spotify, spotify.Default, "u-1");
        var second = await Linking.ConnectAsync(browser, spotify, spotify.Default, "u-2");
        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await browser.GetAsync("/v1/spotify/link/u-2")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var stranger = spotify.AddAccount("not-allowlisted");
        stranger.Allowlisted = false;
        var refused = await Linking.ConnectAsync(browser, spotify, stranger, "u-3");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("User not registered in the Developer Dashboard");
    }

    [Fact]
    public async Task the_return_page_gets_the_outcome_when_one_is_configured()
    {
        await using var spotify = await FakeSpotify.StartAsync();
        await using var host = new HostedProducer(spotify, Clock(), new Dictionary<string, string?> { ["SpotifyProducer:ReturnUrl"] = "http://127.0.0.1:1/dashboard" });
        using var browser = host.Browser();
        var noFollow = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        var started = (await noFollow.GetFromJsonAsync<JsonObject>("/v1/spotify/connect?user_id=u-1"))!;
        var toCallback = await noFollow.GetAsync(started["authorize_url"]!.GetValue<string>());
        var back = await noFollow.GetAsync(toCallback.Headers.Location!);
        back.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        back.Headers.Location!.AbsoluteUri.ShouldBe("http://127.0.0.1:1/dashboard?spotify=linked&user_id=u-1");
    }

    [Fact]
    public async Task tokens_are_refreshed_and_rotated_as_spotify_answers_and_a_revoked_link_waits_for_a_new_connect()
    {
        var clock = Clock();
        await using var spotify = await FakeSpotify.StartAsync(clock);
        await using var host = new HostedProducer(spotify, clock);
        using var browser = host.Browser();
        var account = spotify.Default;
        await Linking.LinkAsync(browser, spotify, account, "u-1");
        for (var hour = 0; hour < 3; hour++)
        {
            Linking.Played(account, clock.GetUtcNow(), $"t{hour}");
            clock.Advance(TimeSpan.FromHours(2)); // past the access token's hour: every poll refreshes first
            (await host.Round.RunAsync(CancellationToken.None)).Results.ShouldHaveSingleItem().Outcome.ShouldBe(PollOutcome.Polled);
        }
        spotify.RefreshCount.ShouldBe(3);
        spotify.ValidRefreshTokens(account).ShouldBe(1); // rotated once (every second refresh); the old one is refused now
        (await host.ReadStreamAsync()).Select(e => e.TrackId).ShouldBe(["t0", "t1", "t2"]);

        spotify.RevokeAccess(account);
        Linking.Played(account, clock.GetUtcNow(), "t3");
        clock.Advance(TimeSpan.FromHours(2));
        (await host.Round.RunAsync(CancellationToken.None)).Results.ShouldHaveSingleItem().Outcome.ShouldBe(PollOutcome.RelinkRequired);
        var status = await HostedPollingTests.Status(browser, "u-1");
        status["state"]!.GetValue<string>().ShouldBe("relink_required");
        status["last_error"]!.GetValue<string>().ShouldContain("connect Spotify again");
        (await host.Round.RunAsync(CancellationToken.None)).Results.ShouldBeEmpty();

        // Connecting the same account again carries on from its cursor: t3 arrives, nothing twice.
        await Linking.LinkAsync(browser, spotify, account, "u-1");
        (await host.Round.RunAsync(CancellationToken.None)).Posted.ShouldBe(1);
        (await host.ReadStreamAsync()).Select(e => e.TrackId).ShouldBe(["t0", "t1", "t2", "t3"]);
    }

    private static async Task<string> StartedStateAsync(HttpClient browser, string userId)
    {
        var started = (await browser.GetFromJsonAsync<JsonObject>($"/v1/spotify/connect?user_id={userId}"))!;
        return QueryHelpers.ParseQuery(new Uri(started["authorize_url"]!.GetValue<string>()).Query)["state"].ToString();
    }
}
