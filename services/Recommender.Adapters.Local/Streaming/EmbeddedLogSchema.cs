using Microsoft.Data.Sqlite;

namespace Recommender.Adapters.Local.Streaming;

/// <summary>
/// The tables of the embedded stream, and the one step from the first layout (event_id unique across all users,
/// remembered only while its record was retained) to this one: de-duplication on (user_id, event_id) in a table
/// of its own, kept for the de-duplication window, longer than the records.
/// </summary>
internal static class EmbeddedLogSchema
{
    /// <summary>1: de-duplication on (user_id, event_id) apart from the records; 2: the count of records lost to retention.</summary>
    private const int Version = 2;

    private const string RetentionLosses = """
        CREATE TABLE IF NOT EXISTS retention_losses (
            consumer TEXT PRIMARY KEY,
            records INTEGER NOT NULL,
            last_lost_at INTEGER NOT NULL);
        """;

    private const string Tables = """
        CREATE TABLE IF NOT EXISTS records (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            shard INTEGER NOT NULL,
            partition_key TEXT NOT NULL,
            data BLOB NOT NULL,
            arrived_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS records_by_shard ON records (shard, seq);
        CREATE INDEX IF NOT EXISTS records_by_arrival ON records (arrived_at);
        CREATE TABLE IF NOT EXISTS seen_events (
            user_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            seen_at INTEGER NOT NULL,
            PRIMARY KEY (user_id, event_id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS seen_events_by_time ON seen_events (seen_at);
        CREATE TABLE IF NOT EXISTS checkpoints (
            consumer TEXT NOT NULL,
            shard INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (consumer, shard));
        """;

    public static void Ensure(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        var version = Sqlite.UserVersion(connection, transaction);
        if (version < 1)
        {
            if (Sqlite.TableExists(connection, "records", transaction)) MigrateFromFirstLayout(connection, transaction);
            else Sqlite.Execute(connection, Tables, transaction);
        }
        if (version < 2) Sqlite.Execute(connection, RetentionLosses, transaction);
        if (version < Version) Sqlite.Execute(connection, $"PRAGMA user_version = {Version}", transaction);
        transaction.Commit();
    }

    private static void MigrateFromFirstLayout(SqliteConnection connection, SqliteTransaction transaction) =>
        Sqlite.Execute(connection, $"""
            ALTER TABLE records RENAME TO records_first_layout;
            DROP INDEX IF EXISTS records_by_shard;
            DROP INDEX IF EXISTS records_by_arrival;
            {Tables}
            INSERT INTO records (seq, shard, partition_key, data, arrived_at)
                SELECT seq, shard, partition_key, data, arrived_at FROM records_first_layout;
            INSERT OR IGNORE INTO seen_events (user_id, event_id, seen_at)
                SELECT partition_key, event_id, arrived_at FROM records_first_layout;
            -- keep the sequence: a log trimmed empty must not hand out numbers that checkpoints have already passed
            UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM sqlite_sequence WHERE name IN ('records', 'records_first_layout'))
                WHERE name = 'records';
            INSERT INTO sqlite_sequence (name, seq)
                SELECT 'records', seq FROM sqlite_sequence
                WHERE name = 'records_first_layout' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'records');
            DROP TABLE records_first_layout;
            """, transaction);
}
