namespace Producer.Spotify;

/// <summary>The saved login no longer works (refresh token revoked or expired, or a 401 after a refresh).</summary>
public sealed class ReloginRequiredException(string reason)
    : Exception($"Spotify no longer accepts the saved login ({reason}); run `recommender-producer login` again.");

/// <summary>Spotify is unreachable or keeps failing; the caller keeps its state and tries again later.</summary>
public sealed class SpotifyUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
