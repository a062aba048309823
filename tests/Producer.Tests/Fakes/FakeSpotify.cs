using Recommender.Contracts;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Producer.Tests.Fakes;

/// <summary>
/// A stand-in for Spotify's Accounts service and Web API on loopback. It checks what Spotify checks:
/// PKCE S256 (the verifier must hash to the challenge), loopback 127.0.0.1 redirect URIs, the form
/// fields of the token endpoint, bearer tokens and their expiry, at most 50 artist ids; and it answers
/// with the documented shapes, including 204, episodes, 401, 429 with Retry-After and 5xx.
/// </summary>
public sealed class FakeSpotify : IAsyncDisposable
{
    public const string ClientId = "fake-client-id";
    private static readonly string[] RequiredScopes = ["user-read-currently-playing", "user-read-recently-played", "user-read-playback-state"];

    private readonly ConcurrentDictionary<string, (string Challenge, string Redirect)> _codes = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _accessTokens = new();
    private readonly ConcurrentDictionary<string, bool> _refreshTokens = new();
    private LoopbackServer _server = null!;
    private int _issued;

    public Uri BaseUrl => _server.BaseUrl;
    public string UserId { get; set; } = "listener-42";
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);
    public ConcurrentQueue<Func<IResult>> CurrentlyPlaying { get; } = new();
    public ConcurrentQueue<int> ApiFaults { get; } = new();
    public int RetryAfterSeconds { get; set; } = 2;
    public List<JsonObject> History { get; } = [];
    public Dictionary<string, string[]> ArtistGenres { get; } = [];
    public ConcurrentQueue<string> Requests { get; } = new();
    public int RefreshCount;
    public int MaxArtistIdsSeen;

    public IEnumerable<string> IssuedAccessTokens => _accessTokens.Keys;
    public IEnumerable<string> IssuedRefreshTokens => _refreshTokens.Keys;

    public static async Task<FakeSpotify> StartAsync()
    {
        var fake = new FakeSpotify();
        fake._server = await LoopbackServer.StartAsync(fake.Map);
        return fake;
    }

    public void RevokeRefreshTokens()
    {
        foreach (var key in _refreshTokens.Keys) _refreshTokens[key] = false;
    }

    public void ExpireAccessTokens()
    {
        foreach (var key in _accessTokens.Keys) _accessTokens[key] = DateTimeOffset.MinValue;
    }

    /// <summary>A token pair as if a login had happened, for tests that start logged in.</summary>
    public (string Access, string Refresh) IssueTokens() => Issue();

    private void Map(WebApplication app)
    {
        app.MapGet("/authorize", Authorize);
        app.MapPost("/api/token", Token);
        app.MapGet("/v1/me", (HttpContext c) => Api(c, () => Results.Json(new { id = UserId, display_name = "Fake Listener", type = "user" })));
        app.MapGet("/v1/me/player/currently-playing", (HttpContext c) => Api(c, () => CurrentlyPlaying.TryDequeue(out var next) ? next() : Results.NoContent()));
        app.MapGet("/v1/me/player/recently-played", (HttpContext c) => Api(c, () => RecentlyPlayed(c.Request)));
        app.MapGet("/v1/artists", (HttpContext c) => Api(c, () => Artists(c.Request)));
    }

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        var redirect = q["redirect_uri"].ToString();
        var scopes = q["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var problems = new List<string>();
        if (q["client_id"] != ClientId) problems.Add("INVALID_CLIENT: Invalid client");
        if (q["response_type"] != "code") problems.Add("response_type must be code");
        if (q["code_challenge_method"] != "S256") problems.Add("code_challenge_method must be S256");
        if (q["code_challenge"].ToString().Length != 43) problems.Add("code_challenge must be a base64url SHA-256");
        if (!Uri.TryCreate(redirect, UriKind.Absolute, out var uri) || uri.Scheme != "http" || uri.Host != "127.0.0.1")
            problems.Add("INVALID_CLIENT: Insecure redirect URI (use a loopback IP literal)");
        if (!RequiredScopes.All(scopes.Contains)) problems.Add("missing scopes");
        if (problems.Count > 0) return Results.BadRequest(string.Join("; ", problems));
        var code = "code-" + Guid.NewGuid().ToString("N");
        _codes[code] = (q["code_challenge"]!, redirect);
        return Results.Redirect($"{redirect}?code={code}&state={Uri.EscapeDataString(q["state"]!)}");
    }

    private async Task<IResult> Token(HttpRequest request)
    {
        if (!request.HasFormContentType) return TokenError("invalid_request", "form content type expected");
        var form = await request.ReadFormAsync();
        if (form["client_id"] != ClientId) return Results.Json(new { error = "invalid_client", error_description = "Invalid client" }, statusCode: 400);
        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
                if (!_codes.TryRemove(form["code"].ToString(), out var issued)) return TokenError("invalid_grant", "Invalid authorization code");
                if (form["redirect_uri"] != issued.Redirect) return TokenError("invalid_grant", "Invalid redirect URI");
                var verifier = form["code_verifier"].ToString();
                if (verifier.Length is < 43 or > 128 || Challenge(verifier) != issued.Challenge) return TokenError("invalid_grant", "code_verifier was incorrect");
                var (access, refresh) = Issue();
                return Results.Json(new { access_token = access, token_type = "Bearer", scope = string.Join(' ', RequiredScopes), expires_in = (int)AccessTokenLifetime.TotalSeconds, refresh_token = refresh });
            case "refresh_token":
                var token = form["refresh_token"].ToString();
                if (!_refreshTokens.TryGetValue(token, out var valid) || !valid) return TokenError("invalid_grant", "Refresh token revoked");
                Interlocked.Increment(ref RefreshCount);
                var newAccess = "access-" + Interlocked.Increment(ref _issued) + "-" + Guid.NewGuid().ToString("N");
                _accessTokens[newAccess] = DateTimeOffset.UtcNow + AccessTokenLifetime;
                // Like Spotify, a refresh may leave out refresh_token: the old one stays valid.
                return Results.Json(new { access_token = newAccess, token_type = "Bearer", scope = string.Join(' ', RequiredScopes), expires_in = (int)AccessTokenLifetime.TotalSeconds });
            default:
                return TokenError("unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
        }
    }

    private (string, string) Issue()
    {
        var n = Interlocked.Increment(ref _issued);
        var access = $"access-{n}-{Guid.NewGuid():N}";
        var refresh = $"refresh-{n}-{Guid.NewGuid():N}";
        _accessTokens[access] = DateTimeOffset.UtcNow + AccessTokenLifetime;
        _refreshTokens[refresh] = true;
        return (access, refresh);
    }

    private IResult Api(HttpContext context, Func<IResult> answer)
    {
        Requests.Enqueue(context.Request.Path + context.Request.QueryString);
        var auth = context.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ") || !_accessTokens.TryGetValue(auth["Bearer ".Length..], out var expiry))
            return ApiError(401, "Invalid access token");
        if (expiry < DateTimeOffset.UtcNow) return ApiError(401, "The access token expired");
        if (ApiFaults.TryDequeue(out var fault))
        {
            if (fault == 429) context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
            return ApiError(fault, fault == 429 ? "API rate limit exceeded" : "Server error");
        }
        return answer();
    }

    private IResult RecentlyPlayed(HttpRequest request)
    {
        var limit = int.TryParse(request.Query["limit"], out var l) ? l : 20;
        if (limit is < 1 or > 50) return ApiError(400, "Invalid limit");
        long? after = long.TryParse(request.Query["after"], out var a) ? a : null;
        var items = History
            .Where(i => after is null || DateTimeOffset.Parse(i["played_at"]!.ToString()).ToUnixTimeMilliseconds() > after)
            .OrderByDescending(i => DateTimeOffset.Parse(i["played_at"]!.ToString()))
            .Take(limit).ToList();
        var times = items.Select(i => DateTimeOffset.Parse(i["played_at"]!.ToString()).ToUnixTimeMilliseconds()).ToList();
        return Results.Json(new JsonObject
        {
            ["href"] = $"{BaseUrl}v1/me/player/recently-played?limit={limit}",
            ["limit"] = limit,
            ["next"] = null,
            ["cursors"] = times.Count == 0 ? null : new JsonObject { ["after"] = times.Max().ToString(), ["before"] = times.Min().ToString() },
            ["items"] = new JsonArray(items.Select(i => (JsonNode)i.DeepClone()).ToArray()),
        });
    }

    private IResult Artists(HttpRequest request)
    {
        var ids = request.Query["ids"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        MaxArtistIdsSeen = Math.Max(MaxArtistIdsSeen, ids.Length);
        if (ids.Length is 0 or > 50) return ApiError(400, "Invalid ids: 1 to 50");
        return Results.Json(new
        {
            artists = ids.Select(id => ArtistGenres.TryGetValue(id, out var genres)
                ? new { id, name = $"Artist {id}", genres, type = "artist" }
                : null),
        });
    }

    private static IResult ApiError(int status, string message) =>
        Results.Json(new { error = new { status, message } }, statusCode: status);

    private static IResult TokenError(string error, string description) =>
        Results.Json(new { error, error_description = description }, statusCode: 400);

    private static string Challenge(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static JsonObject TrackJson(string id, string name, int durationMs, params string[] artistIds) => new()
    {
        ["album"] = new JsonObject { ["album_type"] = "album", ["name"] = $"Album of {name}", ["release_date"] = "2019-05-17", ["release_date_precision"] = "day" },
        ["artists"] = new JsonArray(artistIds.Select(a => (JsonNode)new JsonObject { ["id"] = a, ["name"] = $"Artist {a}", ["type"] = "artist", ["uri"] = $"spotify:artist:{a}" }).ToArray()),
        ["duration_ms"] = durationMs,
        ["explicit"] = false,
        ["id"] = id,
        ["is_local"] = false,
        ["name"] = name,
        ["popularity"] = 50,
        ["type"] = "track",
        ["uri"] = $"spotify:track:{id}",
    };

    public static IResult Playing(JsonObject track, long progressMs, bool isPlaying = true, string? contextUri = "spotify:playlist:37i9dQZF1DXcBWIGoYBM5M") =>
        Results.Json(new JsonObject
        {
            ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["context"] = contextUri is null ? null : new JsonObject { ["type"] = "playlist", ["uri"] = contextUri, ["href"] = "https://api.spotify.com/v1/playlists/x" },
            ["progress_ms"] = progressMs,
            ["item"] = track.DeepClone(),
            ["currently_playing_type"] = "track",
            ["actions"] = new JsonObject { ["disallows"] = new JsonObject { ["resuming"] = true } },
            ["is_playing"] = isPlaying,
        });

    public static IResult Episode(long progressMs) =>
        Results.Json(new JsonObject
        {
            ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["context"] = null,
            ["progress_ms"] = progressMs,
            ["item"] = new JsonObject { ["id"] = "ep1", ["name"] = "A podcast", ["type"] = "episode", ["duration_ms"] = 3_600_000 },
            ["currently_playing_type"] = "episode",
            ["is_playing"] = true,
        });

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
