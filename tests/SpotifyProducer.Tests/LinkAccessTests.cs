using System.Net;
using Recommender.Contracts;
using Spotify.Fakes;

namespace SpotifyProducer.Tests;

/// <summary>Once keys exist, linking needs an "ingest" key held to its user; Spotify's callback (a browser, no key) still works.</summary>
public sealed class LinkAccessTests
{
    private static readonly string Alice = TestApiKeys.New();
    private static readonly string Reader = TestApiKeys.New();

    private static Dictionary<string, string?> Keys() =>
        TestApiKeys.Seed(Alice, "ingest", userId: "alice").Concat(TestApiKeys.Seed(Reader, "read")).ToDictionary();

    private static async Task<HttpStatusCode> GetAsync(HttpClient browser, string path, string? key, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (key is not null) request.Headers.Add("x-api-key", key);
        using var response = await browser.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task linking_needs_an_ingest_key_for_the_keys_own_user()
    {
        await using var spotify = await FakeSpotify.StartAsync();
        await using var host = new HostedProducer(spotify, new ManualClock(DateTimeOffset.UtcNow), Keys());
        using var browser = host.Browser();

        (await GetAsync(browser, "/v1/spotify/connect?user_id=alice", null)).ShouldBe(HttpStatusCode.Unauthorized);
        (await GetAsync(browser, "/v1/spotify/connect?user_id=alice", Reader)).ShouldBe(HttpStatusCode.Forbidden);
        (await GetAsync(browser, "/v1/spotify/connect?user_id=bob", Alice)).ShouldBe(HttpStatusCode.Forbidden);
        (await GetAsync(browser, "/v1/spotify/connect?user_id=alice", Alice)).ShouldBe(HttpStatusCode.OK);
        (await GetAsync(browser, "/v1/spotify/link/bob", Alice)).ShouldBe(HttpStatusCode.Forbidden);
        (await GetAsync(browser, "/v1/spotify/link/bob", Alice, HttpMethod.Delete)).ShouldBe(HttpStatusCode.Forbidden);
        (await GetAsync(browser, "/v1/spotify/link/alice", Alice)).ShouldBe(HttpStatusCode.NotFound, "allowed; alice has linked nothing yet");
    }

    [Fact]
    public async Task linking_refreshing_and_polling_log_no_spotify_token_and_no_api_key()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var spotify = await FakeSpotify.StartAsync(clock);
        await using var host = new HostedProducer(spotify, clock, Keys());
        using var browser = host.Browser();
        browser.DefaultRequestHeaders.Add("x-api-key", Alice);
        await Linking.LinkAsync(browser, spotify, spotify.Default, "alice");
        Linking.Played(spotify.Default, clock.GetUtcNow(), "t1", "t2");
        clock.Advance(TimeSpan.FromMinutes(5));
        spotify.ExpireAccessTokens();
        spotify.Default.ApiFaults.Enqueue(500);

        await host.Round.RunAsync(CancellationToken.None);
        await host.Round.RunAsync(CancellationToken.None);

        spotify.RefreshCount.ShouldBeGreaterThanOrEqualTo(1, "the poller refreshed the expired token");
        (await host.ReadStreamAsync()).Count.ShouldBe(2);
        var logs = host.Logs.Text;
        logs.ShouldNotBeEmpty();
        foreach (var secret in spotify.IssuedAccessTokens.Concat(spotify.IssuedRefreshTokens).Append(Alice).Append(Reader))
            logs.ShouldNotContain(secret);
    }

    [Fact]
    public async Task spotifys_callback_needs_no_key_its_state_is_checked_instead()
    {
        await using var spotify = await FakeSpotify.StartAsync();
        await using var host = new HostedProducer(spotify, new ManualClock(DateTimeOffset.UtcNow), Keys());
        using var browser = host.Browser();

        (await GetAsync(browser, "/v1/spotify/callback?state=made-up&code=c", null)).ShouldBe(HttpStatusCode.BadRequest);
    }
}
