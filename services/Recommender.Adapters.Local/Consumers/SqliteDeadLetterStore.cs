using Microsoft.Data.Sqlite;
using Recommender.Core.Consumers;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Local.Consumers;

/// <summary>The dead-letter table: records a consumer gave up on, with the last error, kept until a redrive gets them through.</summary>
public sealed class SqliteDeadLetterStore : IDeadLetterStore
{
    private readonly string _path;
    private readonly TimeProvider _time;

    public SqliteDeadLetterStore(string path, TimeProvider? time = null)
    {
        _path = path;
        _time = time ?? TimeProvider.System;
        using var connection = Sqlite.Open(path);
        using var transaction = connection.BeginTransaction();
        Sqlite.Execute(connection, """
            CREATE TABLE IF NOT EXISTS dead_letters (
                consumer TEXT NOT NULL, shard_id TEXT NOT NULL, sequence_number TEXT NOT NULL,
                error TEXT NOT NULL, attempts INTEGER NOT NULL, failed_at INTEGER NOT NULL, data BLOB NOT NULL,
                PRIMARY KEY (consumer, shard_id, sequence_number));
            """, transaction);
        // tables of the first layout lack the redrive mark
        if (Sqlite.UserVersion(connection, transaction) < 1)
        {
            using var columns = connection.CreateCommand();
            columns.Transaction = transaction;
            columns.CommandText = "SELECT count(*) FROM pragma_table_info('dead_letters') WHERE name = 'redrive_requested'";
            if ((long)columns.ExecuteScalar()! == 0)
                Sqlite.Execute(connection, "ALTER TABLE dead_letters ADD COLUMN redrive_requested INTEGER NOT NULL DEFAULT 0", transaction);
            Sqlite.Execute(connection, "PRAGMA user_version = 1", transaction);
        }
        transaction.Commit();
    }

    public async Task AddAsync(string consumer, StreamRecord record, string error, int attempts, CancellationToken cancellationToken)
    {
        await using var connection = Sqlite.Open(_path);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR REPLACE INTO dead_letters (consumer, shard_id, sequence_number, error, attempts, failed_at, data, redrive_requested)
            VALUES ($consumer, $shard, $seq, $error, $attempts, $at, $data, 0)
            """;
        command.Parameters.AddWithValue("$consumer", consumer);
        command.Parameters.AddWithValue("$shard", record.ShardId);
        command.Parameters.AddWithValue("$seq", record.SequenceNumber);
        command.Parameters.AddWithValue("$error", error);
        command.Parameters.AddWithValue("$attempts", attempts);
        command.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$data", record.Data.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IReadOnlyList<DeadLetter>> ListAsync(string? consumer, int limit, CancellationToken cancellationToken) =>
        QueryAsync("$consumer IS NULL OR consumer = $consumer", consumer, limit, cancellationToken);

    public Task<IReadOnlyList<DeadLetter>> ListRedriveRequestsAsync(string consumer, int limit, CancellationToken cancellationToken) =>
        QueryAsync("consumer = $consumer AND redrive_requested = 1", consumer, limit, cancellationToken);

    public async Task<int> RequestRedriveAsync(string? consumer, CancellationToken cancellationToken)
    {
        await using var connection = Sqlite.Open(_path);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE dead_letters SET redrive_requested = 1 WHERE $consumer IS NULL OR consumer = $consumer";
        command.Parameters.AddWithValue("$consumer", (object?)consumer ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RemoveAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        await using var connection = Sqlite.Open(_path);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM dead_letters WHERE consumer = $consumer AND shard_id = $shard AND sequence_number = $seq";
        command.Parameters.AddWithValue("$consumer", letter.Consumer);
        command.Parameters.AddWithValue("$shard", letter.ShardId);
        command.Parameters.AddWithValue("$seq", letter.SequenceNumber);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<DeadLetter>> QueryAsync(string where, string? consumer, int limit, CancellationToken cancellationToken)
    {
        await using var connection = Sqlite.Open(_path);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT consumer, shard_id, sequence_number, error, attempts, failed_at, data, redrive_requested FROM dead_letters
            WHERE {where} ORDER BY failed_at, consumer, shard_id, sequence_number LIMIT $limit
            """;
        command.Parameters.AddWithValue("$consumer", (object?)consumer ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        var letters = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            letters.Add(new DeadLetter(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetInt32(4), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)), (byte[])reader.GetValue(6),
                reader.GetInt64(7) == 1));
        }
        return letters;
    }
}
