using Microsoft.Data.Sqlite;

namespace Producer.Spotify;

/// <summary>
/// The plays polling already turned into events, kept in the outbox database so that the
/// recently-played backfill (whose played_at is Spotify's, not ours) skips them, also after a restart.
/// </summary>
public sealed class SpotifyPlayLog : IDisposable
{
    // Spotify's played_at lies around the end of a play; this much slack on each side matches it to ours.
    private const long SlackMs = 120_000;
    private readonly SqliteConnection _connection;

    public SpotifyPlayLog(string databasePath)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = """
            PRAGMA busy_timeout = 5000;
            CREATE TABLE IF NOT EXISTS spotify_plays (track_id TEXT NOT NULL, started_ms INTEGER NOT NULL, ended_ms INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS spotify_plays_track ON spotify_plays (track_id, started_ms);
            """;
        create.ExecuteNonQuery();
    }

    public void Record(string trackId, DateTimeOffset startedAt, long msPlayed)
    {
        using var insert = _connection.CreateCommand();
        insert.CommandText = "INSERT INTO spotify_plays (track_id, started_ms, ended_ms) VALUES ($t, $s, $e)";
        insert.Parameters.AddWithValue("$t", trackId);
        insert.Parameters.AddWithValue("$s", startedAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$e", startedAt.ToUnixTimeMilliseconds() + msPlayed);
        insert.ExecuteNonQuery();
    }

    public bool Covers(string trackId, DateTimeOffset playedAt)
    {
        using var select = _connection.CreateCommand();
        select.CommandText = "SELECT 1 FROM spotify_plays WHERE track_id = $t AND started_ms - $slack <= $p AND ended_ms + $slack >= $p LIMIT 1";
        select.Parameters.AddWithValue("$t", trackId);
        select.Parameters.AddWithValue("$p", playedAt.ToUnixTimeMilliseconds());
        select.Parameters.AddWithValue("$slack", SlackMs);
        return select.ExecuteScalar() is not null;
    }

    public void Dispose() => _connection.Dispose();
}
