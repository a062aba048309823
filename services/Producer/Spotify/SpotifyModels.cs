using System.Text.Json.Serialization;

namespace Producer.Spotify;

// Shapes of the Spotify Web API and Accounts service responses, only the fields the producer reads.

public sealed record SpotifyContext(string? Type, string? Uri);

public sealed record SpotifyArtistRef(string? Id, string? Name);

public sealed record SpotifyAlbum(string? Name, string? ReleaseDate);

/// <summary>A track object (or an episode, whose "type" is "episode").</summary>
public sealed record SpotifyItem
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Type { get; init; }
    public long DurationMs { get; init; }
    public bool IsLocal { get; init; }
    public List<SpotifyArtistRef>? Artists { get; init; }
    public SpotifyAlbum? Album { get; init; }
}

public sealed record CurrentlyPlaying
{
    public long Timestamp { get; init; }
    public SpotifyContext? Context { get; init; }
    public long? ProgressMs { get; init; }
    public bool IsPlaying { get; init; }
    public SpotifyItem? Item { get; init; }

    /// <summary>track, episode, ad or unknown.</summary>
    public string? CurrentlyPlayingType { get; init; }
}

public sealed record PlayHistoryItem(SpotifyItem Track, DateTimeOffset PlayedAt, SpotifyContext? Context);

public sealed record Cursors(string? After, string? Before);

public sealed record RecentlyPlayed
{
    public List<PlayHistoryItem> Items { get; init; } = [];
    public Cursors? Cursors { get; init; }
    public string? Next { get; init; }
    public int Limit { get; init; }
}

public sealed record SpotifyArtist(string? Id, string? Name, List<string>? Genres);

public sealed record SeveralArtists(List<SpotifyArtist?> Artists);

/// <summary>The current user. <c>account_id</c> is immutable and is what Spotify says to link accounts by; <c>id</c> may change.</summary>
public sealed record SpotifyUser(string Id, string? DisplayName, string? AccountId = null)
{
    /// <summary>The key the producer files this listener under: the account id when Spotify sends one.</summary>
    public string LinkKey => string.IsNullOrEmpty(AccountId) ? Id : AccountId;
}

/// <summary>Spotify's error object: {"error":{"status":429,"message":"...","reason":"QUOTA_EXCEEDED"}}.</summary>
public sealed record ApiError(int Status, string? Message, string? Reason);

public sealed record ApiErrorBody(ApiError? Error);

public sealed record TokenResponse
{
    public string AccessToken { get; init; } = "";
    public string? TokenType { get; init; }
    public string? Scope { get; init; }
    public int ExpiresIn { get; init; }
    public string? RefreshToken { get; init; }
}

public sealed record TokenError(string? Error, string? ErrorDescription);

/// <summary>What the producer keeps (encrypted) between runs.</summary>
public sealed record StoredToken(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt, string? Scope);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CurrentlyPlaying))]
[JsonSerializable(typeof(RecentlyPlayed))]
[JsonSerializable(typeof(SeveralArtists))]
[JsonSerializable(typeof(SpotifyUser))]
[JsonSerializable(typeof(SpotifyArtist))]
[JsonSerializable(typeof(ApiErrorBody))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(TokenError))]
[JsonSerializable(typeof(StoredToken))]
public sealed partial class SpotifyJson : JsonSerializerContext;
