using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Kinesis;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.Core.Events;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Aws.Tests.Kinesis;

[Collection(StreamPeers.Name)]
public sealed class KinesisStreamTests(StreamPeersFixture peers) : IAsyncLifetime
{
    private readonly string _stream = AwsServices.UniqueName("events");
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = AwsServices.Build(new()
        {
            ["Aws:CreateMissingResources"] = "true",
            ["Aws:Kinesis:ServiceUrl"] = peers.Kinesis.Url.ToString(),
            ["Aws:Kinesis:StreamName"] = _stream,
            ["Aws:Kinesis:ShardCount"] = "3",
            ["Aws:DynamoDb:ServiceUrl"] = peers.DynamoDb.Url.ToString(),
        });
        await AwsServices.StartAsync(_services);
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    private IEventStream Stream => _services.GetRequiredService<IEventStream>();
    private IStreamReader Reader => _services.GetRequiredService<IStreamReader>();

    [Fact]
    public async Task the_stream_has_the_shards_it_was_created_with()
    {
        (await Reader.ListShardsAsync(default)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task a_batch_larger_than_one_put_records_call_arrives_whole_and_in_order_per_user()
    {
        var events = TestEvents.Many(users: 40, perUser: 30); // 1,200 events: three PutRecords calls
        (await Stream.AppendAsync(events, default)).ShouldBe(new AppendResult(1200, 0));

        var read = await ReadAllAsync("reader-a");
        read.Count.ShouldBe(1200);
        var decoded = read.Select(r => (r.PartitionKey, Event: EventJson.Deserialize(r.Data.Span))).ToList();
        decoded.ShouldAllBe(d => d.PartitionKey == d.Event.UserId);
        foreach (var user in decoded.GroupBy(d => d.Event.UserId))
            user.Select(d => d.Event.EventId).ShouldBe(Enumerable.Range(0, 30).Select(n => $"{user.Key}-e{n}"));
        // a user's events share one shard: the partition key is the user id
        read.GroupBy(r => r.PartitionKey).ShouldAllBe(g => g.Select(r => r.ShardId).Distinct().Count() == 1);
    }

    [Fact]
    public async Task a_consumers_time_behind_the_stream_is_known_from_its_reads_and_unknown_before()
    {
        await Stream.AppendAsync(Enumerable.Range(0, 5).Select(n => TestEvents.Play("lagging", n)).ToList(), default);
        (await Reader.GetTimeBehindAsync("lag-probe", default)).ShouldBeNull();

        await ReadAllAsync("lag-probe");

        // GetRecords carries MillisBehindLatest; read to the head, the consumer is not behind (kinesalite reports 0 there)
        (await Reader.GetTimeBehindAsync("lag-probe", default)).ShouldBe(TimeSpan.Zero);
        (await Reader.GetTimeBehindAsync("never-read", default)).ShouldBeNull();
    }

    [Fact]
    public async Task records_not_checkpointed_are_read_again_and_checkpointed_ones_are_not()
    {
        await Stream.AppendAsync(Enumerable.Range(0, 10).Select(n => TestEvents.Play("solo", n)).ToList(), default);
        var shard = (await ShardsWithRecordsAsync("probe")).Single();

        var first = await Reader.ReadAsync("hot-path", shard, 4, default);
        first.Count.ShouldBe(4);
        (await Reader.ReadAsync("hot-path", shard, 4, default)).Select(r => r.SequenceNumber).ShouldBe(first.Select(r => r.SequenceNumber));

        await Reader.CheckpointAsync("hot-path", shard, first[^1].SequenceNumber, default);
        var second = await Reader.ReadAsync("hot-path", shard, 100, default);
        second.Count.ShouldBe(6);
        SequenceNumbers.Compare(second[0].SequenceNumber, first[^1].SequenceNumber).ShouldBeGreaterThan(0);

        // another consumer has its own checkpoint
        (await Reader.ReadAsync("archive", shard, 100, default)).Count.ShouldBe(10);
    }

    [Fact]
    public async Task a_new_reader_resumes_from_the_stored_checkpoint()
    {
        await Stream.AppendAsync(Enumerable.Range(0, 5).Select(n => TestEvents.Play("restart", n)).ToList(), default);
        var shard = (await ShardsWithRecordsAsync("probe")).Single();
        var read = await Reader.ReadAsync("profiles", shard, 3, default);
        await Reader.CheckpointAsync("profiles", shard, read[^1].SequenceNumber, default);

        await using var restarted = AwsServices.Build(new()
        {
            ["Aws:Kinesis:ServiceUrl"] = peers.Kinesis.Url.ToString(),
            ["Aws:Kinesis:StreamName"] = _stream,
            ["Aws:DynamoDb:ServiceUrl"] = peers.DynamoDb.Url.ToString(),
        });
        var rest = await restarted.GetRequiredService<IStreamReader>().ReadAsync("profiles", shard, 100, default);
        rest.Select(r => EventJson.Deserialize(r.Data.Span).EventId).ShouldBe(["restart-e3", "restart-e4"]);
    }

    [Fact]
    public async Task appending_to_a_missing_stream_reports_the_stream_unavailable()
    {
        await using var services = AwsServices.Build(new()
        {
            ["Aws:Kinesis:ServiceUrl"] = peers.Kinesis.Url.ToString(),
            ["Aws:Kinesis:StreamName"] = "no-such-stream",
        });
        var e = await Should.ThrowAsync<StreamUnavailableException>(
            () => services.GetRequiredService<IEventStream>().AppendAsync([TestEvents.Play("u", 1)], default));
        e.Message.ShouldContain("ResourceNotFoundException");
    }

    [Fact]
    public void chunks_hold_at_most_500_records_and_5_mib()
    {
        var small = Enumerable.Range(0, 1001).Select(i => new PutRecordsRequestEntry(new byte[100], $"u{i}")).ToList();
        KinesisEventStream.Chunks(small).Select(c => c.Count).ShouldBe([500, 500, 1]);

        var big = Enumerable.Range(0, 12).Select(i => new PutRecordsRequestEntry(new byte[1_000_000], "user")).ToList();
        var chunks = KinesisEventStream.Chunks(big).ToList();
        chunks.Select(c => c.Count).ShouldBe([5, 5, 2]);
        chunks.ShouldAllBe(c => c.Sum(e => e.Data.Length + e.PartitionKey.Length) <= KinesisEventStream.MaxBytesPerCall);
    }

    private async Task<List<StreamRecord>> ReadAllAsync(string consumer)
    {
        var all = new List<StreamRecord>();
        foreach (var shard in await Reader.ListShardsAsync(default))
        {
            while (true)
            {
                var batch = await Reader.ReadAsync(consumer, shard, 250, default);
                if (batch.Count == 0) break;
                all.AddRange(batch);
                await Reader.CheckpointAsync(consumer, shard, batch[^1].SequenceNumber, default);
            }
        }
        return all;
    }

    private async Task<List<string>> ShardsWithRecordsAsync(string consumer)
    {
        var shards = new List<string>();
        foreach (var shard in await Reader.ListShardsAsync(default))
            if ((await Reader.ReadAsync(consumer, shard, 1, default)).Count > 0) shards.Add(shard);
        return shards;
    }
}
