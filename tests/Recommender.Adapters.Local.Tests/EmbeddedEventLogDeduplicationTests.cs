using Microsoft.Data.Sqlite;
using Recommender.Adapters.Local.Streaming;
using Recommender.Contracts;
using Recommender.Core.Events;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Local.Tests;

/// <summary>The stream de-duplicates on (user_id, event_id), for a bounded window.</summary>
public sealed class EmbeddedEventLogDeduplicationTests : IDisposable
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private static readonly TimeSpan Window = TimeSpan.FromDays(3);
    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new(TestEvents.Start);

    private EmbeddedEventLog Open() =>
        new(_directory.File("stream.db"), new EmbeddedStreamOptions { Retention = Retention }, _clock, Window);

    [Fact]
    public async Task another_listeners_event_with_the_same_id_is_appended()
    {
        await using var log = Open();
        var victim = TestEvents.Listen("victim", "t-victim", eventId: "shared-id");
        var attacker = TestEvents.Listen("attacker", "t-attacker", eventId: "shared-id");

        (await log.AppendAsync([attacker], CancellationToken.None)).ShouldBe(new AppendResult(1, 0));
        (await log.AppendAsync([victim], CancellationToken.None)).ShouldBe(new AppendResult(1, 0));
        (await log.AppendAsync([victim, attacker], CancellationToken.None)).ShouldBe(new AppendResult(0, 2));

        (await ReadUsersAsync(log)).ShouldBe(["attacker", "victim"], ignoreOrder: true);
    }

    [Fact]
    public async Task a_copy_within_the_window_is_dropped_even_after_its_record_was_trimmed()
    {
        await using var log = Open();
        var e = TestEvents.Listen("u", "t1");
        await log.AppendAsync([e], CancellationToken.None);
        _clock.Advance(Retention + TimeSpan.FromHours(1));
        await log.AppendAsync([TestEvents.Listen("u", "t2")], CancellationToken.None); // the writer trims after a commit

        (await ReadUsersAsync(log)).Count.ShouldBe(1, "the first record is past the retention and trimmed");
        (await log.AppendAsync([e], CancellationToken.None)).ShouldBe(new AppendResult(0, 1));
    }

    [Fact]
    public async Task an_id_older_than_the_window_is_forgotten_and_counts_again()
    {
        await using var log = Open();
        var e = TestEvents.Listen("u", "t1");
        await log.AppendAsync([e], CancellationToken.None);
        _clock.Advance(Window + TimeSpan.FromMinutes(2));
        await log.AppendAsync([TestEvents.Listen("u", "t2")], CancellationToken.None);

        (await log.AppendAsync([e], CancellationToken.None)).ShouldBe(new AppendResult(1, 0));
        SeenIds().ShouldBe(2, "only the ids of the last window are kept");
    }

    [Fact]
    public void a_window_not_longer_than_the_retention_is_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() =>
            new EmbeddedEventLog(_directory.File("other.db"), new EmbeddedStreamOptions { Retention = Retention }, _clock, Retention));
    }

    [Fact]
    public async Task a_log_of_the_first_layout_keeps_its_records_checkpoints_ids_and_sequence()
    {
        var first = TestEvents.Listen("u1", "t1");
        using (var connection = new SqliteConnection($"Data Source={_directory.File("stream.db")}"))
        {
            connection.Open();
            Sqlite.Execute(connection, """
                CREATE TABLE records (seq INTEGER PRIMARY KEY AUTOINCREMENT, shard INTEGER NOT NULL, partition_key TEXT NOT NULL,
                    event_id TEXT NOT NULL UNIQUE, data BLOB NOT NULL, arrived_at INTEGER NOT NULL);
                CREATE INDEX records_by_shard ON records (shard, seq);
                CREATE INDEX records_by_arrival ON records (arrived_at);
                CREATE TABLE checkpoints (consumer TEXT NOT NULL, shard INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (consumer, shard));
                """);
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO records (seq, shard, partition_key, event_id, data, arrived_at) VALUES (40, 0, 'u1', $id, $data, $at)";
            insert.Parameters.AddWithValue("$id", first.EventId);
            insert.Parameters.AddWithValue("$data", EventJson.Serialize(first));
            insert.Parameters.AddWithValue("$at", _clock.GetUtcNow().ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
            // a record appended and trimmed before the upgrade: the sequence has passed 41 although no row holds it
            Sqlite.Execute(connection, "UPDATE sqlite_sequence SET seq = 41 WHERE name = 'records'; INSERT INTO checkpoints VALUES ('reader', 1, 41);");
        }

        await using var log = Open();

        (await ReadUsersAsync(log)).ShouldBe(["u1"]);
        (await log.AppendAsync([first], CancellationToken.None)).ShouldBe(new AppendResult(0, 1), "the ids of retained records are remembered");
        (await log.AppendAsync([TestEvents.Listen("u2", "t1", eventId: first.EventId)], CancellationToken.None)).ShouldBe(new AppendResult(1, 0));
        var sequences = new List<long>();
        foreach (var shard in await log.ListShardsAsync(CancellationToken.None))
            sequences.AddRange((await log.ReadAsync(TestEvents.Unique("c"), shard, 10, CancellationToken.None)).Select(r => long.Parse(r.SequenceNumber)));
        sequences.Max().ShouldBe(42, "numbering goes on after the highest number ever handed out");
        (await log.GetLagAsync("reader", CancellationToken.None)).ShouldNotBeNull();
    }

    private static async Task<List<string>> ReadUsersAsync(EmbeddedEventLog log)
    {
        var users = new List<string>();
        foreach (var shard in await log.ListShardsAsync(CancellationToken.None))
            users.AddRange((await log.ReadAsync(TestEvents.Unique("c"), shard, 100, CancellationToken.None)).Select(r => r.PartitionKey));
        return users;
    }

    private long SeenIds()
    {
        using var connection = new SqliteConnection($"Data Source={_directory.File("stream.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM seen_events";
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose() => _directory.Dispose();
}
