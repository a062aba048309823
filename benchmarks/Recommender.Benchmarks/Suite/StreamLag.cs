using Microsoft.Data.Sqlite;

namespace Recommender.Benchmarks.Suite;

/// <summary>Reads the embedded stream's head and each consumer's checkpoints straight from <c>stream.db</c> (read-only; WAL lets a
/// reader look while the host writes), so the bench sees consumer lag without an endpoint for it.</summary>
public sealed class StreamLag(string dataDirectory, int shards = 4)
{
    private readonly string _connection = new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(dataDirectory, "stream.db"),
        Mode = SqliteOpenMode.ReadOnly,
        Pooling = false,
    }.ToString();

    /// <summary>Records each consumer has not checkpointed yet, over all shards.</summary>
    public IReadOnlyDictionary<string, long> Behind(IReadOnlyCollection<string> consumers)
    {
        using var db = new SqliteConnection(_connection);
        db.Open();
        var result = new Dictionary<string, long>();
        foreach (var consumer in consumers)
        {
            long behind = 0;
            for (var shard = 0; shard < shards; shard++)
            {
                using var count = db.CreateCommand();
                count.CommandText = """
                    SELECT count(*) FROM records WHERE shard = $shard
                    AND seq > coalesce((SELECT seq FROM checkpoints WHERE consumer = $consumer AND shard = $shard), 0)
                    """;
                count.Parameters.AddWithValue("$shard", shard);
                count.Parameters.AddWithValue("$consumer", consumer);
                behind += (long)count.ExecuteScalar()!;
            }
            result[consumer] = behind;
        }
        return result;
    }

    /// <summary>The consumers that have checkpointed at least once.</summary>
    public IReadOnlyList<string> Consumers()
    {
        using var db = new SqliteConnection(_connection);
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT DISTINCT consumer FROM checkpoints ORDER BY consumer";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    /// <summary>Waits until every consumer is at the head; returns the seconds each took to get there (null: not within the timeout).</summary>
    public async Task<IReadOnlyDictionary<string, double?>> CatchUpAsync(IReadOnlyCollection<string> consumers, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var done = consumers.ToDictionary(c => c, _ => (double?)null);
        while (done.Values.Any(v => v is null) && clock.Elapsed < timeout)
        {
            var elapsed = clock.Elapsed.TotalSeconds;
            foreach (var consumer in AtHead(done.Where(d => d.Value is null).Select(d => d.Key).ToList())) done[consumer] = elapsed;
            await Task.Delay(100);
        }
        return done;
    }

    // cheap enough to poll: the newest record of each shard against each checkpoint, two index lookups per pair
    private List<string> AtHead(IReadOnlyCollection<string> consumers)
    {
        using var db = new SqliteConnection(_connection);
        db.Open();
        var heads = new long[shards];
        for (var shard = 0; shard < shards; shard++)
        {
            using var head = db.CreateCommand();
            head.CommandText = "SELECT coalesce(max(seq), 0) FROM records WHERE shard = $shard";
            head.Parameters.AddWithValue("$shard", shard);
            heads[shard] = (long)head.ExecuteScalar()!;
        }
        var atHead = new List<string>();
        foreach (var consumer in consumers)
        {
            using var checkpoints = db.CreateCommand();
            checkpoints.CommandText = "SELECT shard, seq FROM checkpoints WHERE consumer = $consumer";
            checkpoints.Parameters.AddWithValue("$consumer", consumer);
            var seen = new long[shards];
            using (var reader = checkpoints.ExecuteReader())
                while (reader.Read()) if (reader.GetInt32(0) < shards) seen[reader.GetInt32(0)] = reader.GetInt64(1);
            if (Enumerable.Range(0, shards).All(s => seen[s] >= heads[s])) atHead.Add(consumer);
        }
        return atHead;
    }
}
