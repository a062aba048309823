using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Producer.Delivery;

namespace Producer.Spotify;

/// <summary>
/// A typed client over the few Web API endpoints the producer reads. 429 waits for the whole Retry-After when it
/// is within <paramref name="maxInlineRetryAfter"/> (unbounded by default), else reports when to come back; 401
/// refreshes the token once, then asks for a new login; 403 says what Spotify refused; 5xx backs off with jitter a
/// few times, then reports Spotify unavailable so the caller keeps its state and tries on its next tick.
/// </summary>
public sealed class SpotifyApi(
    HttpClient http,
    Uri apiBaseUrl,
    SpotifyTokens tokens,
    Func<TimeSpan, CancellationToken, Task>? delay = null,
    TimeSpan? maxInlineRetryAfter = null,
    TimeProvider? time = null)
{
    private const int MaxAttempts = 4;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Null when nothing is playing (204); ads and private sessions come with a null item.</summary>
    public Task<CurrentlyPlaying?> CurrentlyPlayingAsync(CancellationToken cancellationToken) =>
        GetAsync("v1/me/player/currently-playing?additional_types=track,episode", SpotifyJson.Default.CurrentlyPlaying, cancellationToken);

    /// <summary>Up to 50 plays after the cursor (Unix ms, exclusive), newest first, as Spotify sends them.</summary>
    public async Task<RecentlyPlayed> RecentlyPlayedAsync(long? afterUnixMs, CancellationToken cancellationToken)
    {
        var path = "v1/me/player/recently-played?limit=50" + (afterUnixMs is { } after ? $"&after={after}" : "");
        return await GetAsync(path, SpotifyJson.Default.RecentlyPlayed, cancellationToken) ?? new RecentlyPlayed();
    }

    /// <summary>GET /v1/artists?ids= takes at most 50 ids; Development Mode apps get 403 since February 2026.</summary>
    public async Task<IReadOnlyList<SpotifyArtist>> ArtistsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count is 0 or > 50) throw new ArgumentOutOfRangeException(nameof(ids), "1 to 50 artist ids a call");
        var result = await GetAsync($"v1/artists?ids={string.Join(',', ids.Select(Uri.EscapeDataString))}", SpotifyJson.Default.SeveralArtists, cancellationToken);
        return result?.Artists.Where(a => a is not null).Select(a => a!).ToList() ?? [];
    }

    /// <summary>GET /v1/artists/{id}: still answers Development Mode apps.</summary>
    public Task<SpotifyArtist?> ArtistAsync(string id, CancellationToken cancellationToken) =>
        GetAsync($"v1/artists/{Uri.EscapeDataString(id)}", SpotifyJson.Default.SpotifyArtist, cancellationToken);

    public async Task<SpotifyUser> MeAsync(CancellationToken cancellationToken) =>
        await GetAsync("v1/me", SpotifyJson.Default.SpotifyUser, cancellationToken)
        ?? throw new SpotifyUnavailableException("GET /v1/me returned no body");

    private async Task<T?> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        var refreshed = false;
        var backoff = new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(8));
        for (var attempt = 1; ; attempt++)
        {
            var accessToken = await tokens.AccessTokenAsync(cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(apiBaseUrl, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                switch (response.StatusCode)
                {
                    case HttpStatusCode.NoContent:
                        return null;
                    case HttpStatusCode.OK:
                        if (response.Content.Headers.ContentLength == 0) return null;
                        await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
                        {
                            try
                            {
                                return await JsonSerializer.DeserializeAsync(body, type, cancellationToken);
                            }
                            catch (JsonException e)
                            {
                                throw new SpotifyUnavailableException($"Spotify sent an unreadable {path} response: {e.Message}", e);
                            }
                        }
                    case HttpStatusCode.Unauthorized when !refreshed:
                        refreshed = true;
                        await tokens.RefreshAsync(accessToken, cancellationToken);
                        continue;
                    case HttpStatusCode.Unauthorized:
                        throw new ReloginRequiredException("the access token was refused even after a refresh");
                    case HttpStatusCode.TooManyRequests:
                        var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                        // Spotify's window is 30 s, but it may ask for much longer; calling earlier only extends it.
                        if (attempt >= MaxAttempts || wait > (maxInlineRetryAfter ?? TimeSpan.MaxValue))
                            throw new SpotifyRateLimitedException(wait, _time.GetUtcNow() + wait);
                        await _delay(wait, cancellationToken);
                        continue;
                    case >= HttpStatusCode.InternalServerError when attempt < MaxAttempts:
                        await _delay(backoff.Next(), cancellationToken);
                        continue;
                    case HttpStatusCode.Forbidden:
                        throw new SpotifyForbiddenException("/" + path.Split('?')[0], await ErrorMessageAsync(response, cancellationToken));
                    default:
                        throw new SpotifyUnavailableException($"Spotify answered {(int)response.StatusCode} to {path}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // A timeout (HttpClient.Timeout) is Spotify not answering, not the user stopping.
                throw new SpotifyUnavailableException($"Spotify did not answer {path.Split('?')[0]}: {e.GetBaseException().Message}", e);
            }
        }
    }

    /// <summary>The message of Spotify's error object ({"error":{"status":403,"message":"..."}}), if there is one.</summary>
    private static async Task<string?> ErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var error = await response.Content.ReadFromJsonAsync(SpotifyJson.Default.ApiErrorBody, cancellationToken);
            return error?.Error?.Message;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
