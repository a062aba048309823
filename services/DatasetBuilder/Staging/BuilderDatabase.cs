using Microsoft.Data.Sqlite;

namespace DatasetBuilder.Staging;

/// <summary>
/// The builder's own SQLite file (&lt;data-dir&gt;/builds/builder.db): every archived interaction once (keyed by
/// event_id, so it is also the bounded, on-disk de-duplication set), the item catalog, per-user counts (so no step
/// has to group every interaction), and the ledger of runs.
/// Memory stays at SQLite's page cache whatever the archive size.
/// </summary>
public sealed class BuilderDatabase
{
    private const int CachePages = 2048;

    public BuilderDatabase(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        using var connection = Open();
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS interactions (
              event_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, item_id TEXT NOT NULL, ts INTEGER NOT NULL,
              event_type TEXT NOT NULL, event_value REAL, session_id TEXT, context_type TEXT, hour_of_day TEXT,
              ms_played INTEGER, run_id TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS items (
              item_id TEXT PRIMARY KEY, artist TEXT, genres TEXT, first_seen INTEGER NOT NULL, release_year INTEGER,
              danceability REAL, energy REAL, valence REAL, tempo REAL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS users (
              user_id TEXT PRIMARY KEY, interactions INTEGER NOT NULL, listens INTEGER NOT NULL, skips INTEGER NOT NULL,
              ms_played INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS runs (
              run_id TEXT PRIMARY KEY, trigger TEXT NOT NULL, mode TEXT NOT NULL, since_hour TEXT, watermark TEXT NOT NULL,
              started_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL, step TEXT NOT NULL,
              counts TEXT, metrics TEXT, baseline TEXT, kept INTEGER, model_version INTEGER, report TEXT, aws_state TEXT,
              lease_owner TEXT, lease_until TEXT);
            """);
    }

    public string Path { get; }

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
        Execute(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA cache_size={CachePages}; PRAGMA temp_store=FILE;");
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    public static long Scalar(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }
}
