using System.Buffers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Recommender.Core.Events;

namespace Producer.Outbox;

/// <summary>
/// The producer's durable queue in SQLite: every event is written here before any post, and leaves only
/// when the ingestion API acknowledged it (or rejected it for good, into the rejected table). Events are
/// stored as rows of up to 100 JSON lines, so a 50k events/s load costs ~500 row writes a second.
/// A crash between a post and its removal re-sends the batch; the ingestion side de-duplicates by event_id.
/// </summary>
public sealed class EventOutbox : IDisposable
{
    /// <summary>Rows stay under the large-object-heap threshold (85,000 bytes), so queuing at load does not churn gen-2 collections; a batch joins several rows.</summary>
    public const int DefaultMaxRowBytes = 64 * 1024;
    public const int DefaultMaxRowEvents = 100;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly int _maxRowEvents;
    private readonly int _maxRowBytes;
    private readonly TimeProvider _clock;

    public string Path { get; }

    public EventOutbox(string path, int maxRowEvents = DefaultMaxRowEvents, int maxRowBytes = DefaultMaxRowBytes, TimeProvider? clock = null)
    {
        Path = path;
        _clock = clock ?? TimeProvider.System;
        _maxRowEvents = maxRowEvents;
        _maxRowBytes = maxRowBytes;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA page_size = 65536;
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            PRAGMA busy_timeout = 5000;
            CREATE TABLE IF NOT EXISTS outbox_rows (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                event_count INTEGER NOT NULL,
                lines BLOB NOT NULL,
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

    /// <summary>Adds events durably (one transaction), as rows that each fit one request. Returns how many were added.</summary>
    /// <param name="alsoRecord">Statements of the caller's own tables committed in the same transaction (commands it makes are bound to it).</param>
    public int Enqueue(IEnumerable<PlaybackEvent> events, Action<Func<SqliteCommand>>? alsoRecord = null)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var writer = new Utf8JsonWriter(buffer);
        var rows = new List<(int Count, byte[] Lines)>();
        int inRow = 0, lastEnd = 0, total = 0;
        foreach (var e in events)
        {
            var start = buffer.WrittenCount;
            if (inRow > 0) buffer.Write("\n"u8);
            JsonSerializer.Serialize(writer, e, EventJsonContext.Default.PlaybackEvent);
            writer.Flush();
            writer.Reset(buffer);
            inRow++;
            total++;
            if (buffer.WrittenCount + 2 > _maxRowBytes && inRow > 1)
            {
                // This event overflowed the row: close the row before it, start the next with it.
                rows.Add((inRow - 1, buffer.WrittenSpan[..start].ToArray()));
                var carried = buffer.WrittenSpan[(start + 1)..].ToArray();
                buffer.ResetWrittenCount();
                buffer.Write(carried);
                inRow = 1;
            }
            if (inRow == _maxRowEvents)
            {
                rows.Add((inRow, buffer.WrittenSpan.ToArray()));
                buffer.ResetWrittenCount();
                inRow = 0;
            }
            lastEnd = buffer.WrittenCount;
        }
        if (inRow > 0) rows.Add((inRow, buffer.WrittenSpan[..lastEnd].ToArray()));
        if (rows.Count == 0 && alsoRecord is null) return 0;

        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO outbox_rows (event_count, lines, enqueued_at) VALUES ($count, $lines, $at)";
            var count = insert.Parameters.Add("$count", SqliteType.Integer);
            var lines = insert.Parameters.Add("$lines", SqliteType.Blob);
            insert.Parameters.AddWithValue("$at", _clock.GetUtcNow().ToUnixTimeMilliseconds());
            foreach (var row in rows)
            {
                count.Value = row.Count;
                lines.Value = row.Lines;
                insert.ExecuteNonQuery();
            }
            alsoRecord?.Invoke(() =>
            {
                var command = _connection.CreateCommand();
                command.Transaction = tx;
                return command;
            });
            tx.Commit();
        }
        return total;
    }

    /// <summary>The oldest waiting rows, together at most <paramref name="maxEvents"/> events and <paramref name="maxBytes"/> bytes as a JSON array (the first row always).</summary>
    public IReadOnlyList<OutboxEntry> Peek(int maxEvents, int maxBytes, long afterSequence = 0)
    {
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT seq, event_count, lines FROM outbox_rows WHERE seq > $after ORDER BY seq LIMIT $limit";
            select.Parameters.AddWithValue("$after", afterSequence);
            select.Parameters.AddWithValue("$limit", Math.Max(1, maxEvents));
            using var reader = select.ExecuteReader();
            var batch = new List<OutboxEntry>();
            int events = 0, bytes = 2;
            while (reader.Read())
            {
                var count = reader.GetInt32(1);
                var lines = (byte[])reader.GetValue(2);
                if (batch.Count > 0 && (events + count > maxEvents || bytes + lines.Length + 1 > maxBytes)) break;
                batch.Add(new OutboxEntry(reader.GetInt64(0), count, lines));
                events += count;
                bytes += lines.Length + 1;
            }
            return batch;
        }
    }

    /// <summary>Removes delivered rows. Only called after the ingestion API acknowledged them.</summary>
    public void Remove(IEnumerable<long> sequences)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using var delete = _connection.CreateCommand();
            delete.Transaction = tx;
            delete.CommandText = "DELETE FROM outbox_rows WHERE seq = $seq";
            var seq = delete.Parameters.Add("$seq", SqliteType.Integer);
            foreach (var s in sequences)
            {
                seq.Value = s;
                delete.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    /// <summary>
    /// Moves events the ingestion API will never accept (by position in their row) to the rejected table with the reason;
    /// the row keeps its other events. One transaction, so a crash leaves either the old row or the new state.
    /// </summary>
    public void Reject(IEnumerable<(OutboxEntry Row, IReadOnlyDictionary<int, string> ErrorsByPosition)> rejections)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            var at = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var (row, errors) in rejections)
            {
                var lines = row.Lines();
                var kept = new List<ReadOnlyMemory<byte>>();
                for (var i = 0; i < lines.Count; i++)
                {
                    if (!errors.TryGetValue(i, out var error))
                    {
                        kept.Add(lines[i]);
                        continue;
                    }
                    using var insert = _connection.CreateCommand();
                    insert.Transaction = tx;
                    insert.CommandText = "INSERT OR REPLACE INTO rejected (event_id, json, error, rejected_at) VALUES ($id, $json, $error, $at)";
                    insert.Parameters.AddWithValue("$id", OutboxEntry.EventIdOf(lines[i].Span) ?? $"row{row.Sequence}-{i}");
                    insert.Parameters.AddWithValue("$json", lines[i].ToArray());
                    insert.Parameters.AddWithValue("$error", error);
                    insert.Parameters.AddWithValue("$at", at);
                    insert.ExecuteNonQuery();
                }
                using var update = _connection.CreateCommand();
                update.Transaction = tx;
                if (kept.Count == 0)
                {
                    update.CommandText = "DELETE FROM outbox_rows WHERE seq = $seq";
                }
                else
                {
                    update.CommandText = "UPDATE outbox_rows SET event_count = $count, lines = $lines WHERE seq = $seq";
                    update.Parameters.AddWithValue("$count", kept.Count);
                    update.Parameters.AddWithValue("$lines", OutboxEntry.JoinLines(kept));
                }
                update.Parameters.AddWithValue("$seq", row.Sequence);
                update.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    /// <summary>Halves a row the ingestion API found too large: the first half stays, the second goes to the end of the queue.</summary>
    public void Split(OutboxEntry row)
    {
        var lines = row.Lines();
        if (lines.Count < 2) return;
        var half = lines.Count / 2;
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using var update = _connection.CreateCommand();
            update.Transaction = tx;
            update.CommandText = """
                UPDATE outbox_rows SET event_count = $count1, lines = $lines1 WHERE seq = $seq;
                INSERT INTO outbox_rows (event_count, lines, enqueued_at) VALUES ($count2, $lines2, $at);
                """;
            update.Parameters.AddWithValue("$seq", row.Sequence);
            update.Parameters.AddWithValue("$count1", half);
            update.Parameters.AddWithValue("$lines1", OutboxEntry.JoinLines(lines.Take(half).ToList()));
            update.Parameters.AddWithValue("$count2", lines.Count - half);
            update.Parameters.AddWithValue("$lines2", OutboxEntry.JoinLines(lines.Skip(half).ToList()));
            update.Parameters.AddWithValue("$at", _clock.GetUtcNow().ToUnixTimeMilliseconds());
            update.ExecuteNonQuery();
            tx.Commit();
        }
    }

    public long Depth => Scalar("SELECT COALESCE(SUM(event_count), 0) FROM outbox_rows");
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

    /// <summary>Small durable key-values: the last post result, the Spotify cursor, the logged-in user.</summary>
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
