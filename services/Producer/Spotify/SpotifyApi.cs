using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Producer.Delivery;

namespace Producer.Spotify;

/// <summary>
/// A typed client over the few Web API endpoints the producer reads. 429 waits for Retry-After;
/// 401 refreshes the token once, then asks for a new login; 5xx backs off with jitter a few times,
/// then reports Spotify unavailable so the caller keeps its state and tries on its next tick.
/// </summary>
public sealed class SpotifyApi(HttpClient http, Uri apiBaseUrl, SpotifyTokens tokens, Func<TimeSpan, CancellationToken, Task>? delay = null)
{
    private const int MaxAttempts = 4;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(5);
    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;

    /// <summary>Null when nothing is playing (204), in a private session, or the item is not a track (episode, ad).</summary>
    public async Task<CurrentlyPlaying?> CurrentlyPlayingAsync(CancellationToken cancellationToken)
    {
        var playing = await GetAsync("v1/me/player/currently-playing?additional_types=track,episode", SpotifyJson.Default.CurrentlyPlaying, cancellationToken);
        return playing;
    }

    public async Task<RecentlyPlayed> RecentlyPlayedAsync(long? afterUnixMs, CancellationToken cancellationToken)
    {
        var path = "v1/me/player/recently-played?limit=50" + (afterUnixMs is { } after ? $"&after={after}" : "");
        return await GetAsync(path, SpotifyJson.Default.RecentlyPlayed, cancellationToken) ?? new RecentlyPlayed();
    }

    /// <summary>GET /v1/artists?ids= takes at most 50 ids.</summary>
    public async Task<IReadOnlyList<SpotifyArtist>> ArtistsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count is 0 or > 50) throw new ArgumentOutOfRangeException(nameof(ids), "1 to 50 artist ids a call");
        var result = await GetAsync($"v1/artists?ids={string.Join(',', ids.Select(Uri.EscapeDataString))}", SpotifyJson.Default.SeveralArtists, cancellationToken);
        return result?.Artists.Where(a => a is not null).Select(a => a!).ToList() ?? [];
    }

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
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new SpotifyUnavailableException($"Spotify is unreachable: {e.GetBaseException().Message}", e);
            }
            using (response)
            {
                switch (response.StatusCode)
                {
                    case HttpStatusCode.NoContent:
                        return null;
                    case HttpStatusCode.OK:
                        await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
                        {
                            if (response.Content.Headers.ContentLength == 0) return null;
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
                    case HttpStatusCode.TooManyRequests when attempt < MaxAttempts:
                        var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                        await _delay(wait > MaxRetryAfter ? MaxRetryAfter : wait, cancellationToken);
                        continue;
                    case >= HttpStatusCode.InternalServerError when attempt < MaxAttempts:
                        await _delay(backoff.Next(), cancellationToken);
                        continue;
                    case HttpStatusCode.Forbidden:
                        throw new ProducerException($"Spotify refused {path} (403): the login lacks a scope, or the app is not allowed for this user");
                    default:
                        throw new SpotifyUnavailableException($"Spotify answered {(int)response.StatusCode} to {path}");
                }
            }
        }
    }
}
