using Microsoft.Data.Sqlite;
using Recommender.Core.Events;

namespace Recommender.Engine.State;

/// <summary>
/// The engine's durable record of what it was fed (SQLite, WAL, fsync on commit), so a restart loses nothing the hot path has
/// checkpointed past: every new event is written here before it changes the engine's memory, and <see cref="TrackAsync"/> returns
/// (letting the consumer checkpoint) only after the commit. <c>seen</c> holds (user_id, event_id) of the last
/// <see cref="EngineOptions.DedupWindowEvents"/> events, the de-duplication window that outlives restarts; <c>events</c> holds
/// the events since the last state snapshot (<see cref="EngineStateFile"/>), replayed in order at start.
/// </summary>
internal sealed class EngineJournal : IDisposable
{
    private readonly SqliteConnection _connection;

    public EngineJournal(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _connection.Open();
        // synchronous=FULL: a committed batch survives a crash of the machine too, not just of the process, before the hot path checkpoints
        Execute("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;
            CREATE TABLE IF NOT EXISTS seen (user_id TEXT NOT NULL, event_id TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (user_id, event_id)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS seen_by_seq ON seen (seq);
            CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL);
            """);
    }

    /// <summary>Writes the events not seen before (by user and event id) in one transaction; returns them with their sequence numbers, in order.</summary>
    public List<(long Seq, PlaybackEvent Event)> Append(IReadOnlyList<PlaybackEvent> events)
    {
        var fresh = new List<(long, PlaybackEvent)>(events.Count);
        using var transaction = _connection.BeginTransaction();
        using var insertEvent = Command("INSERT INTO events (data) VALUES ($data) RETURNING seq", transaction);
        var data = insertEvent.Parameters.Add("$data", SqliteType.Blob);
        using var insertSeen = Command("INSERT OR IGNORE INTO seen (user_id, event_id, seq) VALUES ($user, $event, $seq)", transaction);
        var user = insertSeen.Parameters.Add("$user", SqliteType.Text);
        var id = insertSeen.Parameters.Add("$event", SqliteType.Text);
        var seq = insertSeen.Parameters.Add("$seq", SqliteType.Integer);
        using var isSeen = Command("SELECT 1 FROM seen WHERE user_id = $user AND event_id = $event", transaction);
        var seenUser = isSeen.Parameters.Add("$user", SqliteType.Text);
        var seenId = isSeen.Parameters.Add("$event", SqliteType.Text);
        foreach (var e in events)
        {
            (seenUser.Value, seenId.Value) = (e.UserId, e.EventId);
            if (isSeen.ExecuteScalar() is not null) continue;
            data.Value = EventJson.Serialize(e);
            var at = (long)insertEvent.ExecuteScalar()!;
            (user.Value, id.Value, seq.Value) = (e.UserId, e.EventId, at);
            insertSeen.ExecuteNonQuery();
            fresh.Add((at, e));
        }
        transaction.Commit();
        return fresh;
    }

    /// <summary>The journaled events after <paramref name="seq"/>, in the order they were applied.</summary>
    public IEnumerable<(long Seq, PlaybackEvent Event)> After(long seq)
    {
        using var select = Command("SELECT seq, data FROM events WHERE seq > $seq ORDER BY seq");
        select.Parameters.AddWithValue("$seq", seq);
        using var reader = select.ExecuteReader();
        while (reader.Read()) yield return (reader.GetInt64(0), EventJson.Deserialize((byte[])reader.GetValue(1)));
    }

    /// <summary>Drops the events a state snapshot at <paramref name="snapshotSeq"/> covers, and the de-duplication keys older than the
    /// newest <paramref name="dedupWindow"/> events.</summary>
    public void Prune(long snapshotSeq, int dedupWindow)
    {
        using var transaction = _connection.BeginTransaction();
        using (var events = Command("DELETE FROM events WHERE seq <= $seq", transaction))
        {
            events.Parameters.AddWithValue("$seq", snapshotSeq);
            events.ExecuteNonQuery();
        }
        using (var seen = Command("DELETE FROM seen WHERE seq <= (SELECT coalesce(max(seq), 0) FROM seen) - $window", transaction))
        {
            seen.Parameters.AddWithValue("$window", dedupWindow);
            seen.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}
