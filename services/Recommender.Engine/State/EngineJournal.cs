using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Recommender.Core.Events;

namespace Recommender.Engine.State;

/// <summary>
/// The engine's durable record of what it was fed (SQLite, WAL, fsync on commit), so a restart loses nothing the hot path has
/// checkpointed past: every new event is written here before it changes the engine's memory, and <see cref="TrackAsync"/> returns
/// (letting the consumer checkpoint) only after the commit. Both tables are append-only, one row per batch, so a batch costs two
/// sequential inserts and one fsync whatever its size (before: three statements per event into B-trees keyed by random ids).
/// <c>batches</c> holds the events since the last state snapshot (<see cref="EngineStateFile"/>), replayed in order at start;
/// <c>dedup</c> holds a 128-bit key of (user_id, event_id) for each of the last <see cref="EngineOptions.DedupWindowEvents"/>
/// events, the de-duplication window that outlives restarts, kept in memory as a set (<see cref="DedupWindow"/>).
/// </summary>
internal sealed class EngineJournal : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly DedupWindow _window;
    private long _lastSeq;

    public EngineJournal(string path, int dedupWindow)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _connection.Open();
        // synchronous=FULL: a committed batch survives a crash of the machine too, not just of the process, before the hot path checkpoints
        Execute("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;
            CREATE TABLE IF NOT EXISTS batches (seq INTEGER PRIMARY KEY AUTOINCREMENT, events BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS dedup (last_ordinal INTEGER PRIMARY KEY, keys BLOB NOT NULL);
            """);
        _window = new DedupWindow(dedupWindow);
        UpgradePerEventTables();
        // AUTOINCREMENT keeps the highest number ever used in sqlite_sequence: a snapshot's position stays below every later batch
        // even after a prune emptied the table
        using (var last = Command("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'batches'), 0)")) _lastSeq = (long)last.ExecuteScalar()!;
        using var keys = Command("SELECT last_ordinal, keys FROM dedup ORDER BY last_ordinal");
        using var reader = keys.ExecuteReader();
        while (reader.Read()) _window.Load(reader.GetInt64(0), (byte[])reader.GetValue(1));
    }

    /// <summary>Writes the events not seen before (by user and event id) in one transaction; returns them with their sequence numbers, in
    /// order. The events of one call share one sequence number (the batch's): replay resumes after whole batches.</summary>
    public List<(long Seq, PlaybackEvent Event)> Append(IReadOnlyList<PlaybackEvent> events)
    {
        var fresh = new List<(long, PlaybackEvent)>(events.Count);
        var keys = new List<UInt128>(events.Count);
        var inBatch = new HashSet<UInt128>(events.Count);
        var seq = _lastSeq + 1;
        foreach (var e in events)
        {
            var key = DedupWindow.KeyOf(e.UserId, e.EventId);
            if (_window.Contains(key) || !inBatch.Add(key)) continue;
            keys.Add(key);
            fresh.Add((seq, e));
        }
        if (fresh.Count == 0) return fresh;
        var lastOrdinal = _window.LastOrdinal + keys.Count;
        using (var transaction = _connection.BeginTransaction())
        {
            using (var batch = Command("INSERT INTO batches (seq, events) VALUES ($seq, $events)", transaction))
            {
                batch.Parameters.AddWithValue("$seq", seq);
                batch.Parameters.Add("$events", SqliteType.Blob).Value = Frame(fresh);
                batch.ExecuteNonQuery();
            }
            using (var dedup = Command("INSERT INTO dedup (last_ordinal, keys) VALUES ($ordinal, $keys)", transaction))
            {
                dedup.Parameters.AddWithValue("$ordinal", lastOrdinal);
                dedup.Parameters.Add("$keys", SqliteType.Blob).Value = DedupWindow.Pack(keys);
                dedup.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        // only a committed batch counts as seen: a failed commit is retried whole
        _lastSeq = seq;
        _window.Add(keys);
        return fresh;
    }

    /// <summary>The journaled events after <paramref name="seq"/>, in the order they were applied.</summary>
    public IEnumerable<(long Seq, PlaybackEvent Event)> After(long seq)
    {
        using var select = Command("SELECT seq, events FROM batches WHERE seq > $seq ORDER BY seq");
        select.Parameters.AddWithValue("$seq", seq);
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var at = reader.GetInt64(0);
            foreach (var e in Unframe((byte[])reader.GetValue(1))) yield return (at, e);
        }
    }

    /// <summary>Drops the batches a state snapshot at <paramref name="snapshotSeq"/> covers, and the de-duplication keys older than the
    /// newest <paramref name="dedupWindow"/> events.</summary>
    public void Prune(long snapshotSeq, int dedupWindow)
    {
        using var transaction = _connection.BeginTransaction();
        using (var batches = Command("DELETE FROM batches WHERE seq <= $seq", transaction))
        {
            batches.Parameters.AddWithValue("$seq", snapshotSeq);
            batches.ExecuteNonQuery();
        }
        // a row goes once all its keys are older than the window (its predecessor's last ordinal is its first - 1)
        using (var keys = Command("DELETE FROM dedup WHERE last_ordinal <= $oldest", transaction))
        {
            keys.Parameters.AddWithValue("$oldest", _window.LastOrdinal - dedupWindow);
            keys.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public void Dispose() => _connection.Dispose();

    // a batch's events as one blob: per event a 4-byte length and its contract JSON
    private static byte[] Frame(List<(long, PlaybackEvent Event)> events)
    {
        using var buffer = new MemoryStream(events.Count * 400);
        using var json = new Utf8JsonWriter(buffer);
        Span<byte> length = stackalloc byte[4];
        foreach (var (_, e) in events)
        {
            var at = buffer.Position;
            buffer.Write(length);
            json.Reset(buffer);
            JsonSerializer.Serialize(json, e, EventJsonContext.Default.PlaybackEvent);
            json.Flush();
            BinaryPrimitives.WriteInt32LittleEndian(buffer.GetBuffer().AsSpan((int)at, 4), (int)(buffer.Position - at - 4));
        }
        return buffer.ToArray();
    }

    private static List<PlaybackEvent> Unframe(byte[] blob)
    {
        var events = new List<PlaybackEvent>();
        for (var at = 0; at < blob.Length;)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(blob.AsSpan(at, 4));
            events.Add(EventJson.Deserialize(blob.AsSpan(at + 4, length)));
            at += 4 + length;
        }
        return events;
    }

    // journals written before batches (one row per event in `events`, dedup keys as text in `seen`) move into the batch tables once
    private void UpgradePerEventTables()
    {
        using var old = Command("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'seen')");
        if ((long)old.ExecuteScalar()! != 2) return;
        using var transaction = _connection.BeginTransaction();
        var keys = new List<UInt128>();
        using (var seen = Command("SELECT user_id, event_id FROM seen ORDER BY seq", transaction))
        using (var reader = seen.ExecuteReader())
            while (reader.Read()) keys.Add(DedupWindow.KeyOf(reader.GetString(0), reader.GetString(1)));
        if (keys.Count > 0)
        {
            using var dedup = Command("INSERT INTO dedup (last_ordinal, keys) VALUES ($ordinal, $keys)", transaction);
            dedup.Parameters.AddWithValue("$ordinal", (long)keys.Count);
            dedup.Parameters.Add("$keys", SqliteType.Blob).Value = DedupWindow.Pack(keys);
            dedup.ExecuteNonQuery();
        }
        // each old event becomes a batch of one under its old sequence number, which the state snapshot's position refers to
        using (var events = Command("SELECT seq, data FROM events ORDER BY seq", transaction))
        using (var reader = events.ExecuteReader())
        using (var batch = Command("INSERT INTO batches (seq, events) VALUES ($seq, $events)", transaction))
        {
            var seq = batch.Parameters.Add("$seq", SqliteType.Integer);
            var data = batch.Parameters.Add("$events", SqliteType.Blob);
            while (reader.Read())
            {
                var json = (byte[])reader.GetValue(1);
                var framed = new byte[4 + json.Length];
                BinaryPrimitives.WriteInt32LittleEndian(framed, json.Length);
                json.CopyTo(framed, 4);
                (seq.Value, data.Value) = (reader.GetInt64(0), framed);
                batch.ExecuteNonQuery();
            }
        }
        // the old sequence kept growing past pruned rows: the next batch continues after its highest number (an empty batch marks it)
        using (var mark = Command("""
            INSERT OR IGNORE INTO batches (seq, events)
            SELECT seq, x'' FROM sqlite_sequence WHERE name = 'events' AND seq > (SELECT coalesce(max(seq), 0) FROM batches)
            """, transaction))
            mark.ExecuteNonQuery();
        using (var drop = Command("DROP TABLE events; DROP TABLE seen;", transaction)) drop.ExecuteNonQuery();
        transaction.Commit();
    }

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
