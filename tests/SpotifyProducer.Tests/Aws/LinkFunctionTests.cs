using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Contracts;
using Recommender.Core.SpotifyLinks;
using Spotify.Fakes;

namespace SpotifyProducer.Tests;

/// <summary>
/// Linking an account on AWS: the link function's app in Aws mode with the environment the Pulumi program gives it, links in
/// dynalite, tokens sealed by the KMS fake, the fake Spotify; requests arrive as API Gateway's HTTP API and the Web Adapter
/// hand them over, with the key authorizer's caller on every route but the callback.
/// </summary>
public sealed class LinkFunctionTests : LinkFunctionPeers
{
    // the HTTP API's public callback URL, as the Pulumi program fills ${redirectUri}; the test plays the gateway behind it
    private static readonly Uri PublicCallback = new("https://links-api.execute-api.eu-west-1.amazonaws.com/v1/spotify/callback");
    [Fact]
    public async Task a_listener_links_checks_and_unlinks_an_account_through_the_gateway_and_spotify_calls_back_without_a_key()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var spotify = await FakeSpotify.StartAsync(clock);
        Kms.CreateKey(KeyAlias);
        var settings = FunctionSettings(PublicCallback, "spotify-links", createTables: true);
        await using var host = new HostedProducer(spotify, clock, settings, Credentials);
        using var gateway = host.Browser();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var alice = ("key-alice", "ingest", "alice");

        (await SendAsync(gateway, HttpMethod.Get, "/v1/spotify/connect?user_id=alice", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(gateway, HttpMethod.Get, "/v1/spotify/connect?user_id=bob", alice)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "alice's key linking bob");
        (await SendAsync(gateway, HttpMethod.Get, "/v1/spotify/connect?user_id=alice", ("key-reader", "read", null))).StatusCode
            .ShouldBe(HttpStatusCode.Forbidden, "linking needs the ingest scope");

        using var connect = await SendAsync(gateway, HttpMethod.Get, "/v1/spotify/connect?user_id=alice", alice);
        connect.StatusCode.ShouldBe(HttpStatusCode.OK, await connect.Content.ReadAsStringAsync());
        var authorizeUrl = new Uri((await connect.Content.ReadFromJsonAsync<JsonObject>())!["authorize_url"]!.GetValue<string>());
        QueryHelpers.ParseQuery(authorizeUrl.Query)["redirect_uri"].ToString().ShouldBe(PublicCallback.AbsoluteUri, "Spotify is sent the callback route's public URL");
        spotify.SignedIn = spotify.Default;
        using var approved = await browser.GetAsync(authorizeUrl);
        approved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await approved.Content.ReadAsStringAsync());
        var back = approved.Headers.Location!;
        back.GetLeftPart(UriPartial.Path).ShouldBe(PublicCallback.AbsoluteUri);

        // the callback's route has no authorizer: the gateway hands the browser's request over with no caller in its context
        using var callback = await SendAsync(gateway, HttpMethod.Get, back.PathAndQuery, null, "GET /v1/spotify/callback");
        callback.StatusCode.ShouldBe(HttpStatusCode.OK, await callback.Content.ReadAsStringAsync());
        (await callback.Content.ReadFromJsonAsync<JsonObject>())!["user_id"]!.GetValue<string>().ShouldBe("alice");

        (await SendAsync(gateway, HttpMethod.Get, "/v1/spotify/link/alice", ("key-bob", "ingest", "bob"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var status = await SendAsync(gateway, HttpMethod.Get, "/v1/spotify/link/alice", alice);
        status.StatusCode.ShouldBe(HttpStatusCode.OK);
        var link = (await status.Content.ReadFromJsonAsync<JsonObject>())!;
        link["account_id"]!.GetValue<string>().ShouldBe(spotify.Default.AccountId);
        link["state"]!.GetValue<string>().ShouldBe("active");
        (await host.Services.GetRequiredService<ISpotifyLinkStore>().GetAsync("alice", CancellationToken.None))!.SealedTokens.ShouldNotBeEmpty();
        Kms.Calls.GetValueOrDefault("Encrypt").ShouldBe(1, "the tokens were sealed by KMS");
        Kms.Calls.GetValueOrDefault("Decrypt").ShouldBe(0, "linking never opens a token (its role may not)");

        (await SendAsync(gateway, HttpMethod.Delete, "/v1/spotify/link/alice", ("key-bob", "ingest", "bob"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(gateway, HttpMethod.Delete, "/v1/spotify/link/alice", alice)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await SendAsync(gateway, HttpMethod.Get, "/v1/spotify/link/alice", alice)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await host.Services.GetRequiredService<ISpotifyLinkStore>().ListAsync(CancellationToken.None)).ShouldBeEmpty();
        Kms.Refused.ShouldBeEmpty();
        Kms.ModelViolations.ShouldBeEmpty();
    }

    /// <summary>A request as the gateway and the Web Adapter hand it to the app, with the authorizer's caller when one is given.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient gateway, HttpMethod method, string pathAndQuery,
        (string KeyId, string Scopes, string? UserId)? caller, string? routeKey = null)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        var route = routeKey ?? $"{method.Method} {pathAndQuery.Split('?')[0].Replace("/alice", "/{user}", StringComparison.Ordinal)}";
        request.Headers.TryAddWithoutValidation("x-amzn-request-context", caller is { } c
            ? SpotifyLinkFunction.RequestContext(route, c.KeyId, c.Scopes, c.UserId)
            : SpotifyLinkFunction.RequestContext(route));
        return await gateway.SendAsync(request);
    }
}
