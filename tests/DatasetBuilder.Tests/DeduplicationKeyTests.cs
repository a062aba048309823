using DatasetBuilder.Staging;
using Microsoft.Data.Sqlite;
using Recommender.Adapters.Local;

namespace DatasetBuilder.Tests;

/// <summary>The builder de-duplicates on (user_id, event_id), the key of the whole platform.</summary>
public sealed class DeduplicationKeyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task another_listeners_event_with_a_reused_id_is_its_own_interaction()
    {
        var events = Archives.Simulate(3_000);
        var impostors = events.Take(100).Select(e => e with { UserId = "someone-else" }).ToList();
        await Archives.WriteAsync(_dir.Path, impostors.Concat(events));
        await using var builder = new LocalBuilder(_dir.Path);

        var run = await builder.RunAsync("r1");

        run.Counts["duplicates"].ShouldBe(0);
        File.ReadAllLines(builder.DatasetFile("r1", "interactions.csv")).Length.ShouldBe(events.Count + impostors.Count + 1);
    }

    [Fact]
    public void a_builder_file_of_the_first_layout_keeps_its_interactions_under_the_new_key()
    {
        var path = Path.Combine(_dir.Path, "builder.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Sqlite.Execute(connection, """
                CREATE TABLE interactions (
                  event_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, item_id TEXT NOT NULL, ts INTEGER NOT NULL,
                  event_type TEXT NOT NULL, event_value REAL, session_id TEXT, context_type TEXT, hour_of_day TEXT,
                  ms_played INTEGER, run_id TEXT NOT NULL) WITHOUT ROWID;
                INSERT INTO interactions VALUES ('e1', 'u1', 't1', 1, 'play', 0.5, 's', NULL, '01', 10, 'r0');
                """);
        }

        var database = new BuilderDatabase(path);

        using var open = database.Open();
        Sqlite.Execute(open, "INSERT INTO interactions VALUES ('e1', 'u2', 't1', 1, 'play', 0.5, 's', NULL, '01', 10, 'r1')");
        BuilderDatabase.Scalar(open, "SELECT count(*) FROM interactions").ShouldBe(2);
        Should.Throw<SqliteException>(() =>
            Sqlite.Execute(open, "INSERT INTO interactions VALUES ('e1', 'u1', 't2', 1, 'play', 0.5, 's', NULL, '01', 10, 'r1')"));
    }
}
