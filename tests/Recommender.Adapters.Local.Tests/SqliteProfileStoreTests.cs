using Microsoft.Data.Sqlite;
using Recommender.Adapters.Local.Profiles;
using Recommender.Contracts;

namespace Recommender.Adapters.Local.Tests;

public sealed class SqliteProfileStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task a_store_of_the_first_layout_keeps_its_profiles_and_applied_ids()
    {
        var first = TestEvents.Listen("u1", "t1");
        var path = _directory.File("profiles.db");
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            Sqlite.Execute(connection, """
                CREATE TABLE profiles (user_id TEXT PRIMARY KEY, profile TEXT NOT NULL);
                CREATE TABLE applied_events (event_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, applied_at INTEGER NOT NULL);
                """);
        }
        // the profile row as the first layout wrote it, then the id of its event in the old table
        await new SqliteProfileStore(_directory.File("seed.db")).ApplyAsync([first], CancellationToken.None);
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var copy = connection.CreateCommand();
            copy.CommandText = $"""
                ATTACH DATABASE '{_directory.File("seed.db")}' AS seed;
                INSERT INTO profiles SELECT user_id, profile FROM seed.profiles;
                INSERT INTO applied_events VALUES ($id, 'u1', $at);
                """;
            copy.Parameters.AddWithValue("$id", first.EventId);
            copy.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            copy.ExecuteNonQuery();
        }

        var store = new SqliteProfileStore(path);

        (await store.ApplyAsync([first], CancellationToken.None)).ShouldBe(0, "an id applied before the upgrade is still recognised");
        (await store.ApplyAsync([TestEvents.Listen("u2", "t1", eventId: first.EventId)], CancellationToken.None)).ShouldBe(1);
        (await store.GetAsync("u1", CancellationToken.None))!.Plays.ShouldBe(1);
    }

    [Fact]
    public async Task applied_ids_older_than_the_window_are_deleted()
    {
        var clock = new ManualClock(TestEvents.Start);
        var store = new SqliteProfileStore(_directory.File("window.db"), clock, TimeSpan.FromDays(3));
        await store.ApplyAsync(Enumerable.Range(0, 20).Select(i => TestEvents.Listen("u", $"old{i}")).ToList(), CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));

        await store.ApplyAsync([TestEvents.Listen("u", "new")], CancellationToken.None);

        using var connection = new SqliteConnection($"Data Source={_directory.File("window.db")}");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM applied_events";
        ((long)count.ExecuteScalar()!).ShouldBe(1);
    }

    public void Dispose() => _directory.Dispose();
}
