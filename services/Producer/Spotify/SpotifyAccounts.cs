using System.Net;
using System.Net.Http.Json;

namespace Producer.Spotify;

/// <summary>The Spotify Accounts service: the authorize URL and the token endpoint (code exchange and refresh, PKCE, no client secret).</summary>
public sealed class SpotifyAccounts(HttpClient http, Uri accountsBaseUrl, string clientId, TimeProvider? time = null)
{
    public static readonly string[] Scopes = ["user-read-currently-playing", "user-read-recently-played", "user-read-playback-state"];

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <param name="scopes">What to ask the listener for; default <see cref="Scopes"/> (what the command-line producer reads).</param>
    public Uri AuthorizeUrl(Uri redirectUri, string codeChallenge, string state, IReadOnlyList<string>? scopes = null)
    {
        var query = string.Join('&', new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri.ToString(),
            ["code_challenge_method"] = "S256",
            ["code_challenge"] = codeChallenge,
            ["scope"] = string.Join(' ', scopes ?? Scopes),
            ["state"] = state,
        }.Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value)}"));
        return new Uri(accountsBaseUrl, "authorize?" + query);
    }

    public Task<StoredToken> ExchangeCodeAsync(string code, string codeVerifier, Uri redirectUri, CancellationToken cancellationToken) =>
        RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.ToString(),
            ["client_id"] = clientId,
            ["code_verifier"] = codeVerifier,
        }, previousRefreshToken: null, cancellationToken);

    public Task<StoredToken> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = clientId,
        }, refreshToken, cancellationToken);

    private async Task<StoredToken> RequestTokenAsync(Dictionary<string, string> form, string? previousRefreshToken, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsync(new Uri(accountsBaseUrl, "api/token"), new FormUrlEncodedContent(form), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var token = await response.Content.ReadFromJsonAsync(SpotifyJson.Default.TokenResponse, cancellationToken)
                    ?? throw new SpotifyUnavailableException("the token endpoint returned an empty body");
                // A refresh may rotate the refresh token (the old one then stops working) or leave it out (keep the old one).
                var refresh = token.RefreshToken ?? previousRefreshToken
                    ?? throw new SpotifyUnavailableException("the token endpoint returned no refresh token");
                return new StoredToken(token.AccessToken, refresh, _time.GetUtcNow().AddSeconds(token.ExpiresIn), token.Scope);
            }
            TokenError? error = null;
            try
            {
                error = await response.Content.ReadFromJsonAsync(SpotifyJson.Default.TokenError, cancellationToken);
            }
            catch (System.Text.Json.JsonException)
            {
            }
            // invalid_grant: revoked, rotated away, or past its 6-month lifetime; only a new authorization helps.
            if (response.StatusCode == HttpStatusCode.BadRequest && error?.Error is "invalid_grant")
                throw new ReloginRequiredException(error.ErrorDescription ?? "invalid_grant");
            if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized)
                throw new ProducerException($"Spotify refused the token request: {error?.Error ?? ((int)response.StatusCode).ToString()} {error?.ErrorDescription}".TrimEnd());
            throw new SpotifyUnavailableException($"the Spotify token endpoint answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout ends as a TaskCanceledException: Spotify not answering, not the user stopping.
            throw new SpotifyUnavailableException($"the Spotify accounts service did not answer: {e.GetBaseException().Message}", e);
        }
    }
}

/// <summary>The current access token, refreshed a minute before it expires and saved again (encrypted) each time.</summary>
public sealed class SpotifyTokens(SpotifyAccounts accounts, ISpotifyTokenStore store, TimeProvider? time = null)
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private StoredToken? _token;

    public async Task<string> AccessTokenAsync(CancellationToken cancellationToken)
    {
        var token = _token ??= await store.LoadAsync(cancellationToken) ?? throw new ProducerException("not logged in to Spotify; run `recommender-producer login` first");
        if (token.ExpiresAt - _time.GetUtcNow() > RefreshMargin) return token.AccessToken;
        return (await RefreshAsync(token.AccessToken, cancellationToken)).AccessToken;
    }

    /// <summary>Refreshes unless another caller already did since <paramref name="staleAccessToken"/> was handed out.</summary>
    public async Task<StoredToken> RefreshAsync(string staleAccessToken, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var current = _token ?? await store.LoadAsync(cancellationToken) ?? throw new ProducerException("not logged in to Spotify; run `recommender-producer login` first");
            if (current.AccessToken != staleAccessToken && current.ExpiresAt - _time.GetUtcNow() > RefreshMargin) return current;
            var fresh = await accounts.RefreshAsync(current.RefreshToken, cancellationToken);
            // Saved before use: a rotated refresh token is the only one that works from now on.
            await store.SaveAsync(fresh, cancellationToken);
            return _token = fresh;
        }
        finally
        {
            _gate.Release();
        }
    }
}
