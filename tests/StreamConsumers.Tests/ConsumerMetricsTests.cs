using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Recommender.Adapters.Local;
using Recommender.Adapters.Local.Catalog;
using Recommender.Adapters.Local.Consumers;
using Recommender.Adapters.Local.Profiles;
using Recommender.Adapters.Local.Streaming;
using Recommender.Contracts;
using Recommender.Core.Telemetry;
using StreamConsumers.Handlers;
using StreamConsumers.Local;
using StreamConsumers.Telemetry;

namespace StreamConsumers.Tests;

/// <summary>What each consumer instrument means: records handled, dead letters, freshness, lag.</summary>
public sealed class ConsumerMetricsTests : IAsyncDisposable
{
    private const string Shard = "shardId-000000000000";
    private const string Consumer = ProfileAggregatorHandler.ConsumerName;
    private readonly string _directory = Directory.CreateTempSubdirectory("consumer-metrics-").FullName;
    // whole seconds: the stream keeps arrival times in milliseconds
    private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private readonly EmbeddedEventLog _log;
    private readonly SqliteProfileStore _profiles;
    private readonly SqliteDeadLetterStore _deadLetters;
    private readonly SqliteTrackCatalog _catalog;
    private readonly ConsumerOptions _options = new() { BatchSize = 100, MaxAttempts = 3 };
    private readonly TestMetrics _metrics;

    public ConsumerMetricsTests()
    {
        _log = new EmbeddedEventLog(Path.Combine(_directory, "stream.db"), new EmbeddedStreamOptions { ShardCount = 1 }, _clock);
        _profiles = new SqliteProfileStore(Path.Combine(_directory, "profiles.db"));
        _deadLetters = new SqliteDeadLetterStore(Path.Combine(_directory, "consumers.db"));
        _catalog = new SqliteTrackCatalog(Path.Combine(_directory, "catalog.db"));
        _metrics = new TestMetrics(_clock);
    }

    private async Task DrainAsync()
    {
        var consumer = new ShardConsumer(new ProfileAggregatorHandler(_profiles, _catalog), Shard, _log, _deadLetters, _options,
            (_, _) => Task.CompletedTask, NullLogger.Instance, _metrics.Instruments, _clock);
        for (var i = 0; i < 100; i++)
            if (await consumer.PollOnceAsync(CancellationToken.None) == _options.IdleWait) return;
        throw new InvalidOperationException("the consumer did not drain the shard");
    }

    [Fact]
    public async Task after_n_records_the_consumer_counts_n_handled()
    {
        await _log.AppendAsync(Enumerable.Range(0, 7).Select(i => TestEvents.Listen("u1", $"t{i}", minute: i)).ToList(), CancellationToken.None);

        await DrainAsync();

        _metrics.Summary.Total(PlatformMeters.ConsumerRecords, Consumer).ShouldBe(7);
        _metrics.Summary.Total(PlatformMeters.DeadLetters).ShouldBe(0);
    }

    [Fact]
    public async Task a_record_given_up_on_counts_one_dead_letter_for_its_consumer()
    {
        await _log.AppendAsync([TestEvents.Listen("u1", "before")], CancellationToken.None);
        await _log.AppendRawAsync([new EmbeddedEventLog.RawRecord("u1", "poison-1", Encoding.UTF8.GetBytes("{not json"))], CancellationToken.None);
        await _log.AppendAsync([TestEvents.Listen("u1", "after", minute: 1)], CancellationToken.None);

        await DrainAsync();

        _metrics.Summary.TotalsByTag(PlatformMeters.DeadLetters).ShouldBe(new Dictionary<string, long> { [Consumer] = 1 });
        _metrics.Summary.Total(PlatformMeters.ConsumerRecords, Consumer).ShouldBe(3, "a dead letter is handled too: the consumer moved past it");
    }

    [Fact]
    public async Task freshness_is_the_age_of_a_batchs_newest_record_when_the_consumer_is_done_with_it()
    {
        await _log.AppendAsync([TestEvents.Listen("u1", "old")], CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(3));
        await _log.AppendAsync([TestEvents.Listen("u1", "newer", minute: 1)], CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(5));

        await DrainAsync();

        var freshness = _metrics.Summary.Distribution(PlatformMeters.Freshness, Consumer).ShouldNotBeNull();
        freshness.Count.ShouldBe(1, "both records came in one batch");
        freshness.Max.ShouldBe(5.0, "the newest record arrived 5 s before the batch was done");
    }

    [Fact]
    public async Task the_lag_gauge_shows_the_records_a_consumer_has_not_checkpointed()
    {
        await _log.AppendAsync(Enumerable.Range(0, 4).Select(i => TestEvents.Listen("u1", $"t{i}", minute: i)).ToList(), CancellationToken.None);
        var handler = new ProfileAggregatorHandler(_profiles, _catalog);
        var sampler = new ConsumerLagSampler([handler], _log, _metrics.Instruments, Options.Create(_options), NullLogger<ConsumerLagSampler>.Instance);

        await sampler.SampleAsync([Consumer], CancellationToken.None);
        _metrics.Summary.Gauge(PlatformMeters.ConsumerLag).ShouldBe(new Dictionary<string, double> { [Consumer] = 4 });

        await DrainAsync();
        await sampler.SampleAsync([Consumer], CancellationToken.None);
        _metrics.Summary.Gauge(PlatformMeters.ConsumerLag).ShouldBe(new Dictionary<string, double> { [Consumer] = 0 });
    }

    public async ValueTask DisposeAsync()
    {
        _metrics.Dispose();
        await _log.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
