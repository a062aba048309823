using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Recommender.Adapters.Local.Streaming;

/// <summary>
/// Trims the embedded log without losing records silently. A record past the retention goes only once every consumer
/// that reads this log (every name with a checkpoint here) has checkpointed past it; unread ones are held, up to
/// <see cref="EmbeddedStreamOptions.MaxHeldRecords"/>. Past that the oldest go anyway, and each consumer's loss is
/// counted (retention_losses, the recommender.stream.records_lost_to_retention counter), logged as a warning and
/// reported by /readyz as degraded. De-duplication keys older than their window are forgotten here too.
/// </summary>
internal sealed class StreamRetention(EmbeddedStreamOptions options, TimeSpan deduplicationWindow, ILogger logger)
{
    private static readonly Meter Meter = new("Recommender.Stream");
    private static readonly Counter<long> Lost = Meter.CreateCounter<long>("recommender.stream.records_lost_to_retention", "records",
        "records trimmed past the retention before a consumer had read them");

    public void Trim(SqliteConnection connection, DateTimeOffset now)
    {
        var cutoff = (now - options.Retention).ToUnixTimeMilliseconds();
        using var transaction = connection.BeginTransaction();
        for (var shard = 0; shard < options.ShardCount; shard++)
        {
            // the lowest checkpoint of any consumer on this shard (0 for a consumer that has not read it yet); no consumer holds nothing
            Execute(connection, transaction, """
                DELETE FROM records WHERE shard = $shard AND arrived_at < $cutoff AND seq <= coalesce(
                    (SELECT min(coalesce(c.seq, 0)) FROM (SELECT DISTINCT consumer FROM checkpoints) k
                     LEFT JOIN checkpoints c ON c.consumer = k.consumer AND c.shard = $shard),
                    9223372036854775807)
                """, ("$shard", shard), ("$cutoff", cutoff));
        }
        var held = Scalar(connection, transaction, "SELECT count(*) FROM records WHERE arrived_at < $cutoff", ("$cutoff", cutoff));
        if (held > options.MaxHeldRecords) DropOldestUnread(connection, transaction, cutoff, held - options.MaxHeldRecords, now);
        Execute(connection, transaction, "DELETE FROM seen_events WHERE seen_at < $cutoff", ("$cutoff", (now - deduplicationWindow).ToUnixTimeMilliseconds()));
        transaction.Commit();
    }

    private void DropOldestUnread(SqliteConnection connection, SqliteTransaction transaction, long cutoff, long excess, DateTimeOffset now)
    {
        var last = Scalar(connection, transaction, "SELECT seq FROM records WHERE arrived_at < $cutoff ORDER BY seq LIMIT 1 OFFSET $skip",
            ("$cutoff", cutoff), ("$skip", excess - 1));
        var losses = new List<(string Consumer, long Records)>();
        using (var count = connection.CreateCommand())
        {
            count.Transaction = transaction;
            count.CommandText = """
                SELECT k.consumer, count(r.seq) FROM (SELECT DISTINCT consumer FROM checkpoints) k
                JOIN records r ON r.arrived_at < $cutoff AND r.seq <= $last
                  AND r.seq > coalesce((SELECT c.seq FROM checkpoints c WHERE c.consumer = k.consumer AND c.shard = r.shard), 0)
                GROUP BY k.consumer
                """;
            count.Parameters.AddWithValue("$cutoff", cutoff);
            count.Parameters.AddWithValue("$last", last);
            using var reader = count.ExecuteReader();
            while (reader.Read()) losses.Add((reader.GetString(0), reader.GetInt64(1)));
        }
        foreach (var (consumer, records) in losses)
        {
            Execute(connection, transaction, """
                INSERT INTO retention_losses (consumer, records, last_lost_at) VALUES ($consumer, $records, $at)
                ON CONFLICT (consumer) DO UPDATE SET records = records + excluded.records, last_lost_at = excluded.last_lost_at
                """, ("$consumer", consumer), ("$records", records), ("$at", now.ToUnixTimeMilliseconds()));
            Lost.Add(records, new KeyValuePair<string, object?>("consumer", consumer));
            logger.LogWarning(
                "The embedded stream trimmed {Records} records that consumer {Consumer} had not read: past the retention of {Retention}, more than {MaxHeldRecords} unread records were held (Recommender:Stream:MaxHeldRecords)",
                records, consumer, options.Retention, options.MaxHeldRecords);
        }
        Execute(connection, transaction, "DELETE FROM records WHERE arrived_at < $cutoff AND seq <= $last", ("$cutoff", cutoff), ("$last", last));
    }

    /// <summary>Records each consumer lost to retention so far, with when it last happened.</summary>
    public static List<RetentionLoss> Losses(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT consumer, records, last_lost_at FROM retention_losses ORDER BY consumer";
        using var reader = command.ExecuteReader();
        var losses = new List<RetentionLoss>();
        while (reader.Read()) losses.Add(new RetentionLoss(reader.GetString(0), reader.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        return losses;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (long)command.ExecuteScalar()!;
    }
}

/// <param name="Records">Records trimmed before this consumer had read them, over the life of the log.</param>
public sealed record RetentionLoss(string Consumer, long Records, DateTimeOffset LastLostAt);
