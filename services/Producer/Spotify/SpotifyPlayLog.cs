using Microsoft.Data.Sqlite;

namespace Producer.Spotify;

/// <summary>
/// The listens the producer turned into events, kept in the outbox database (written in the same transaction as
/// the events) so that the recently-played backfill recognises them, also after a restart. recently-played's
/// <c>played_at</c> is the end of a play, so a polled listen is matched by its end (± <see cref="MatchTolerance"/>,
/// each listen at most once), however long it was paused. A listen that ended in a long pause stays open until
/// the tracker sees the track move on, because Spotify dates it from then.
/// </summary>
public sealed class SpotifyPlayLog : IDisposable
{
    /// <summary>How far Spotify's played_at and the end the polls saw may be apart: a poll interval and a short gap, with room.</summary>
    public static readonly TimeSpan MatchTolerance = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Kept = TimeSpan.FromDays(30);
    private readonly SqliteConnection _connection;

    public SpotifyPlayLog(string databasePath)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = """
            PRAGMA busy_timeout = 5000;
            DROP TABLE IF EXISTS spotify_plays;
            CREATE TABLE IF NOT EXISTS spotify_listens (
                event_id TEXT PRIMARY KEY,
                track_id TEXT NOT NULL,
                ended_ms INTEGER NOT NULL,
                observed_until_ms INTEGER,
                polled INTEGER NOT NULL,
                matched INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX IF NOT EXISTS spotify_listens_track ON spotify_listens (track_id, ended_ms);
            """;
        create.ExecuteNonQuery();
    }

    /// <summary>Statements recording polled listens, for <see cref="Outbox.EventOutbox.Enqueue"/>'s transaction; an open one has no known end of sight yet.</summary>
    public static Action<Func<SqliteCommand>> Polled(IEnumerable<(string EventId, string TrackId, DateTimeOffset EndedAt, bool Open)> listens, DateTimeOffset now) => command =>
    {
        foreach (var (eventId, trackId, endedAt, open) in listens)
            Insert(command, eventId, trackId, endedAt, open ? null : endedAt, polled: true);
        using var prune = command();
        prune.CommandText = "DELETE FROM spotify_listens WHERE ended_ms < $before";
        prune.Parameters.AddWithValue("$before", (now - Kept).ToUnixTimeMilliseconds());
        prune.ExecuteNonQuery();
    };

    /// <summary>Statements recording backfilled plays, so a later backfill that reads them again skips them.</summary>
    public static Action<Func<SqliteCommand>> Backfilled(IEnumerable<(string EventId, string TrackId, DateTimeOffset PlayedAt)> plays) => command =>
    {
        foreach (var (eventId, trackId, playedAt) in plays) Insert(command, eventId, trackId, playedAt, playedAt, polled: false);
    };

    public bool Knows(string eventId)
    {
        using var select = _connection.CreateCommand();
        select.CommandText = "SELECT 1 FROM spotify_listens WHERE event_id = $id";
        select.Parameters.AddWithValue("$id", eventId);
        return select.ExecuteScalar() is not null;
    }

    /// <summary>True when a polled listen not yet matched stands for this play; it is then matched and stands for no other.</summary>
    public bool TryMatch(string trackId, DateTimeOffset playedAt)
    {
        using var select = _connection.CreateCommand();
        select.CommandText = """
            UPDATE spotify_listens SET matched = 1 WHERE event_id = (
                SELECT event_id FROM spotify_listens
                WHERE track_id = $t AND polled = 1 AND matched = 0
                  AND ended_ms - $tolerance <= $p AND COALESCE(observed_until_ms, $p) + $tolerance >= $p
                ORDER BY ABS(ended_ms - $p) LIMIT 1)
            """;
        select.Parameters.AddWithValue("$t", trackId);
        select.Parameters.AddWithValue("$p", playedAt.ToUnixTimeMilliseconds());
        select.Parameters.AddWithValue("$tolerance", (long)MatchTolerance.TotalMilliseconds);
        return select.ExecuteNonQuery() > 0;
    }

    /// <summary>The track of a listen that ended in a long pause moved on: Spotify's played_at for it lies up to here.</summary>
    public void Close(string trackId, DateTimeOffset endedAt, DateTimeOffset observedUntil)
    {
        using var update = _connection.CreateCommand();
        update.CommandText = "UPDATE spotify_listens SET observed_until_ms = $u WHERE track_id = $t AND ended_ms = $e AND observed_until_ms IS NULL";
        update.Parameters.AddWithValue("$t", trackId);
        update.Parameters.AddWithValue("$e", endedAt.ToUnixTimeMilliseconds());
        update.Parameters.AddWithValue("$u", observedUntil.ToUnixTimeMilliseconds());
        update.ExecuteNonQuery();
    }

    private static void Insert(Func<SqliteCommand> command, string eventId, string trackId, DateTimeOffset endedAt, DateTimeOffset? observedUntil, bool polled)
    {
        using var insert = command();
        insert.CommandText = """
            INSERT INTO spotify_listens (event_id, track_id, ended_ms, observed_until_ms, polled) VALUES ($id, $t, $e, $u, $polled)
            ON CONFLICT(event_id) DO NOTHING
            """;
        insert.Parameters.AddWithValue("$id", eventId);
        insert.Parameters.AddWithValue("$t", trackId);
        insert.Parameters.AddWithValue("$e", endedAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$u", observedUntil is { } u ? u.ToUnixTimeMilliseconds() : DBNull.Value);
        insert.Parameters.AddWithValue("$polled", polled ? 1 : 0);
        insert.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
