using System.Text.Json;
using Microsoft.Data.Sqlite;
using Recommender.Core.Events;

namespace Producer.Outbox;

/// <summary>An event waiting to be posted: its place in the queue and its contract-v1 JSON.</summary>
public sealed record OutboxEntry(long Sequence, string EventId, byte[] Json);

public sealed record RejectedEvent(string EventId, string Error, DateTimeOffset RejectedAt, byte[] Json);

/// <summary>
/// The producer's durable queue in SQLite: every event is written here before any post, and leaves only
/// when the ingestion API acknowledged it (or rejected it for good, into the rejected table).
/// A crash between a post and its removal re-sends the batch; the ingestion side de-duplicates by event_id.
/// </summary>
public sealed class EventOutbox : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    public string Path { get; }

    public EventOutbox(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            PRAGMA busy_timeout = 5000;
            CREATE TABLE IF NOT EXISTS outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                event_id TEXT NOT NULL UNIQUE,
                json BLOB NOT NULL,
                enqueued_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS rejected (
                event_id TEXT PRIMARY KEY,
                json BLOB NOT NULL,
                error TEXT NOT NULL,
                rejected_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS producer_state (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL);
            """);
    }

    /// <summary>Adds events in one transaction; an event_id already waiting is not added twice. Returns how many were new.</summary>
    public int Enqueue(IEnumerable<PlaybackEvent> events)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT OR IGNORE INTO outbox (event_id, json, enqueued_at) VALUES ($id, $json, $at)";
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var json = insert.Parameters.Add("$json", SqliteType.Blob);
            var at = insert.Parameters.Add("$at", SqliteType.Integer);
            at.Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            insert.Prepare();
            var added = 0;
            foreach (var e in events)
            {
                id.Value = e.EventId;
                json.Value = EventJson.Serialize(e);
                added += insert.ExecuteNonQuery();
            }
            tx.Commit();
            return added;
        }
    }

    /// <summary>The oldest waiting events, at most <paramref name="maxEvents"/> and about <paramref name="maxBytes"/> of JSON.</summary>
    public IReadOnlyList<OutboxEntry> Peek(int maxEvents, int maxBytes, long afterSequence = 0)
    {
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT seq, event_id, json FROM outbox WHERE seq > $after ORDER BY seq LIMIT $limit";
            select.Parameters.AddWithValue("$after", afterSequence);
            select.Parameters.AddWithValue("$limit", maxEvents);
            using var reader = select.ExecuteReader();
            var batch = new List<OutboxEntry>();
            var bytes = 2; // the brackets of the array
            while (reader.Read())
            {
                var json = (byte[])reader.GetValue(2);
                if (batch.Count > 0 && bytes + json.Length + 1 > maxBytes) break;
                bytes += json.Length + 1;
                batch.Add(new OutboxEntry(reader.GetInt64(0), reader.GetString(1), json));
            }
            return batch;
        }
    }

    /// <summary>Removes delivered events. Only called after the ingestion API acknowledged them.</summary>
    public void Remove(IEnumerable<long> sequences)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using var delete = _connection.CreateCommand();
            delete.Transaction = tx;
            delete.CommandText = "DELETE FROM outbox WHERE seq = $seq";
            var seq = delete.Parameters.Add("$seq", SqliteType.Integer);
            delete.Prepare();
            foreach (var s in sequences)
            {
                seq.Value = s;
                delete.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    /// <summary>Moves events the ingestion API will never accept out of the queue, keeping them and the reason.</summary>
    public void Reject(IEnumerable<(OutboxEntry Entry, string Error)> rejections)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using var move = _connection.CreateCommand();
            move.Transaction = tx;
            move.CommandText = """
                INSERT OR REPLACE INTO rejected (event_id, json, error, rejected_at) VALUES ($id, $json, $error, $at);
                DELETE FROM outbox WHERE seq = $seq;
                """;
            var id = move.Parameters.Add("$id", SqliteType.Text);
            var json = move.Parameters.Add("$json", SqliteType.Blob);
            var error = move.Parameters.Add("$error", SqliteType.Text);
            var seq = move.Parameters.Add("$seq", SqliteType.Integer);
            move.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            foreach (var (entry, reason) in rejections)
            {
                id.Value = entry.EventId;
                json.Value = entry.Json;
                error.Value = reason;
                seq.Value = entry.Sequence;
                move.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    public long Depth => Scalar("SELECT COUNT(*) FROM outbox");
    public long RejectedCount => Scalar("SELECT COUNT(*) FROM rejected");

    public IReadOnlyList<RejectedEvent> Rejected(int limit = 20)
    {
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT event_id, error, rejected_at, json FROM rejected ORDER BY rejected_at DESC LIMIT $limit";
            select.Parameters.AddWithValue("$limit", limit);
            using var reader = select.ExecuteReader();
            var list = new List<RejectedEvent>();
            while (reader.Read())
                list.Add(new RejectedEvent(reader.GetString(0), reader.GetString(1),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), (byte[])reader.GetValue(3)));
            return list;
        }
    }

    /// <summary>Small durable key-values: the last post result, Spotify cursors, the logged-in user.</summary>
    public string? GetState(string key)
    {
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT value FROM producer_state WHERE key = $key";
            select.Parameters.AddWithValue("$key", key);
            return select.ExecuteScalar() as string;
        }
    }

    public void SetState(string key, string value)
    {
        lock (_gate)
        {
            using var upsert = _connection.CreateCommand();
            upsert.CommandText = "INSERT INTO producer_state (key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
            upsert.Parameters.AddWithValue("$key", key);
            upsert.Parameters.AddWithValue("$value", value);
            upsert.ExecuteNonQuery();
        }
    }

    public T? GetState<T>(string key, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        GetState(key) is { } json ? JsonSerializer.Deserialize(json, type) : default;

    public void SetState<T>(string key, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        SetState(key, JsonSerializer.Serialize(value, type));

    private long Scalar(string sql)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            return (long)command.ExecuteScalar()!;
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
