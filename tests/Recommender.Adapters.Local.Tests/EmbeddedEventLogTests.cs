using Recommender.Adapters.Local.Streaming;
using Recommender.Contracts;
using Recommender.Core.Events;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Local.Tests;

public sealed class EmbeddedEventLogTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private EmbeddedEventLog Open(EmbeddedStreamOptions? options = null, TimeProvider? time = null) =>
        new(_directory.File("stream.db"), options ?? new EmbeddedStreamOptions(), time);

    [Fact]
    public async Task acknowledged_events_survive_a_restart()
    {
        var events = Enumerable.Range(0, 1000).Select(i => TestEvents.Listen($"user-{i % 37}", $"t{i}", minute: i)).ToList();
        await using (var log = Open())
        {
            foreach (var chunk in events.Chunk(100))
                (await log.AppendAsync(chunk, CancellationToken.None)).Appended.ShouldBe(chunk.Length);
            await log.CheckpointAsync("reader", "shardId-000000000000", "1", CancellationToken.None);
        }

        await using var reopened = Open();
        var ids = new List<string>();
        foreach (var shard in await reopened.ListShardsAsync(CancellationToken.None))
            ids.AddRange((await reopened.ReadAsync("fresh", shard, 10_000, CancellationToken.None)).Select(r => EventJson.Deserialize(r.Data.Span).EventId));

        ids.Order().ShouldBe(events.Select(e => e.EventId).Order());
        (await reopened.GetLagAsync("reader", CancellationToken.None))!.Value.ShouldBeLessThan(1000);
    }

    [Fact]
    public async Task an_event_id_already_on_the_stream_is_not_appended_again()
    {
        await using var log = Open();
        var batch = Enumerable.Range(0, 5).Select(i => TestEvents.Listen("u", $"t{i}", minute: i)).ToList();
        await log.AppendAsync(batch, CancellationToken.None);

        var again = await log.AppendAsync([.. batch.Take(2), TestEvents.Listen("u", "new")], CancellationToken.None);

        again.ShouldBe(new AppendResult(1, 2));
        (await log.GetLagAsync("c", CancellationToken.None)).ShouldBe(6);
    }

    [Fact]
    public async Task records_older_than_the_retention_are_trimmed()
    {
        var time = new ManualTime(TestEvents.Start);
        await using var log = Open(new EmbeddedStreamOptions { Retention = TimeSpan.FromHours(1) }, time);
        await log.AppendAsync([TestEvents.Listen("u", "old")], CancellationToken.None);
        time.Now = TestEvents.Start.AddHours(2);

        await log.AppendAsync([TestEvents.Listen("u", "new")], CancellationToken.None);
        await log.AppendAsync([TestEvents.Listen("u", "newer")], CancellationToken.None);

        var left = new List<string>();
        foreach (var shard in await log.ListShardsAsync(CancellationToken.None))
            left.AddRange((await log.ReadAsync("c", shard, 100, CancellationToken.None)).Select(r => EventJson.Deserialize(r.Data.Span).TrackId));
        left.ShouldBe(["new", "newer"], ignoreOrder: true);
    }

    [Fact]
    public async Task concurrent_appends_all_commit()
    {
        await using var log = Open();
        var tasks = Enumerable.Range(0, 40).Select(b => Task.Run(() =>
            log.AppendAsync(Enumerable.Range(0, 50).Select(i => TestEvents.Listen($"u{b}", $"t{i}", minute: i)).ToList(), CancellationToken.None)));

        var results = await Task.WhenAll(tasks);

        results.Sum(r => r.Appended).ShouldBe(2000);
        (await log.GetLagAsync("c", CancellationToken.None)).ShouldBe(2000);
    }

    [Fact]
    public async Task a_full_stream_answers_unavailable_instead_of_queueing()
    {
        await using var log = Open(new EmbeddedStreamOptions { MaxPendingAppends = 1 });
        var batches = Enumerable.Range(0, 200).Select(b =>
            Enumerable.Range(0, 200).Select(i => TestEvents.Listen($"u{b}", $"t{i}", minute: i)).ToList()).ToList();

        var outcomes = await Task.WhenAll(batches.Select(async batch =>
        {
            try { await log.AppendAsync(batch, CancellationToken.None); return "ok"; }
            catch (StreamUnavailableException e) { e.RetryAfter.ShouldBeGreaterThan(TimeSpan.Zero); return "full"; }
        }));

        outcomes.ShouldContain("full");
        outcomes.ShouldContain("ok");
        (await log.GetLagAsync("c", CancellationToken.None)).ShouldBe(outcomes.Count(o => o == "ok") * 200);
    }

    public void Dispose() => _directory.Dispose();

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
