namespace Producer.Spotify;

/// <summary>The saved login no longer works (refresh token revoked or expired, or a 401 after a refresh).</summary>
public sealed class ReloginRequiredException(string reason)
    : Exception($"Spotify no longer accepts the saved login ({reason}); run `recommender-producer login` again.")
{
    /// <summary>What Spotify said (invalid_grant's description, or a 401 after a refresh).</summary>
    public string Reason { get; } = reason;
}

/// <summary>Spotify is unreachable or keeps failing; the caller keeps its state and tries again later.</summary>
public class SpotifyUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>429 with a Retry-After longer than the caller waits inline: no call to Spotify for this login before <see cref="RetryAt"/>.</summary>
public sealed class SpotifyRateLimitedException(TimeSpan retryAfter, DateTimeOffset retryAt)
    : SpotifyUnavailableException($"Spotify rate-limits this app; Retry-After {retryAfter.TotalSeconds:0} s")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
    public DateTimeOffset RetryAt { get; } = retryAt;
}

/// <summary>
/// 403 from the Web API: the endpoint is closed to this app (Development Mode lost several in February 2026) or
/// the user is not on the app's allowlist. Carries Spotify's own message, which says which.
/// </summary>
public sealed class SpotifyForbiddenException(string path, string? spotifyMessage)
    : Exception($"Spotify refused {path} (403{(string.IsNullOrWhiteSpace(spotifyMessage) ? "" : $": {spotifyMessage}")}). " +
        "A Development Mode app answers only the users added to its allowlist in the Spotify dashboard (at most 5), " +
        "and only while the app owner has Premium; some endpoints are closed to such apps.")
{
    public string Path { get; } = path;
    public string? SpotifyMessage { get; } = spotifyMessage;
}
