using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Spotify.Fakes;

namespace SpotifyProducer.Tests;

/// <summary>What a listener's browser does to link an account: ask the platform to connect, approve at Spotify, follow the redirect back.</summary>
public static class Linking
{
    public static async Task<HttpResponseMessage> ConnectAsync(HttpClient browser, FakeSpotify spotify, FakeSpotifyAccount account, string userId)
    {
        var started = await browser.GetFromJsonAsync<JsonObject>($"/v1/spotify/connect?user_id={Uri.EscapeDataString(userId)}");
        spotify.SignedIn = account; // who approves on Spotify's page
        // Spotify's authorize page redirects to the platform's callback; the client follows it like a browser.
        return await browser.GetAsync(started!["authorize_url"]!.GetValue<string>());
    }

    public static async Task LinkAsync(HttpClient browser, FakeSpotify spotify, FakeSpotifyAccount account, string userId)
    {
        using var answer = await ConnectAsync(browser, spotify, account, userId);
        answer.IsSuccessStatusCode.ShouldBeTrue($"linking {userId}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
    }

    /// <summary>Three plays of a minute each, one after the other from now, into the account's recently-played (played_at at each end).</summary>
    public static void Played(FakeSpotifyAccount account, DateTimeOffset from, params string[] trackIds)
    {
        for (var i = 0; i < trackIds.Length; i++)
            account.AddPlay(FakeSpotify.TrackJson(trackIds[i], $"Song {trackIds[i]}", 60_000, $"artist-{trackIds[i]}"), from.AddMinutes(i + 1));
    }
}
