using System.Text;
using Recommender.Core.Consumers;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Local.Consumers;

/// <summary>The dead-letter table: records a consumer gave up on, with the last error, kept for a person to inspect.</summary>
public sealed class SqliteDeadLetterStore : IDeadLetterStore
{
    private readonly string _path;
    private readonly TimeProvider _clock;

    public SqliteDeadLetterStore(string path, TimeProvider? clock = null)
    {
        _path = path;
        _clock = clock ?? TimeProvider.System;
        using var connection = Sqlite.Open(path);
        Sqlite.Execute(connection, """
            CREATE TABLE IF NOT EXISTS dead_letters (
                consumer TEXT NOT NULL, shard_id TEXT NOT NULL, sequence_number TEXT NOT NULL,
                error TEXT NOT NULL, attempts INTEGER NOT NULL, failed_at INTEGER NOT NULL, data BLOB NOT NULL,
                PRIMARY KEY (consumer, shard_id, sequence_number));
            """);
    }

    public async Task AddAsync(string consumer, StreamRecord record, string error, int attempts, CancellationToken cancellationToken)
    {
        await using var connection = Sqlite.Open(_path);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR REPLACE INTO dead_letters (consumer, shard_id, sequence_number, error, attempts, failed_at, data)
            VALUES ($consumer, $shard, $seq, $error, $attempts, $at, $data)
            """;
        command.Parameters.AddWithValue("$consumer", consumer);
        command.Parameters.AddWithValue("$shard", record.ShardId);
        command.Parameters.AddWithValue("$seq", record.SequenceNumber);
        command.Parameters.AddWithValue("$error", error);
        command.Parameters.AddWithValue("$attempts", attempts);
        command.Parameters.AddWithValue("$at", _clock.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$data", record.Data.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string? consumer, int limit, CancellationToken cancellationToken)
    {
        await using var connection = Sqlite.Open(_path);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT consumer, shard_id, sequence_number, error, attempts, failed_at, data FROM dead_letters
            WHERE $consumer IS NULL OR consumer = $consumer ORDER BY failed_at LIMIT $limit
            """;
        command.Parameters.AddWithValue("$consumer", (object?)consumer ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        var letters = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            letters.Add(new DeadLetter(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetInt32(4), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                Encoding.UTF8.GetString((byte[])reader.GetValue(6))));
        }
        return letters;
    }
}
