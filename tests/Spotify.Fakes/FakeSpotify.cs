using Recommender.Contracts;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Spotify.Fakes;

/// <summary>
/// A stand-in for Spotify's Accounts service and Web API on loopback, from Spotify's documentation and the OpenAPI
/// description vendored beside it (Fakes/OpenApi). It checks what Spotify checks: PKCE S256 (the verifier must hash
/// to the challenge), redirect URIs (https, or http on a loopback IP literal), the token endpoint's form fields,
/// bearer tokens and their expiry, 1-50 ids and limits, after/before not both. It behaves as Spotify does today:
/// refresh tokens rotate now and then (the old one is refused after), expire 6 months after the authorization;
/// a Development Mode app (the default) gets 403 from the endpoints removed for it in February 2026 and from any
/// user not on its allowlist; ads and private sessions come as <c>item: null</c>; 204 comes briefly during
/// playback; <c>played_at</c> is the end of a play; only the last 50 plays are kept. Every JSON answer is checked
/// against the OpenAPI description; mismatches land in <see cref="ShapeViolations"/>.
/// </summary>
public sealed partial class FakeSpotify : IAsyncDisposable
{
    public const string ClientId = "fake-client-id";
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(183);
    /// <summary>Scopes Spotify knows (the ones a listening app asks for); others are refused at /authorize.</summary>
    private static readonly string[] KnownScopes =
        ["user-read-currently-playing", "user-read-recently-played", "user-read-playback-state", "user-read-private", "user-read-email"];

    /// <summary>What each endpoint needs of the token's scopes (any one of them); /me and the catalog need none.</summary>
    private static readonly Dictionary<string, string[]> ScopeOfEndpoint = new()
    {
        ["/me/player/currently-playing"] = ["user-read-currently-playing", "user-read-playback-state"],
        ["/me/player/recently-played"] = ["user-read-recently-played"],
    };

    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (string Challenge, string Redirect, FakeSpotifyAccount Account, string[] Scopes)> _codes = new();
    private readonly ConcurrentDictionary<string, (FakeSpotifyAccount Account, DateTimeOffset Expiry, string[] Scopes)> _accessTokens = new();
    private readonly ConcurrentDictionary<string, RefreshGrant> _refreshTokens = new();
    private readonly List<FakeSpotifyAccount> _accounts = [];
    private LoopbackServer _server = null!;
    private int _issued;

    private sealed class RefreshGrant(FakeSpotifyAccount account, DateTimeOffset authorizedAt, string[] scopes)
    {
        public FakeSpotifyAccount Account { get; } = account;
        public DateTimeOffset AuthorizedAt { get; } = authorizedAt;
        public string[] Scopes { get; } = scopes;
        public bool Valid { get; set; } = true;
        public int Uses { get; set; }
    }

    private FakeSpotify(TimeProvider time)
    {
        _time = time;
        Default = AddAccount("listener-42");
        SignedIn = Default;
    }

    public Uri BaseUrl => _server.BaseUrl;

    /// <summary>The account the single-listener tests use.</summary>
    public FakeSpotifyAccount Default { get; }

    /// <summary>Who approves the app on the authorize page.</summary>
    public FakeSpotifyAccount SignedIn { get; set; }

    /// <summary>Apps a person registers start in Development Mode; Extended Quota Mode keeps the endpoints and fields removed for it.</summary>
    public bool DevelopmentMode { get; set; } = true;

    /// <summary>Every n-th refresh of a grant returns a new refresh token and retires the old one; 0 never rotates.</summary>
    public int RotateRefreshTokenEvery { get; set; } = 2;

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>While set and not completed, the token endpoint does not answer (a stalled accounts service).</summary>
    public TaskCompletionSource? TokenEndpointStall { get; set; }

    public Dictionary<string, string[]> ArtistGenres { get; } = [];

    /// <summary>Path templates (as in the OpenAPI description) that answer 403 to this app, beyond those Development Mode closes.</summary>
    public HashSet<string> ClosedToThisApp { get; } = [];
    public ConcurrentQueue<string> Requests { get; } = new();
    public ConcurrentQueue<string> ShapeViolations { get; } = new();
    public int RefreshCount;
    public int MaxArtistIdsSeen;

    public string UserId => Default.UserId;
    public ConcurrentQueue<Func<JsonObject?>> CurrentlyPlaying => Default.CurrentlyPlaying;
    public ConcurrentQueue<int> ApiFaults => Default.ApiFaults;
    public FakePlayer Player => Default.Player;

    public int RetryAfterSeconds
    {
        get => Default.RetryAfterSeconds;
        set => Default.RetryAfterSeconds = value;
    }

    public IEnumerable<string> IssuedAccessTokens => _accessTokens.Keys;
    public IEnumerable<string> IssuedRefreshTokens => _refreshTokens.Keys;

    public static async Task<FakeSpotify> StartAsync(TimeProvider? time = null)
    {
        var fake = new FakeSpotify(time ?? TimeProvider.System);
        fake._server = await LoopbackServer.StartAsync(fake.Map);
        return fake;
    }

    /// <summary>Another listener; in Development Mode only the first five are on the allowlist.</summary>
    public FakeSpotifyAccount AddAccount(string userId)
    {
        lock (_accounts)
        {
            var accountId = "acc" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId)), 0, 8);
            var account = new FakeSpotifyAccount(userId, accountId, _time) { Allowlisted = !DevelopmentMode || _accounts.Count < 5 };
            _accounts.Add(account);
            return account;
        }
    }

    public void RevokeRefreshTokens()
    {
        foreach (var grant in _refreshTokens.Values) grant.Valid = false;
    }

    public void ExpireAccessTokens()
    {
        foreach (var key in _accessTokens.Keys) _accessTokens[key] = _accessTokens[key] with { Expiry = DateTimeOffset.MinValue };
    }

    /// <summary>A token pair as if a login had happened, for tests that start logged in.</summary>
    public (string Access, string Refresh) IssueTokens(FakeSpotifyAccount? account = null) =>
        Issue(new RefreshGrant(account ?? Default, _time.GetUtcNow(), KnownScopes));

    /// <summary>Refresh tokens of this account still valid (a revoked or rotated-away one is not).</summary>
    public int ValidRefreshTokens(FakeSpotifyAccount account) => _refreshTokens.Values.Count(g => g.Account == account && g.Valid);

    /// <summary>Spotify's "Remove access" in the account's settings: every grant of the account stops working.</summary>
    public void RevokeAccess(FakeSpotifyAccount account)
    {
        foreach (var grant in _refreshTokens.Values.Where(g => g.Account == account)) grant.Valid = false;
        foreach (var key in _accessTokens.Where(t => t.Value.Account == account).Select(t => t.Key).ToList()) _accessTokens.TryRemove(key, out _);
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/authorize", Authorize);
        app.MapPost("/api/token", Token);
        app.MapGet("/v1/me", (HttpContext c) => Api(c, "/me", a => Json(c, "/me", 200, Profile(a))));
        app.MapGet("/v1/me/player/currently-playing", (HttpContext c) => Api(c, "/me/player/currently-playing", a => CurrentlyPlayingAnswer(c, a)));
        app.MapGet("/v1/me/player/recently-played", (HttpContext c) => Api(c, "/me/player/recently-played", a => RecentlyPlayed(c, a)));
        app.MapGet("/v1/artists", (HttpContext c) => Api(c, "/artists", _ => SeveralArtists(c)));
        app.MapGet("/v1/artists/{id}", (HttpContext c, string id) => Api(c, "/artists/{id}", _ => Json(c, "/artists/{id}", 200, Artist(id))));
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
        // Spotify: https, or plain http only for a loopback IP literal (not "localhost").
        if (!Uri.TryCreate(redirect, UriKind.Absolute, out var uri) || !(uri.Scheme == "https" || uri.Scheme == "http" && uri.Host is "127.0.0.1" or "[::1]"))
            problems.Add("INVALID_CLIENT: Insecure redirect URI");
        if (scopes.Length == 0 || !scopes.All(KnownScopes.Contains)) problems.Add("invalid scope");
        if (problems.Count > 0) return Results.BadRequest(string.Join("; ", problems));
        var code = "code-" + Guid.NewGuid().ToString("N");
        _codes[code] = (q["code_challenge"]!, redirect, SignedIn, scopes);
        return Results.Redirect($"{redirect}?code={code}&state={Uri.EscapeDataString(q["state"]!)}");
    }

    private async Task<IResult> Token(HttpRequest request)
    {
        if (TokenEndpointStall is { } stall) await stall.Task.WaitAsync(request.HttpContext.RequestAborted);
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
                var (access, refresh) = Issue(new RefreshGrant(issued.Account, _time.GetUtcNow(), issued.Scopes));
                return Results.Json(new { access_token = access, token_type = "Bearer", scope = string.Join(' ', issued.Scopes), expires_in = (int)AccessTokenLifetime.TotalSeconds, refresh_token = refresh });
            case "refresh_token":
                var token = form["refresh_token"].ToString();
                if (!_refreshTokens.TryGetValue(token, out var grant) || !grant.Valid) return TokenError("invalid_grant", "Refresh token revoked");
                if (_time.GetUtcNow() - grant.AuthorizedAt > RefreshTokenLifetime) return TokenError("invalid_grant", "Refresh token expired");
                Interlocked.Increment(ref RefreshCount);
                var newAccess = NewAccessToken(grant);
                grant.Uses++;
                if (RotateRefreshTokenEvery > 0 && grant.Uses % RotateRefreshTokenEvery == 0)
                {
                    // Rotation: a new refresh token with the same 6-month lifetime; the old one stops working.
                    grant.Valid = false;
                    var rotated = new RefreshGrant(grant.Account, grant.AuthorizedAt, grant.Scopes) { Uses = grant.Uses };
                    var newRefresh = $"refresh-{Interlocked.Increment(ref _issued)}-{Guid.NewGuid():N}";
                    _refreshTokens[newRefresh] = rotated;
                    return Results.Json(new { access_token = newAccess, token_type = "Bearer", scope = string.Join(' ', grant.Scopes), expires_in = (int)AccessTokenLifetime.TotalSeconds, refresh_token = newRefresh });
                }
                // Otherwise the answer leaves out refresh_token: the old one stays valid.
                return Results.Json(new { access_token = newAccess, token_type = "Bearer", scope = string.Join(' ', grant.Scopes), expires_in = (int)AccessTokenLifetime.TotalSeconds });
            default:
                return TokenError("unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
        }
    }

    private (string, string) Issue(RefreshGrant grant)
    {
        var access = NewAccessToken(grant);
        var refresh = $"refresh-{Interlocked.Increment(ref _issued)}-{Guid.NewGuid():N}";
        _refreshTokens[refresh] = grant;
        return (access, refresh);
    }

    private string NewAccessToken(RefreshGrant grant)
    {
        var access = $"access-{Interlocked.Increment(ref _issued)}-{Guid.NewGuid():N}";
        _accessTokens[access] = (grant.Account, _time.GetUtcNow() + AccessTokenLifetime, grant.Scopes);
        return access;
    }

    private IResult Api(HttpContext context, string pathTemplate, Func<FakeSpotifyAccount, IResult> answer)
    {
        Requests.Enqueue(context.Request.Path + context.Request.QueryString);
        var auth = context.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ") || !_accessTokens.TryGetValue(auth["Bearer ".Length..], out var issued))
            return ApiError(context, pathTemplate, 401, "Invalid access token");
        if (issued.Expiry < _time.GetUtcNow()) return ApiError(context, pathTemplate, 401, "The access token expired");
        var account = issued.Account;
        Interlocked.Increment(ref account.ApiCalls);
        if (DevelopmentMode && !account.Allowlisted)
            return ApiError(context, pathTemplate, 403, "User not registered in the Developer Dashboard");
        if (ClosedToThisApp.Contains(pathTemplate)) return ApiError(context, pathTemplate, 403, "Forbidden");
        if (ScopeOfEndpoint.TryGetValue(pathTemplate, out var needed) && !needed.Any(issued.Scopes.Contains))
            return ApiError(context, pathTemplate, 403, "Insufficient client scope");
        int? fault = account.ApiFaults.TryDequeue(out var next) ? next : account.PersistentFault;
        if (fault is { } status)
        {
            if (status == 429) context.Response.Headers.RetryAfter = account.RetryAfterSeconds.ToString();
            return ApiError(context, pathTemplate, status, status == 429 ? "API rate limit exceeded" : "Server error");
        }
        return answer(account);
    }

    private IResult CurrentlyPlayingAnswer(HttpContext context, FakeSpotifyAccount account)
    {
        var body = account.CurrentlyPlaying.TryDequeue(out var scripted) ? scripted() : account.Player.CurrentlyPlaying();
        return body is null ? Results.NoContent() : Json(context, "/me/player/currently-playing", 200, body);
    }

    private IResult RecentlyPlayed(HttpContext context, FakeSpotifyAccount account)
    {
        var query = context.Request.Query;
        var limit = int.TryParse(query["limit"], out var l) ? l : 20;
        if (limit is < 1 or > 50) return ApiError(context, "/me/player/recently-played", 400, "Invalid limit");
        if (query.ContainsKey("after") && query.ContainsKey("before"))
            return ApiError(context, "/me/player/recently-played", 400, "Only one of after or before may be given");
        account.Player.Settle(); // plays that ended since the last look are in the history by now
        long? after = long.TryParse(query["after"], out var a) ? a : null;
        long? before = long.TryParse(query["before"], out var b) ? b : null;
        var matching = account.History
            .Where(i => after is null || FakeSpotifyAccount.PlayedAt(i).ToUnixTimeMilliseconds() > after)
            .Where(i => before is null || FakeSpotifyAccount.PlayedAt(i).ToUnixTimeMilliseconds() < before)
            .ToList();
        var items = matching.Take(limit).ToList();
        var times = items.Select(i => FakeSpotifyAccount.PlayedAt(i).ToUnixTimeMilliseconds()).ToList();
        var href = $"https://api.spotify.com/v1/me/player/recently-played{context.Request.QueryString}";
        return Json(context, "/me/player/recently-played", 200, new JsonObject
        {
            ["href"] = href,
            ["limit"] = limit,
            ["next"] = matching.Count > limit ? $"https://api.spotify.com/v1/me/player/recently-played?before={times.Min()}&limit={limit}" : null,
            ["cursors"] = times.Count == 0 ? null : new JsonObject { ["after"] = times.Max().ToString(), ["before"] = times.Min().ToString() },
            ["items"] = new JsonArray(items.Select(i => (JsonNode)i.DeepClone()).ToArray()),
        });
    }

    private IResult SeveralArtists(HttpContext context)
    {
        // February 2026: "[REMOVED] Get Several Artists (GET /artists)" for Development Mode apps.
        if (DevelopmentMode) return ApiError(context, "/artists", 403, "Forbidden");
        var ids = context.Request.Query["ids"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        MaxArtistIdsSeen = Math.Max(MaxArtistIdsSeen, ids.Length);
        if (ids.Length is 0 or > 50) return ApiError(context, "/artists", 400, "Invalid ids: 1 to 50");
        return Json(context, "/artists", 200, new JsonObject { ["artists"] = new JsonArray(ids.Select(id => (JsonNode)Artist(id)).ToArray()) });
    }

    private JsonObject Profile(FakeSpotifyAccount account) => new()
    {
        ["account_id"] = account.AccountId,
        ["display_name"] = account.DisplayName,
        ["external_urls"] = new JsonObject { ["spotify"] = $"https://open.spotify.com/user/{account.UserId}" },
        ["href"] = $"https://api.spotify.com/v1/users/{account.UserId}",
        ["id"] = account.UserId,
        ["images"] = new JsonArray(),
        ["type"] = "user",
        ["uri"] = $"spotify:user:{account.UserId}",
    };

    /// <summary>An artist as GET /artists/{id} gives it; Development Mode leaves out followers and popularity, and genres unless known.</summary>
    private JsonObject Artist(string id)
    {
        var artist = new JsonObject
        {
            ["external_urls"] = new JsonObject { ["spotify"] = $"https://open.spotify.com/artist/{id}" },
            ["href"] = $"https://api.spotify.com/v1/artists/{id}",
            ["id"] = id,
            ["images"] = new JsonArray(),
            ["name"] = $"Artist {id}",
            ["type"] = "artist",
            ["uri"] = $"spotify:artist:{id}",
        };
        if (ArtistGenres.TryGetValue(id, out var genres)) artist["genres"] = new JsonArray(genres.Select(g => (JsonNode)g).ToArray());
        else if (!DevelopmentMode) artist["genres"] = new JsonArray();
        if (!DevelopmentMode)
        {
            artist["followers"] = new JsonObject { ["href"] = null, ["total"] = 1000 };
            artist["popularity"] = 50;
        }
        return artist;
    }

    private IResult Json(HttpContext context, string pathTemplate, int status, JsonObject body)
    {
        foreach (var problem in SpotifyOpenApi.Check(pathTemplate, status, body)) ShapeViolations.Enqueue($"GET {pathTemplate} {status}: {problem}");
        return Results.Json(body, statusCode: status);
    }

    private IResult ApiError(HttpContext context, string pathTemplate, int status, string message) =>
        Json(context, pathTemplate, status, new JsonObject { ["error"] = new JsonObject { ["status"] = status, ["message"] = message } });

    private static IResult TokenError(string error, string description) =>
        Results.Json(new { error, error_description = description }, statusCode: 400);

    private static string Challenge(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
