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

    internal static string PathIn(string dataDirectory, string fileName)
    {
        Directory.CreateDirectory(dataDirectory);
        return Path.GetFullPath(Path.Combine(dataDirectory, fileName));
    }
}
