namespace Producer.Spotify;

/// <summary>Keys of what the producer remembers about Spotify in the outbox database's state table.</summary>
public static class SpotifyState
{
    public const string UserKey = "spotify_user";
    public const string RecentlyPlayedCursorKey = "spotify_recently_played_after";
}
