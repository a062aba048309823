using Recommender.Core.Events;
using Recommender.Core.Streaming;

namespace Recommender.Contracts;

/// <summary>What every event stream (embedded log, Kinesis) must do. Subclass with a fixture that makes a fresh stream.</summary>
public abstract class EventStreamContract
{
    /// <summary>A new, empty stream (or one whose other contents the test cannot see: it uses unique users and consumers).</summary>
    protected abstract Task<(IEventStream Stream, IStreamReader Reader)> CreateStreamAsync();

    private static async Task<List<StreamRecord>> ReadAllAsync(IStreamReader reader, string consumer)
    {
        var all = new List<StreamRecord>();
        foreach (var shard in await reader.ListShardsAsync(CancellationToken.None))
        {
            while (true)
            {
                var batch = await reader.ReadAsync(consumer, shard, 100, CancellationToken.None);
                if (batch.Count == 0) break;
                all.AddRange(batch);
                await reader.CheckpointAsync(consumer, shard, batch[^1].SequenceNumber, CancellationToken.None);
            }
        }
        return all;
    }

    [Fact]
    public async Task appended_events_are_read_back_with_their_data()
    {
        var (stream, reader) = await CreateStreamAsync();
        var user = TestEvents.Unique("u");
        var events = Enumerable.Range(0, 20).Select(i => TestEvents.Listen(user, $"t{i}", minute: i)).ToList();

        var result = await stream.AppendAsync(events, CancellationToken.None);

        result.Appended.ShouldBe(20);
        var read = (await ReadAllAsync(reader, TestEvents.Unique("c"))).Where(r => r.PartitionKey == user).ToList();
        read.Select(r => EventJson.Deserialize(r.Data.Span).EventId).ShouldBe(events.Select(e => e.EventId));
    }

    [Fact]
    public async Task one_users_events_stay_in_one_shard_in_order()
    {
        var (stream, reader) = await CreateStreamAsync();
        var users = Enumerable.Range(0, 8).Select(_ => TestEvents.Unique("u")).ToList();
        var events = Enumerable.Range(0, 80).Select(i => TestEvents.Listen(users[i % 8], $"t{i}", minute: i)).ToList();
        await stream.AppendAsync(events, CancellationToken.None);

        var read = await ReadAllAsync(reader, TestEvents.Unique("c"));

        foreach (var user in users)
        {
            var mine = read.Where(r => r.PartitionKey == user).ToList();
            mine.Select(r => r.ShardId).Distinct().Count().ShouldBe(1);
            mine.Select(r => EventJson.Deserialize(r.Data.Span).TrackId)
                .ShouldBe(events.Where(e => e.UserId == user).Select(e => e.TrackId));
            for (var i = 1; i < mine.Count; i++)
                SequenceNumbers.Compare(mine[i - 1].SequenceNumber, mine[i].SequenceNumber).ShouldBeLessThan(0);
        }
    }

    [Fact]
    public async Task a_checkpoint_moves_only_its_own_consumer()
    {
        var (stream, reader) = await CreateStreamAsync();
        var user = TestEvents.Unique("u");
        await stream.AppendAsync([TestEvents.Listen(user, "a"), TestEvents.Listen(user, "b", minute: 1)], CancellationToken.None);
        var first = TestEvents.Unique("c");
        var second = TestEvents.Unique("c");

        (await ReadAllAsync(reader, first)).Count(r => r.PartitionKey == user).ShouldBe(2);

        (await ReadAllAsync(reader, first)).Count(r => r.PartitionKey == user).ShouldBe(0);
        (await ReadAllAsync(reader, second)).Count(r => r.PartitionKey == user).ShouldBe(2);
    }

    [Fact]
    public async Task reading_resumes_after_the_checkpoint_and_respects_the_batch_size()
    {
        var (stream, reader) = await CreateStreamAsync();
        var user = TestEvents.Unique("u");
        await stream.AppendAsync(Enumerable.Range(0, 10).Select(i => TestEvents.Listen(user, $"t{i}", minute: i)).ToList(), CancellationToken.None);
        var consumer = TestEvents.Unique("c");
        string? shardOfUser = null;
        foreach (var shard in await reader.ListShardsAsync(CancellationToken.None))
        {
            var probe = await reader.ReadAsync(consumer, shard, 1000, CancellationToken.None);
            if (probe.Any(r => r.PartitionKey == user)) shardOfUser = shard;
        }
        shardOfUser.ShouldNotBeNull();

        var firstPage = await ReadUserPageAsync(reader, consumer, shardOfUser, user, 4);
        firstPage.Count.ShouldBe(4);
        await reader.CheckpointAsync(consumer, shardOfUser, firstPage[^1].SequenceNumber, CancellationToken.None);
        var rest = await ReadUserPageAsync(reader, consumer, shardOfUser, user, 100);

        rest.Select(r => EventJson.Deserialize(r.Data.Span).TrackId).ShouldBe(Enumerable.Range(4, 6).Select(i => $"t{i}"));
    }

    [Fact]
    public async Task lag_counts_what_the_consumer_has_not_checkpointed()
    {
        var (stream, reader) = await CreateStreamAsync();
        var consumer = TestEvents.Unique("c");
        var before = await reader.GetLagAsync(consumer, CancellationToken.None);
        if (before is null) return; // a stream that cannot count its lag says so with null
        var user = TestEvents.Unique("u");
        await stream.AppendAsync([TestEvents.Listen(user, "a"), TestEvents.Listen(user, "b", minute: 1)], CancellationToken.None);

        (await reader.GetLagAsync(consumer, CancellationToken.None)).ShouldBe(before + 2);
        await ReadAllAsync(reader, consumer);
        (await reader.GetLagAsync(consumer, CancellationToken.None)).ShouldBe(0);
    }

    /// <summary>Reads pages of one shard until it has <paramref name="count"/> records of the user (other tests' records may share the shard).</summary>
    private static async Task<List<StreamRecord>> ReadUserPageAsync(IStreamReader reader, string consumer, string shard, string user, int count)
    {
        var batch = await reader.ReadAsync(consumer, shard, 1000, CancellationToken.None);
        return batch.Where(r => r.PartitionKey == user).Take(count).ToList();
    }
}
