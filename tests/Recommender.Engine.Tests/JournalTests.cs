using Microsoft.Data.Sqlite;
using Recommender.Core.Events;
using Recommender.Engine.Serving;
using Recommender.Engine.State;

namespace Recommender.Engine.Tests;

/// <summary>The engine journal's batch rows and its in-memory de-duplication window (the restart proofs are in <see cref="RestartTests"/>).</summary>
public sealed class JournalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-journal-").FullName;

    private string JournalPath => Path.Combine(_dir, "engine", "journal.db");

    private EngineOptions Options(int window = 1_000_000) => new() { DataDirectory = _dir, DedupWindowEvents = window };

    [Fact]
    public void an_event_repeated_inside_one_batch_is_journaled_once()
    {
        using var journal = new EngineJournal(JournalPath, 100);
        var e = Events.Listen("a", 1, 1);

        var fresh = journal.Append([e, Events.Listen("a", 1, 2), e]);

        fresh.Select(f => f.Event.EventId).ShouldBe([e.EventId, fresh[1].Event.EventId]);
        journal.After(0).Count().ShouldBe(2);
    }

    [Fact]
    public void the_events_of_a_batch_come_back_in_order_under_the_batch_sequence_number()
    {
        using (var journal = new EngineJournal(JournalPath, 100))
        {
            journal.Append([Events.Listen("a", 1, 1), Events.Listen("b", 1, 2)]);
            journal.Append([Events.Listen("c", 1, 3)]);
        }

        using var reopened = new EngineJournal(JournalPath, 100);
        reopened.After(0).Select(x => (x.Seq, x.Event.UserId)).ShouldBe([(1L, "a"), (1L, "b"), (2L, "c")]);
        reopened.After(1).Select(x => x.Event.UserId).ShouldBe(["c"]);
    }

    [Fact]
    public void a_redelivery_older_than_the_window_counts_again_and_a_newer_one_does_not_even_after_a_reopen()
    {
        var first = Events.Listen("a", 1, 1);
        var second = Events.Listen("a", 1, 2);
        var third = Events.Listen("a", 1, 3);
        using (var journal = new EngineJournal(JournalPath, 2))
        {
            journal.Append([first]);
            journal.Append([second, third]);
        }

        using var reopened = new EngineJournal(JournalPath, 2);
        reopened.Append([first, second, third]).Select(f => f.Event.EventId).ShouldBe([first.EventId]);
    }

    [Fact]
    public void pruning_keeps_the_keys_of_the_window_and_drops_the_batches_a_snapshot_covers()
    {
        var old = Events.Listen("a", 1, 1);
        var kept = Events.Listen("a", 1, 2);
        using (var journal = new EngineJournal(JournalPath, 1))
        {
            journal.Append([old]);
            var seq = journal.Append([kept])[0].Seq;
            journal.Prune(seq, 1);
            journal.After(0).ShouldBeEmpty();
        }

        using var reopened = new EngineJournal(JournalPath, 1);
        reopened.Append([kept]).ShouldBeEmpty();
        reopened.Append([old]).Count.ShouldBe(1);
    }

    [Fact]
    public void sequence_numbers_keep_growing_after_a_prune_emptied_the_journal_and_a_reopen()
    {
        long seq;
        using (var journal = new EngineJournal(JournalPath, 100))
        {
            seq = journal.Append([Events.Listen("a", 1, 1)])[0].Seq;
            journal.Prune(seq, 100);
        }

        using var reopened = new EngineJournal(JournalPath, 100);
        reopened.Append([Events.Listen("b", 1, 2)])[0].Seq.ShouldBeGreaterThan(seq);
        reopened.After(seq).Select(x => x.Event.UserId).ShouldBe(["b"]);
    }

    [Fact]
    public async Task a_journal_written_one_row_per_event_is_replayed_and_still_recognises_its_events_after_the_upgrade()
    {
        var events = new[] { Events.Listen("a", 1, 1), Events.Listen("b", 1, 2) };
        WriteOldJournal(events);

        using (var engine = EmbeddedRecommender.OpenDurable(Options()))
        {
            engine.EventsTracked.ShouldBe(2);
            await engine.TrackAsync([.. events, Events.Listen("c", 1, 3)], default);
            engine.EventsTracked.ShouldBe(3);
            engine.JournalPosition.ShouldBe(8);
        }

        using var reopened = EmbeddedRecommender.OpenDurable(Options());
        reopened.EventsTracked.ShouldBe(3);
        reopened.Size.Users.ShouldBe(3);
    }

    // the layout before batch rows; its sequence had reached 7 (older rows pruned by a snapshot)
    private void WriteOldJournal(IEnumerable<PlaybackEvent> events)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(JournalPath)!);
        using var connection = new SqliteConnection($"Data Source={JournalPath};Pooling=False");
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = """
            CREATE TABLE seen (user_id TEXT NOT NULL, event_id TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (user_id, event_id)) WITHOUT ROWID;
            CREATE INDEX seen_by_seq ON seen (seq);
            CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL);
            INSERT INTO events (seq, data) VALUES (5, x'00'); DELETE FROM events;
            """;
        create.ExecuteNonQuery();
        foreach (var e in events)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO events (data) VALUES ($data) RETURNING seq";
            insert.Parameters.AddWithValue("$data", EventJson.Serialize(e));
            var seq = (long)insert.ExecuteScalar()!;
            using var seen = connection.CreateCommand();
            seen.CommandText = "INSERT INTO seen (user_id, event_id, seq) VALUES ($u, $e, $s)";
            seen.Parameters.AddWithValue("$u", e.UserId);
            seen.Parameters.AddWithValue("$e", e.EventId);
            seen.Parameters.AddWithValue("$s", seq);
            seen.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
