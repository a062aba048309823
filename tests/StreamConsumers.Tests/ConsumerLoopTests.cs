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
