using System.Globalization;
using Microsoft.Data.Sqlite;
using Recommender.Adapters.Local;

namespace DatasetBuilder.Staging;

/// <summary>
/// The builder's own SQLite file (&lt;data-dir&gt;/builds/builder.db): every archived interaction once (keyed by
/// (user_id, event_id), the de-duplication key of the whole platform, so it is also the on-disk de-duplication set), the item catalog, per-user counts (so no step
/// has to group every interaction), and which runs read the archive into it. In local mode the run ledger shares the
/// file (Recommender.Adapters.Local's SqliteRunLedger). On AWS the file lives in the Lambda container's /tmp and may be gone at the
/// next invocation: <see cref="LastReadWatermark"/> and <see cref="HasRead"/> let a run notice that and read again.
/// Memory stays at SQLite's page cache whatever the archive size.
/// </summary>
public sealed class BuilderDatabase
{
    private const int CachePages = 2048;

    /// <summary>1: interactions keyed by (user_id, event_id) instead of event_id alone.</summary>
    private const int SchemaVersion = 1;

    private const string InteractionsTable = """
        CREATE TABLE IF NOT EXISTS interactions (
          event_id TEXT NOT NULL, user_id TEXT NOT NULL, item_id TEXT NOT NULL, ts INTEGER NOT NULL,
          event_type TEXT NOT NULL, event_value REAL, session_id TEXT, context_type TEXT, hour_of_day TEXT,
          ms_played INTEGER, run_id TEXT NOT NULL, PRIMARY KEY (user_id, event_id)) WITHOUT ROWID;
        """;

    public BuilderDatabase(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        if (Sqlite.UserVersion(connection, transaction) < SchemaVersion && Sqlite.TableExists(connection, "interactions", transaction))
        {
            Sqlite.Execute(connection, $"""
                ALTER TABLE interactions RENAME TO interactions_first_layout;
                {InteractionsTable}
                INSERT OR IGNORE INTO interactions SELECT event_id, user_id, item_id, ts, event_type, event_value, session_id,
                  context_type, hour_of_day, ms_played, run_id FROM interactions_first_layout;
                DROP TABLE interactions_first_layout;
                """, transaction);
        }
        Sqlite.Execute(connection, InteractionsTable + """
            CREATE TABLE IF NOT EXISTS items (
              item_id TEXT PRIMARY KEY, artist TEXT, genres TEXT, first_seen INTEGER NOT NULL, release_year INTEGER,
              danceability REAL, energy REAL, valence REAL, tempo REAL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS users (
              user_id TEXT PRIMARY KEY, interactions INTEGER NOT NULL, listens INTEGER NOT NULL, skips INTEGER NOT NULL,
              ms_played INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS reads (run_id TEXT PRIMARY KEY, watermark TEXT NOT NULL);
            """, transaction);
        Sqlite.Execute(connection, $"PRAGMA user_version = {SchemaVersion}", transaction);
        transaction.Commit();
    }

    public string Path { get; }

    /// <summary>
    /// The newest watermark of a complete archive read into this file; null for a new file. A file's first read covers the
    /// whole archive, so the file holds every event up to this hour.
    /// </summary>
    public DateTimeOffset? LastReadWatermark()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT max(watermark) FROM reads";
        return command.ExecuteScalar() is string text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;
    }

    /// <summary>Whether <paramref name="runId"/> finished reading the archive into this file.</summary>
    public bool HasRead(string runId)
    {
        using var connection = Open();
        return Scalar(connection, "SELECT count(*) FROM reads WHERE run_id = $id", ("$id", runId)) == 1;
    }

    public void RecordRead(string runId, DateTimeOffset watermark)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO reads (run_id, watermark) VALUES ($id, $watermark)";
        command.Parameters.AddWithValue("$id", runId);
        // fixed-width UTC sorts as text in time order
        command.Parameters.AddWithValue("$watermark", watermark.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        // a fixed page cache and on-disk temp storage keep memory flat however many rows there are
        Sqlite.Execute(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA cache_size={CachePages}; PRAGMA temp_store=FILE;");
        return connection;
    }

    public static long Scalar(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
    }
}
