using Microsoft.Data.Sqlite;

namespace Recommender.Adapters.Local;

/// <summary>Opens SQLite files the way every embedded store needs them: WAL, fsync on commit, a busy timeout.</summary>
public static class Sqlite
{
    internal static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    internal static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(ConnectionString(path));
        connection.Open();
        // WAL lets readers run beside the one writer; synchronous=FULL makes a commit durable before we acknowledge it.
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;");
        return connection;
    }

    /// <summary>Runs one statement (or several separated by semicolons) that returns no rows.</summary>
    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    /// <summary>The schema version a store wrote with PRAGMA user_version (0 for a new file, or one of the first layout).</summary>
    public static long UserVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        return (long)command.ExecuteScalar()!;
    }

    public static bool TableExists(SqliteConnection connection, string name, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return (long)command.ExecuteScalar()! == 1;
    }

    internal static string PathIn(string dataDirectory, string fileName)
    {
        Directory.CreateDirectory(dataDirectory);
        return Path.GetFullPath(Path.Combine(dataDirectory, fileName));
    }
}
