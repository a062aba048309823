using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Adapters.Local;
using Recommender.Adapters.Local.Catalog;
using Recommender.Adapters.Local.Consumers;
using Recommender.Adapters.Local.Profiles;
using Recommender.Adapters.Local.Streaming;
using Recommender.Contracts;
using Recommender.Core.Events;
using StreamConsumers.Handlers;
using StreamConsumers.Local;

namespace StreamConsumers.Tests;

public sealed class ConsumerLoopTests : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("consumers-test-").FullName;
    private readonly EmbeddedEventLog _log;
    private readonly SqliteProfileStore _profiles;
    private readonly SqliteDeadLetterStore _deadLetters;
    private readonly SqliteTrackCatalog _catalog;
    private readonly ConsumerOptions _options = new() { BatchSize = 100, MaxAttempts = 5 };

    public ConsumerLoopTests()
    {
        _log = new EmbeddedEventLog(Path.Combine(_directory, "stream.db"), new EmbeddedStreamOptions { ShardCount = 1 });
        _profiles = new SqliteProfileStore(Path.Combine(_directory, "profiles.db"));
        _deadLetters = new SqliteDeadLetterStore(Path.Combine(_directory, "consumers.db"));
        _catalog = new SqliteTrackCatalog(Path.Combine(_directory, "catalog.db"));
    }

    private ShardConsumer Consumer() => new(new ProfileAggregatorHandler(_profiles, _catalog), "shardId-000000000000", _log, _deadLetters,
        _options, (_, _) => Task.CompletedTask, NullLogger.Instance, TestMetrics.Consumers(), TimeProvider.System);

    private async Task DrainAsync(ShardConsumer consumer, int maxPolls = 100)
    {
        for (var i = 0; i < maxPolls; i++)
        {
            if (await consumer.PollOnceAsync(CancellationToken.None) == _options.IdleWait) return;
        }
        throw new InvalidOperationException("the consumer did not drain the shard");
    }

    [Fact]
    public async Task a_poison_record_ends_in_the_dead_letter_table_and_later_records_are_processed()
    {
        await _log.AppendAsync([TestEvents.Listen("u1", "before")], CancellationToken.None);
        await _log.AppendRawAsync([new EmbeddedEventLog.RawRecord("u1", "poison-1", Encoding.UTF8.GetBytes("{not json"))], CancellationToken.None);
        await _log.AppendAsync([TestEvents.Listen("u1", "after1", minute: 1), TestEvents.Listen("u1", "after2", minute: 2)], CancellationToken.None);

        await DrainAsync(Consumer());

        var letters = await _deadLetters.ListAsync(ProfileAggregatorHandler.ConsumerName, 10, CancellationToken.None);
        letters.Count.ShouldBe(1);
        letters[0].Attempts.ShouldBe(5);
        letters[0].DataText.ShouldBe("{not json");
        letters[0].Error.ShouldContain("not a contract-v1 event");
        var profile = (await _profiles.GetAsync("u1", CancellationToken.None)).ShouldNotBeNull();
        profile.Plays.ShouldBe(3);
        (await _log.GetLagAsync(ProfileAggregatorHandler.ConsumerName, CancellationToken.None)).ShouldBe(0);
    }

    [Fact]
    public async Task the_readiness_check_says_how_far_behind_each_consumer_is()
    {
        var check = new ConsumerLagHealthCheck([new ProfileAggregatorHandler(_profiles, _catalog)], _log);
        await _log.AppendAsync([TestEvents.Listen("u3", "a"), TestEvents.Listen("u3", "b", minute: 1), TestEvents.Listen("u3", "c", minute: 2)], CancellationToken.None);

        var before = await check.CheckHealthAsync(new(), CancellationToken.None);
        await DrainAsync(Consumer());
        var after = await check.CheckHealthAsync(new(), CancellationToken.None);

        // the embedded log counts records; only Kinesis tells time (MillisBehindLatest)
        before.Description.ShouldBe("profile-aggregator: 3 records, time unknown behind");
        after.Description.ShouldBe("profile-aggregator: 0 records, time unknown behind");
        after.Status.ShouldBe(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy);
    }

    [Fact]
    public async Task a_redelivered_batch_leaves_the_profile_unchanged()
    {
        var events = Enumerable.Range(0, 30).Select(i => TestEvents.Listen("u2", $"t{i}", minute: i)).ToList();
        await _log.AppendAsync(events, CancellationToken.None);
        var handler = new ProfileAggregatorHandler(_profiles, _catalog);
        var records = await _log.ReadAsync("direct", "shardId-000000000000", 100, CancellationToken.None);

        (await handler.HandleAsync(records, CancellationToken.None)).BatchItemFailures.ShouldBeEmpty();
        var first = (await _profiles.GetAsync("u2", CancellationToken.None))!;
        (await handler.HandleAsync(records, CancellationToken.None)).BatchItemFailures.ShouldBeEmpty();
        var second = (await _profiles.GetAsync("u2", CancellationToken.None))!;

        second.Plays.ShouldBe(30);
        second.Plays.ShouldBe(first.Plays);
        second.ListeningMs.ShouldBe(first.ListeningMs);
        second.Version.ShouldBe(first.Version);
    }

    [Fact]
    public async Task a_handler_that_throws_is_bisected_down_to_the_record_that_throws()
    {
        await _log.AppendAsync(Enumerable.Range(0, 8).Select(i => TestEvents.Listen("u3", $"t{i}", minute: i)).ToList(), CancellationToken.None);
        var handler = new ThrowingOn("t5");
        var consumer = new ShardConsumer(handler, "shardId-000000000000", _log, _deadLetters, _options, (_, _) => Task.CompletedTask, NullLogger.Instance, TestMetrics.Consumers(), TimeProvider.System);

        await DrainAsync(consumer);

        handler.Handled.Distinct().Order().ShouldBe(Enumerable.Range(0, 8).Where(i => i != 5).Select(i => $"t{i}").Order());
        (await _deadLetters.ListAsync("throwing", 10, CancellationToken.None)).Single().Error.ShouldContain("t5 is cursed");
    }

    [Fact]
    public async Task a_full_disk_holds_the_batch_whole_and_dead_letters_nothing_and_the_batch_goes_through_when_space_returns()
    {
        await _log.AppendAsync(Enumerable.Range(0, 10).Select(i => TestEvents.Listen("u4", $"t{i}", minute: i)).ToList(), CancellationToken.None);
        var disk = new FullDisk(_profiles) { Full = true };
        var consumer = new ShardConsumer(new ProfileAggregatorHandler(disk, _catalog), "shardId-000000000000", _log, _deadLetters, _options,
            (_, _) => Task.CompletedTask, NullLogger.Instance, TestMetrics.Consumers(), TimeProvider.System);

        // far more polls than MaxAttempts: a poison record would have been bisected out and dead-lettered by now
        for (var i = 0; i < _options.MaxAttempts * 4; i++)
            (await consumer.PollOnceAsync(CancellationToken.None)).ShouldNotBeNull("a held batch waits before the next try");
        (await _deadLetters.ListAsync(null, 10, CancellationToken.None)).ShouldBeEmpty();
        (await _log.GetLagAsync(ProfileAggregatorHandler.ConsumerName, CancellationToken.None)).ShouldBe(10);
        disk.Refusals.ShouldBe(_options.MaxAttempts * 4, "every poll tried the whole batch once");

        disk.Full = false;
        await DrainAsync(consumer);

        (await _profiles.GetAsync("u4", CancellationToken.None)).ShouldNotBeNull().Plays.ShouldBe(10);
        (await _deadLetters.ListAsync(null, 10, CancellationToken.None)).ShouldBeEmpty();
        (await _log.GetLagAsync(ProfileAggregatorHandler.ConsumerName, CancellationToken.None)).ShouldBe(0);
    }

    [Fact]
    public void storage_faults_are_told_from_record_faults()
    {
        StorageFaults.Is(new SqliteException("SQLite Error 13: 'database or disk is full'.", 13)).ShouldBeTrue();
        StorageFaults.Is(new SqliteException("SQLite Error 5: 'database is locked'.", 5)).ShouldBeTrue();
        StorageFaults.Is(new InvalidOperationException("wrapped", new IOException("No space left on device"))).ShouldBeTrue();
        StorageFaults.Is(new SqliteException("SQLite Error 19: 'UNIQUE constraint failed'.", 19)).ShouldBeFalse();
        StorageFaults.Is(new InvalidOperationException("t5 is cursed")).ShouldBeFalse();
    }

    /// <summary>The profile store behind a disk that fills up: fault injection at the storage port, with the exception SQLite throws then.</summary>
    private sealed class FullDisk(Recommender.Core.Profiles.IProfileStore store) : Recommender.Core.Profiles.IProfileStore
    {
        public bool Full { get; set; }
        public int Refusals { get; private set; }

        public Task<int> ApplyAsync(IReadOnlyList<PlaybackEvent> events, CancellationToken cancellationToken)
        {
            if (!Full) return store.ApplyAsync(events, cancellationToken);
            Refusals++;
            throw new SqliteException("SQLite Error 13: 'database or disk is full'.", 13);
        }

        public Task<Recommender.Core.Profiles.UserProfile?> GetAsync(string userId, CancellationToken cancellationToken) => store.GetAsync(userId, cancellationToken);
    }

    private sealed class ThrowingOn(string track) : Recommender.Core.Consumers.IStreamBatchHandler
    {
        public List<string> Handled { get; } = [];
        public string Name => "throwing";

        public Task<Recommender.Core.Consumers.BatchResult> HandleAsync(IReadOnlyList<Recommender.Core.Streaming.StreamRecord> records, CancellationToken cancellationToken)
        {
            var events = records.Select(r => EventJson.Deserialize(r.Data.Span)).ToList();
            if (events.Any(e => e.TrackId == track)) throw new InvalidOperationException($"{track} is cursed");
            Handled.AddRange(events.Select(e => e.TrackId));
            return Task.FromResult(Recommender.Core.Consumers.BatchResult.Success);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _log.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
