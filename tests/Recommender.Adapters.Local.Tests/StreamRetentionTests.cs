using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Recommender.Adapters.Local.Profiles;
using Recommender.Adapters.Local.Streaming;
using Recommender.Contracts;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Local.Tests;

/// <summary>The retention never trims a record a consumer has not read without saying so.</summary>
public sealed class StreamRetentionTests : IDisposable
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new(TestEvents.Start);
    private readonly CollectingLogger _logger = new();

    private EmbeddedEventLog Open(long maxHeld = 1_000) =>
        new(_directory.File("stream.db"), new EmbeddedStreamOptions { Retention = Retention, ShardCount = 1, MaxHeldRecords = maxHeld },
            _clock, TimeSpan.FromDays(3), _logger);

    [Fact]
    public async Task records_a_consumer_has_not_read_outlive_the_retention()
    {
        await using var log = Open();
        await log.AppendAsync(Enumerable.Range(0, 4).Select(i => TestEvents.Listen("u", $"t{i}")).ToList(), CancellationToken.None);
        var shard = (await log.ListShardsAsync(CancellationToken.None)).Single();
        var all = await log.ReadAsync("fast", shard, 10, CancellationToken.None);
        await log.CheckpointAsync("fast", shard, all[^1].SequenceNumber, CancellationToken.None);
        await log.CheckpointAsync("slow", shard, all[1].SequenceNumber, CancellationToken.None);

        _clock.Advance(Retention + TimeSpan.FromMinutes(5));
        await log.AppendAsync([TestEvents.Listen("u", "later")], CancellationToken.None);

        (await log.ReadAsync("slow", shard, 10, CancellationToken.None)).Select(r => r.SequenceNumber)
            .ShouldBe([all[2].SequenceNumber, all[3].SequenceNumber, "5"], "what slow has not read is kept; what both read is trimmed");
        (await log.ReadAsync(TestEvents.Unique("new"), shard, 10, CancellationToken.None)).Count.ShouldBe(3);
        (await log.RetentionLossesAsync(CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task once_every_consumer_has_read_them_old_records_go()
    {
        await using var log = Open();
        await log.AppendAsync(Enumerable.Range(0, 3).Select(i => TestEvents.Listen("u", $"t{i}")).ToList(), CancellationToken.None);
        var shard = (await log.ListShardsAsync(CancellationToken.None)).Single();
        await log.CheckpointAsync("only", shard, "3", CancellationToken.None);

        _clock.Advance(Retention + TimeSpan.FromMinutes(5));
        await log.AppendAsync([TestEvents.Listen("u", "later")], CancellationToken.None);

        (await log.ReadAsync(TestEvents.Unique("new"), shard, 10, CancellationToken.None)).Select(r => r.SequenceNumber).ShouldBe(["4"]);
    }

    [Fact]
    public async Task past_the_size_limit_unread_records_are_trimmed_counted_logged_and_reported()
    {
        await using var log = Open(maxHeld: 2);
        await log.AppendAsync(Enumerable.Range(0, 5).Select(i => TestEvents.Listen("u", $"t{i}")).ToList(), CancellationToken.None);
        var shard = (await log.ListShardsAsync(CancellationToken.None)).Single();
        await log.CheckpointAsync("behind", shard, "1", CancellationToken.None);
        await log.CheckpointAsync("ahead", shard, "4", CancellationToken.None);

        _clock.Advance(Retention + TimeSpan.FromMinutes(5));
        await log.AppendAsync([TestEvents.Listen("u", "later")], CancellationToken.None);

        // records 2-5 are past the retention and unread by "behind"; 2 may be held, so 2 and 3 go: both unread by it, none by "ahead"
        (await log.ReadAsync("behind", shard, 10, CancellationToken.None)).Select(r => r.SequenceNumber).ShouldBe(["4", "5", "6"]);
        var loss = (await log.RetentionLossesAsync(CancellationToken.None)).ShouldHaveSingleItem();
        (loss.Consumer, loss.Records, loss.LastLostAt).ShouldBe(("behind", 2L, _clock.GetUtcNow()));
        _logger.Warnings.ShouldContain(w => w.Contains("trimmed 2 records that consumer behind had not read"));
        var health = await new LocalHealthCheck(log, new SqliteProfileStore(_directory.File("profiles.db")), _clock)
            .CheckHealthAsync(new HealthCheckContext(), CancellationToken.None);
        health.Status.ShouldBe(HealthStatus.Degraded);
        health.Description!.ShouldContain("behind lost 2");

        _clock.Advance(TimeSpan.FromDays(1));
        (await new LocalHealthCheck(log, new SqliteProfileStore(_directory.File("profiles.db")), _clock)
            .CheckHealthAsync(new HealthCheckContext(), CancellationToken.None)).Status.ShouldBe(HealthStatus.Healthy, "a day later the alert clears; the count stays");
        (await log.RetentionLossesAsync(CancellationToken.None)).Single().Records.ShouldBe(2);
    }

    public void Dispose() => _directory.Dispose();

    private sealed class CollectingLogger : ILogger
    {
        private readonly List<string> _warnings = [];

        public IReadOnlyList<string> Warnings
        {
            get { lock (_warnings) return _warnings.ToList(); }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning) lock (_warnings) _warnings.Add(formatter(state, exception));
        }
    }
}
