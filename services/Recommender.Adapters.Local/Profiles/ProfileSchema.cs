using Microsoft.Data.Sqlite;

namespace Recommender.Adapters.Local.Profiles;

/// <summary>
/// The profile store's tables, and the step from the first layout (applied event_id unique across all users, kept
/// forever, applied_at in seconds) to this one: keyed by (user_id, event_id), applied_at in milliseconds, indexed by time
/// so the de-duplication window can forget old ids.
/// </summary>
internal static class ProfileSchema
{
    private const int Version = 1;

    private const string AppliedEvents = """
        CREATE TABLE IF NOT EXISTS applied_events (
            user_id TEXT NOT NULL, event_id TEXT NOT NULL, applied_at INTEGER NOT NULL,
            PRIMARY KEY (user_id, event_id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS applied_events_by_time ON applied_events (applied_at);
        """;

    public static void Ensure(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        if (Sqlite.UserVersion(connection, transaction) < Version)
        {
            Sqlite.Execute(connection, "CREATE TABLE IF NOT EXISTS profiles (user_id TEXT PRIMARY KEY, profile TEXT NOT NULL);", transaction);
            if (Sqlite.TableExists(connection, "applied_events", transaction))
            {
                Sqlite.Execute(connection, $"""
                    ALTER TABLE applied_events RENAME TO applied_events_first_layout;
                    {AppliedEvents}
                    INSERT OR IGNORE INTO applied_events (user_id, event_id, applied_at)
                        SELECT user_id, event_id, applied_at * 1000 FROM applied_events_first_layout;
                    DROP TABLE applied_events_first_layout;
                    """, transaction);
            }
            else Sqlite.Execute(connection, AppliedEvents, transaction);
            Sqlite.Execute(connection, $"PRAGMA user_version = {Version}", transaction);
        }
        transaction.Commit();
    }
}
