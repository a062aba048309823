using System.Text;
using System.Web;
using Producer.Spotify;
using Spotify.Fakes;
using Recommender.Contracts;

namespace Producer.Tests.Spotify;

public class SpotifyLoginTests
{
    [Fact]
    public async Task login_with_pkce_completes_against_the_fake_and_the_token_file_does_not_hold_the_token_text()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        var flow = new LoginFlow(bed.Accounts, bed.Store, SpotifyTestBed.FreePort());
        using var browser = new HttpClient();
        Task<HttpResponseMessage>? visit = null;
        Uri? authorizeUrl = null;

        var token = await flow.RunAsync(url =>
        {
            authorizeUrl = url;
            visit = browser.GetAsync(url); // the "browser" follows Spotify's redirect to our loopback callback
            return Task.CompletedTask;
        }, new CancellationTokenSource(Eventually.Deadline).Token);

        (await visit!).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var query = HttpUtility.ParseQueryString(authorizeUrl!.Query);
        query["code_challenge_method"].ShouldBe("S256");
        query["redirect_uri"].ShouldStartWith("http://127.0.0.1:");
        query["scope"]!.Split(' ').ShouldBe(SpotifyAccounts.Scopes, ignoreOrder: true);

        bed.Fake.IssuedAccessTokens.ShouldContain(token.AccessToken);
        var onDisk = await File.ReadAllBytesAsync(bed.TokenPath);
        var text = Encoding.UTF8.GetString(onDisk);
        text.ShouldNotContain(token.AccessToken);
        text.ShouldNotContain(token.RefreshToken);
        text.ShouldNotContain("access-");
        bed.Store.Load().ShouldBe(token);
        (await bed.Api.MeAsync(CancellationToken.None)).Id.ShouldBe(bed.Fake.UserId);
    }

    [Fact]
    public async Task the_fake_refuses_a_code_verifier_that_does_not_match_the_challenge()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        var redirect = new Uri("http://127.0.0.1:5999/callback");
        var verifier = Pkce.CreateVerifier();
        verifier.Length.ShouldBeInRange(43, 128);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var answer = await noRedirects.GetAsync(bed.Accounts.AuthorizeUrl(redirect, Pkce.Challenge(verifier), "s1"));
        var code = HttpUtility.ParseQueryString(answer.Headers.Location!.Query)["code"]!;

        var refused = await Should.ThrowAsync<ReloginRequiredException>(() => bed.Accounts.ExchangeCodeAsync(code, Pkce.CreateVerifier(), redirect, CancellationToken.None));
        refused.Message.ShouldContain("code_verifier was incorrect");
    }

    [Fact]
    public async Task an_access_token_near_expiry_is_refreshed_and_saved_encrypted()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        bed.LoggedIn(expiresIn: TimeSpan.FromSeconds(30));
        var before = bed.Store.Load()!;

        (await bed.Api.MeAsync(CancellationToken.None)).Id.ShouldBe(bed.Fake.UserId);

        bed.Fake.RefreshCount.ShouldBe(1);
        var after = bed.Store.Load()!;
        after.AccessToken.ShouldNotBe(before.AccessToken);
        after.RefreshToken.ShouldBe(before.RefreshToken); // the fake did not rotate it, so the old one is kept
        after.ExpiresAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(50));
        Encoding.UTF8.GetString(await File.ReadAllBytesAsync(bed.TokenPath)).ShouldNotContain(after.AccessToken);
    }

    [Fact]
    public async Task a_rejected_access_token_is_refreshed_once_and_the_call_succeeds()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        bed.LoggedIn();
        bed.Fake.ExpireAccessTokens(); // the producer still thinks its token is good for an hour

        (await bed.Api.MeAsync(CancellationToken.None)).Id.ShouldBe(bed.Fake.UserId);
        bed.Fake.RefreshCount.ShouldBe(1);
    }

    [Fact]
    public async Task a_revoked_refresh_token_asks_the_user_to_log_in_again()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        bed.LoggedIn();
        bed.Fake.ExpireAccessTokens();
        bed.Fake.RevokeRefreshTokens();

        var e = await Should.ThrowAsync<ReloginRequiredException>(() => bed.Api.MeAsync(CancellationToken.None));
        e.Message.ShouldContain("recommender-producer login");
        e.Message.ShouldContain("Refresh token revoked");
    }

    [Fact]
    public async Task a_rotated_refresh_token_is_saved_and_the_old_one_is_refused_from_then_on()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        bed.Fake.RotateRefreshTokenEvery = 1;
        bed.LoggedIn(expiresIn: TimeSpan.FromSeconds(30));
        var before = bed.Store.Load()!;

        (await bed.Api.MeAsync(CancellationToken.None)).Id.ShouldBe(bed.Fake.UserId);

        var after = bed.Store.Load()!;
        after.RefreshToken.ShouldNotBe(before.RefreshToken);
        await Should.ThrowAsync<ReloginRequiredException>(() => bed.Accounts.RefreshAsync(before.RefreshToken, CancellationToken.None));
        (await bed.Accounts.RefreshAsync(after.RefreshToken, CancellationToken.None)).AccessToken.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task a_refresh_token_older_than_six_months_asks_for_a_new_login()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        bed.LoggedIn();
        bed.Time.Advance(FakeSpotify.RefreshTokenLifetime + TimeSpan.FromDays(1));

        var e = await Should.ThrowAsync<ReloginRequiredException>(() => bed.Api.MeAsync(CancellationToken.None));
        e.Message.ShouldContain("expired");
    }

    [Fact]
    public async Task throttling_waits_for_retry_after_then_succeeds()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        bed.LoggedIn();
        bed.Fake.RetryAfterSeconds = 7;
        bed.Fake.ApiFaults.Enqueue(429);
        bed.Fake.CurrentlyPlaying.Enqueue(() => FakeSpotify.Playing(FakeSpotify.TrackJson("t1", "One", 200_000, "a1"), 1_000));

        var playing = await bed.Api.CurrentlyPlayingAsync(CancellationToken.None);
        playing!.Item!.Id.ShouldBe("t1");
        bed.Delays.ShouldBe([TimeSpan.FromSeconds(7)]);
    }

    [Fact]
    public async Task server_errors_back_off_with_jitter_and_give_up_as_unavailable_after_a_few_tries()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        bed.LoggedIn();
        bed.Fake.ApiFaults.Enqueue(500);
        bed.Fake.ApiFaults.Enqueue(503);
        (await bed.Api.CurrentlyPlayingAsync(CancellationToken.None)).ShouldBeNull(); // 204: nothing playing
        bed.Delays.Count.ShouldBe(2);
        bed.Delays[1].ShouldBeGreaterThan(TimeSpan.Zero);

        for (var i = 0; i < 4; i++) bed.Fake.ApiFaults.Enqueue(502);
        await Should.ThrowAsync<SpotifyUnavailableException>(() => bed.Api.CurrentlyPlayingAsync(CancellationToken.None));
    }
}
